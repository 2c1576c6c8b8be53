"""Person names and free text: letters people really use, sane lengths, never silent truncation."""

from __future__ import annotations

import re
import unicodedata

from kiosk.errors import ValidationError
from kiosk.i18n import N_

NAME_MIN_LETTERS = 2
NAME_MAX_LENGTH = 100

_KAZAKH_EXTRA = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
_CYRILLIC = "".join(chr(c) for c in range(0x0410, 0x0450)) + "Ёё" + _KAZAKH_EXTRA
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NAME_LETTERS = frozenset(_CYRILLIC + _LATIN)
_NAME_JOINERS = "-'’ "
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_SPACES = re.compile(r"\s+")


def normalize_name(raw: str, field: str = "name") -> str:
    """Return a cleaned full name (spaces folded, apostrophes unified) or raise.

    Allowed: Cyrillic including Ә Ғ Қ Ң Ө Ұ Ү Һ І, Latin, hyphen, apostrophe, spaces.

    :raises ValidationError: with rule ``empty``, ``characters``, ``too_short``,
        ``too_long`` or ``punctuation``.
    """
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", raw)).strip().translate(_APOSTROPHES)
    if not text:
        raise ValidationError(field, "empty", N_("Enter your full name."))
    for ch in text:
        if ch not in NAME_LETTERS and ch not in _NAME_JOINERS:
            shown = "a digit" if ch.isdigit() else ch
            raise ValidationError(
                field,
                "characters",
                N_("A name has letters, spaces, hyphens and apostrophes only; remove “{char}”.",
                   char=shown),
            )
    if len(text) > NAME_MAX_LENGTH:
        raise ValidationError(
            field,
            "too_long",
            N_("The name is {count} characters long; the limit is {limit}.",
               count=len(text), limit=NAME_MAX_LENGTH),
        )
    if sum(ch in NAME_LETTERS for ch in text) < NAME_MIN_LETTERS:
        raise ValidationError(field, "too_short", N_("The name is too short."))
    if text[0] in "-'" or text[-1] in "-'" or re.search(r"[-' ]{2,}", text.replace("' ", "'")):
        raise ValidationError(
            field,
            "punctuation",
            N_("A hyphen or apostrophe must stand between letters."),
        )
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Return free text with control characters removed and line ends unified, or raise.

    Text longer than ``max_length`` is an error that says by how much — never cut.

    :raises ValidationError: with rule ``empty`` or ``too_long``.
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
    text = text.strip()
    if not text:
        if required:
            raise ValidationError(field, "empty", N_("This field cannot be empty."))
        return ""
    if len(text) > max_length:
        raise ValidationError(
            field,
            "too_long",
            N_("The text is {count} characters long; the limit is {limit}. "
               "Shorten it by {excess}.",
               count=len(text), limit=max_length, excess=len(text) - max_length),
        )
    return text
