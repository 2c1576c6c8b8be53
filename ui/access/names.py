"""Words for controls whose text is only a sign, for the voice (key-only navigation speaks
each control it reaches; "⌫" must be heard as "Delete").

:data:`SYMBOL_NAMES` maps a sign (a whole key label, or the sign that starts a button's
text such as "← Back") to an English msgid of the translation catalogue; translate it with
the language state's ``t`` when speaking. Every key of :mod:`ui.keyboard` that is not a
letter or a digit has an entry (a test checks every layout).
"""

from __future__ import annotations


def _t(msgid: str) -> str:
    """Mark ``msgid`` for the catalogue (it is translated when spoken)."""
    return msgid


SYMBOL_NAMES: dict[str, str] = {
    # On-screen keyboard: function keys.
    "⌫": _t("Delete"),
    "␣": _t("Space"),
    "⇧": _t("Capital letter"),
    "↵": _t("Enter"),
    "123": _t("Digits"),
    "АБВ": _t("Letters"),
    "АӘБ": _t("Letters"),
    "ABC": _t("Letters"),
    # The keyboard's layout keys and the header's language buttons.
    "ҚАЗ": _t("Kazakh"),
    "РУС": _t("Russian"),
    "ENG": _t("English"),
    # Punctuation keys.
    ",": _t("Comma"),
    ".": _t("Full stop"),
    "'": _t("Apostrophe"),
    "-": _t("Hyphen"),
    "+": _t("Plus"),
    "/": _t("Slash"),
    "?": _t("Question mark"),
    "!": _t("Exclamation mark"),
    "(": _t("Opening bracket"),
    ")": _t("Closing bracket"),
    '"': _t("Quotation mark"),
    ":": _t("Colon"),
    "№": _t("Number sign"),
    # Signs on buttons elsewhere (the field's clear button, the header's toggles, the footer).
    "×": _t("Clear"),
    "←": _t("Back"),
    "⌂": _t("Home"),
    "A+": _t("Larger text"),
    "◐": _t("Contrast"),
    "♫": _t("Sound"),
    "☐": _t("Not ticked"),
    "☑": _t("Ticked"),
}


def symbol_name(text: str) -> str | None:
    """The msgid naming ``text`` when it is a sign alone (a key label), else None."""
    return SYMBOL_NAMES.get(text.strip())
