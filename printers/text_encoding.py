"""Text to bytes for a profile: the cheapest *correct* way to put kk/ru/en on paper.

Per profile, in order of preference:

* ``codepage`` — a code page with every letter (KZ-1048): one byte per character.
* ``user_defined`` — a Cyrillic page for Russian, and the Kazakh letters it lacks
  downloaded once per job as user-defined characters (``ESC &``); ``ESC % 1`` / ``ESC % 0``
  switch to them only around those letters.
* ``bit_image`` — a Cyrillic page for Russian, and only the letters no page has sent as
  inline 24-dot bit images (``ESC * 33``) in the same line.

Never a ``?`` and never a look-alike: a character the page lacks is drawn, not replaced.
Typographic punctuation a page lacks is written the way a typewriter would (— as -).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from printers import commands
from printers.glyphs import KAZAKH_LETTERS, glyph
from printers.profiles import CODECS, PrinterProfile

#: Punctuation a page may lack, and its plain form (not letters: no look-alike problem).
PUNCTUATION = {"—": "-", "–": "-", "‑": "-", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
               "‘": "'", "’": "'", "…": "...", "\u00a0": " ", "\u2009": " ", "•": "*"}
#: First code used for downloaded glyphs; the 18 Kazakh letters take 0x21..0x32 in a fixed order.
FIRST_USER_CODE = 0x21
_LAST_USER_CODE = 0x7E


class Strategy(StrEnum):
    """How letters missing from the code page are printed."""

    CODEPAGE = "codepage"
    USER_DEFINED = "user_defined"
    BIT_IMAGE = "bit_image"


def strategy_for(profile: PrinterProfile) -> Strategy:
    """The cheapest correct strategy the profile supports."""
    if profile.text_page == "kz1048":
        return Strategy.CODEPAGE
    if profile.user_defined_chars:
        return Strategy.USER_DEFINED
    return Strategy.BIT_IMAGE


def normalize_punctuation(text: str, codec: str) -> str:
    """Replace typographic punctuation the page cannot print by its plain form."""
    out = []
    for char in text:
        if char in PUNCTUATION and not _encodable(char, codec):
            out.append(PUNCTUATION[char])
        else:
            out.append(char)
    return "".join(out)


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class TextEncoder:
    """Encodes the lines of one job; remembers which glyphs the job downloaded."""

    profile: PrinterProfile
    codes: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.codec = CODECS[self.profile.text_page]
        self.strategy = strategy_for(self.profile)

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` (after punctuation folding) that the page cannot print."""
        folded = normalize_punctuation(text, self.codec)
        return [ch for ch in dict.fromkeys(folded) if ch != "\n" and not _encodable(ch, self.codec)]

    def prepare(self, texts: list[str]) -> bytes:
        """Bytes to send once at the start of the job: the code page and any downloaded glyphs."""
        setup = commands.select_code_page(self.profile.code_pages[self.profile.text_page])
        if self.strategy is not Strategy.USER_DEFINED:
            return setup
        needed: list[str] = []
        for text in texts:
            needed.extend(ch for ch in self.missing(text) if ch not in needed)
        self.codes = _assign_codes(needed)
        return setup + _define(self.codes)

    def needs_raster(self, text: str, scaled: bool) -> bool:
        """True when a scaled line has letters only an image can show (bit-image strategy)."""
        return self.strategy is Strategy.BIT_IMAGE and scaled and bool(self.missing(text))

    def encode(self, text: str) -> bytes:
        """One line's text as bytes for the printer (no line feed)."""
        folded = normalize_punctuation(text, self.codec)
        out = bytearray()
        run = ""
        for char in folded:
            if _encodable(char, self.codec):
                if run:
                    out += self._special(run)
                    run = ""
                out += char.encode(self.codec)
            else:
                run += char
        if run:
            out += self._special(run)
        return bytes(out)

    def _special(self, run: str) -> bytes:
        if self.strategy is Strategy.USER_DEFINED:
            codes = bytes(self.codes[ch] for ch in run)
            return commands.user_characters(True) + codes + commands.user_characters(False)
        if self.strategy is Strategy.BIT_IMAGE:
            columns = b"".join(glyph(ch).columns() for ch in run)
            return commands.bit_image_24([columns[i:i + 3] for i in range(0, len(columns), 3)])
        raise ValueError(f"{run!r} cannot be printed with code page {self.codec}")


def _assign_codes(chars: list[str]) -> dict[str, int]:
    """Kazakh letters get fixed codes 0x21..0x32; other characters follow from 0x33."""
    codes: dict[str, int] = {}
    next_code = FIRST_USER_CODE + len(KAZAKH_LETTERS)
    for char in chars:
        if char in KAZAKH_LETTERS:
            codes[char] = FIRST_USER_CODE + KAZAKH_LETTERS.index(char)
        else:
            if next_code > _LAST_USER_CODE:
                raise ValueError("too many different characters to download in one job")
            codes[char] = next_code
            next_code += 1
    return codes


def _define(codes: dict[str, int]) -> bytes:
    """``ESC &`` commands for the assigned codes, one per run of consecutive codes."""
    by_code = sorted((code, char) for char, code in codes.items())
    out = b""
    index = 0
    while index < len(by_code):
        start = index
        while index + 1 < len(by_code) and by_code[index + 1][0] == by_code[index][0] + 1:
            index += 1
        run = by_code[start:index + 1]
        out += commands.define_user_characters(
            run[0][0], [(12, glyph(char).columns()) for _, char in run])
        index += 1
    return out
