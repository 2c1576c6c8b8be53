"""Person names and free text: letters of every script, sane lengths, never silent truncation.

Free text keeps every character a person writes (letters, digits, punctuation, ₸ € №, maths,
© ° §) and loses emoji, which the akimat's records and the printer do not keep.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from kiosk.errors import ValidationError
from kiosk.i18n import N_, Message

NAME_MIN_LETTERS = 2
NAME_MAX_LENGTH = 100

#: What the citizen is told when :func:`clean_free_text` removed emoji from what they typed.
EMOJI_REMOVED = N_("Pictures (emoji) are not saved: the kiosk keeps only letters, numbers and "
                   "signs.")

_NAME_JOINERS = "-'’ "
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_SPACES = re.compile(r"\s+")


def normalize_name(raw: str, field: str = "name") -> str:
    """Return a cleaned full name (spaces folded, apostrophes unified) or raise.

    Allowed: letters of every script (Ә Ғ Қ Ң Ө Ұ Ү Һ І, Ў Ҳ Җ, é ü ...), accents on them,
    hyphen, apostrophe, spaces.

    :raises ValidationError: with rule ``empty``, ``characters``, ``too_short``,
        ``too_long`` or ``punctuation``.
    """
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", _CONTROL.sub("", raw))).strip() \
        .translate(_APOSTROPHES)
    if not text:
        raise ValidationError(field, "empty", N_("Enter your full name."))
    if remove_emoji(text).emoji_removed:
        raise ValidationError(field, "characters",
                              N_("A name is written in letters only; remove the pictures (emoji)."))
    for index, ch in enumerate(text):
        if not _is_name_letter(text, index) and ch not in _NAME_JOINERS:
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
    if sum(unicodedata.category(ch).startswith("L") for ch in text) < NAME_MIN_LETTERS:
        raise ValidationError(field, "too_short", N_("The name is too short."))
    if text[0] in "-'" or text[-1] in "-'" or re.search(r"[-' ]{2,}", text.replace("' ", "'")):
        raise ValidationError(
            field,
            "punctuation",
            N_("A hyphen or apostrophe must stand between letters."),
        )
    return text


def _is_name_letter(text: str, index: int) -> bool:
    """A letter, or an accent (combining mark) on a letter."""
    if text[index] in _INVISIBLE_LETTERS:
        return False
    category = unicodedata.category(text[index])
    if category.startswith("L"):
        return True
    return category.startswith("M") and index > 0 and _is_name_letter(text, index - 1)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
                      r"\ud800-\udfff]")  # lone surrogates cannot even be stored
#: Hangul fillers: letters by category, blank on screen and paper (a "name" of two of them).
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


class Cleaned(NamedTuple):
    """Text after cleaning, and whether emoji were removed from it (to tell the citizen)."""

    text: str
    emoji_removed: bool


def clean_free_text(raw: str, *, field: str, max_length: int,
                    required: bool = True) -> Cleaned:
    """Return free text without emoji and control characters, line ends unified, or raise.

    The one cleaning of everything a citizen types that is stored (appeal topic and text,
    booking topic, rating comment, address). The limit applies to what is kept; text longer
    than ``max_length`` is an error that says by how much — never cut.

    :raises ValidationError: with rule ``empty`` (also when only emoji were typed: the
        message names the field) or ``too_long``.
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text, removed = remove_emoji(text)
    text = text.replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
    text = text.strip()
    if not text:
        if not required:
            return Cleaned("", removed)
        if removed:
            raise ValidationError(
                field,
                "empty",
                N_("{field}: there are only pictures (emoji) here, and they cannot be kept. "
                   "Please write it in words.", field=_field_name(field)),
            )
        raise ValidationError(field, "empty", N_("This field cannot be empty."))
    if len(text) > max_length:
        raise ValidationError(
            field,
            "too_long",
            N_("The text is {count} characters long; the limit is {limit}. "
               "Shorten it by {excess}.",
               count=len(text), limit=max_length, excess=len(text) - max_length),
        )
    return Cleaned(text, removed)


def clean_text(raw: str, *, field: str, max_length: int, required: bool = True) -> str:
    """:func:`clean_free_text` for callers that need only the text.

    :raises ValidationError: with rule ``empty`` or ``too_long``.
    """
    return clean_free_text(raw, field=field, max_length=max_length, required=required).text


#: Required free-text fields, as the citizen sees them (for messages that name the field).
_FIELD_NAMES: dict[str, Message] = {
    "topic": N_("Topic"),
    "text": N_("Your appeal"),
}


def _field_name(field: str) -> Message:
    """The field as the citizen sees it."""
    return _FIELD_NAMES.get(field) or N_("This field")


# -- emoji ------------------------------------------------------------------------------
# Python's unicodedata has no emoji properties, so the tables below come from Unicode's
# emoji-data.txt (Emoji 15.1). The pictograph blocks of plane 1 are matched by category
# instead, so emoji newer than this Python's Unicode tables (unassigned to it) go too.

#: Emoji outside the Supplementary Multilingual Plane: every Emoji_Presentation character
#: (drawn as a picture by default), and every emoji in Miscellaneous Symbols and Dingbats
#: (☀ ☎ ♥ ✈ ✔ ❤: pictures even when drawn as text). Text-style emoji that are ordinary
#: written symbols stay: © ® ™ ‼ ⁉ ℹ, arrows ↔ ⬅ ⤴, ▪ ▶ ◻, 〰 〽 ㊗, and the digits.
_BMP_EMOJI_RANGES = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2600, 0x2604), (0x260E, 0x260E), (0x2611, 0x2611), (0x2614, 0x2615), (0x2618, 0x2618),
    (0x261D, 0x261D), (0x2620, 0x2620), (0x2622, 0x2623), (0x2626, 0x2626), (0x262A, 0x262A),
    (0x262E, 0x262F), (0x2638, 0x263A), (0x2640, 0x2640), (0x2642, 0x2642), (0x2648, 0x2653),
    (0x265F, 0x2660), (0x2663, 0x2663), (0x2665, 0x2666), (0x2668, 0x2668), (0x267B, 0x267B),
    (0x267E, 0x267F), (0x2692, 0x2697), (0x2699, 0x2699), (0x269B, 0x269C), (0x26A0, 0x26A1),
    (0x26A7, 0x26A7), (0x26AA, 0x26AB), (0x26B0, 0x26B1), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
    (0x26C8, 0x26C8), (0x26CE, 0x26CF), (0x26D1, 0x26D1), (0x26D3, 0x26D4), (0x26E9, 0x26EA),
    (0x26F0, 0x26F5), (0x26F7, 0x26FA), (0x26FD, 0x26FD),
    (0x2702, 0x2702), (0x2705, 0x2705), (0x2708, 0x270D), (0x270F, 0x270F), (0x2712, 0x2712),
    (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728),
    (0x2733, 0x2734), (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E),
    (0x2753, 0x2755), (0x2757, 0x2757), (0x2763, 0x2764), (0x2795, 0x2797), (0x27A1, 0x27A1),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
)
_BMP_EMOJI = frozenset(chr(c) for lo, hi in _BMP_EMOJI_RANGES for c in range(lo, hi + 1))
#: Mahjong .. Symbols and Pictographs Extended-A: emoji, flags (regional indicators), skin
#: tones, and the code points Unicode keeps free there for future emoji.
_PICTOGRAPH_PLANE = (0x1F000, 0x1FAFF)
_PICTOGRAPH_CATEGORIES = frozenset({"So", "Sk", "Cn"})
_RESERVED_FOR_EMOJI = (0x1FC00, 0x1FFFD)
_KEYCAP = re.compile("[#*0-9][\ufe0e\ufe0f]?\u20e3")
_ZWJ = "\u200d"
_SELECTORS = "\ufe0e\ufe0f"
_TAGS = (0xE0000, 0xE007F)
_CLOSING = frozenset(".,!?;:…)]}»”")


def is_pictograph(ch: str) -> bool:
    """Whether one character is an emoji picture (not a letter, digit or written symbol)."""
    cp = ord(ch)
    if _PICTOGRAPH_PLANE[0] <= cp <= _PICTOGRAPH_PLANE[1]:
        return unicodedata.category(ch) in _PICTOGRAPH_CATEGORIES
    if _RESERVED_FOR_EMOJI[0] <= cp <= _RESERVED_FOR_EMOJI[1]:
        return unicodedata.category(ch) == "Cn"
    return ch in _BMP_EMOJI


def remove_emoji(text: str) -> Cleaned:
    """Remove emoji with every part of their sequences; keep everything a person writes.

    Gone: pictographs (😀 ☀ ❤ 🫨), skin tones, flags (🇰🇿, 🏴 with its tag characters),
    keycaps (1️⃣), and the joiners (U+200D) and presentation selectors (U+FE0E/U+FE0F) of emoji
    sequences. A space left doubled by a removal is folded. ``emoji_removed`` is true when
    something visible went (a lone selector is invisible).
    """
    out: list[str] = []
    removed = False
    after_emoji = False  # the last character seen was (part of) a removed emoji
    index = 0
    while index < len(text):
        keycap = _KEYCAP.match(text, index)
        if keycap is not None or is_pictograph(text[index]):
            index = keycap.end() if keycap is not None else index + 1
            removed = after_emoji = True
            if out and out[-1] == _ZWJ:
                out.pop()  # a joiner in front of an emoji belongs to its sequence
            continue
        ch = text[index]
        index += 1
        if ch in _SELECTORS or _TAGS[0] <= ord(ch) <= _TAGS[1]:
            continue  # only emoji sequences use them; invisible anywhere else
        if after_emoji and (ch == _ZWJ or (ch in " \t" and (not out or out[-1] in " \t\n"))):
            continue  # the joiner to the next emoji; a space doubled by the removal
        if after_emoji and (ch == "\n" or ch in _CLOSING):
            _drop_trailing_spaces(out)  # "a 😀\nb" -> "a\nb", "a 😀!" -> "a!"
        after_emoji = False
        out.append(ch)
    if after_emoji:
        _drop_trailing_spaces(out)
    return Cleaned("".join(out), removed)


def _drop_trailing_spaces(out: list[str]) -> None:
    """Drop the spaces at the end of ``out`` (in place)."""
    while out and out[-1] in " \t":
        out.pop()
