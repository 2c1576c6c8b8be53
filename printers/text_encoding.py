"""Text to bytes for a profile: the cheapest *correct* way to put kk/ru/en on paper.

Per profile, in order of preference:

* ``codepage`` — a code page with every Kazakh letter (KZ-1048, PT154): one byte each.
* ``user_defined`` — a Cyrillic page for Russian, and the Kazakh letters it lacks
  downloaded once per job as user-defined characters (``ESC &``); ``ESC % 1`` / ``ESC % 0``
  switch to them only around those letters.
* ``bit_image`` — a Cyrillic page for Russian, and only the letters no page has sent as
  inline 24-dot bit images (``ESC * 33``) in the same line.
* ``raster`` — what every ESC/POS printer has: a Cyrillic page for the lines it can
  print, and each line with a letter it lacks sent as one ``GS v 0`` image at half scale
  in quadruple mode (:func:`printers.raster.raster_line`).

Any character the page lacks — a Kazakh letter, ₸, é, Ў — goes by the cheapest image
the profile has (``ESC &``, else ``ESC *``, else a raster line), whatever the strategy
for Kazakh is: never a ``?``, never a look-alike, never a refused job. Typographic
punctuation a page lacks is written the way a typewriter would (— as -).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from printers import commands
from printers.glyphs import KAZAKH_LETTERS, glyph
from printers.profiles import CODECS, KAZAKH_PAGES, PrinterProfile
from printers.raster import raster_line

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
    RASTER = "raster"


def strategy_for(profile: PrinterProfile) -> Strategy:
    """The cheapest correct strategy the profile supports for Kazakh."""
    if profile.text_page in KAZAKH_PAGES:
        return Strategy.CODEPAGE
    return image_method(profile)


def image_method(profile: PrinterProfile) -> Strategy:
    """How the profile draws a character its page lacks: the cheapest image it has."""
    if profile.user_defined_chars:
        return Strategy.USER_DEFINED
    if profile.bit_image:
        return Strategy.BIT_IMAGE
    return Strategy.RASTER


def normalize_punctuation(text: str, codec: str) -> str:
    """Replace typographic punctuation the page cannot print by its plain form; drop
    control and format characters (ESC, GS, DLE in a catalogue text must never reach the
    printer as commands) and turn line and paragraph separators into spaces."""
    out = []
    for char in text:
        if char in PUNCTUATION and not _encodable(char, codec):
            out.append(PUNCTUATION[char])
        elif char == "\n" or char.isprintable():
            out.append(char)
        elif char == "\t" or unicodedata.category(char) in ("Zl", "Zp"):
            out.append(" ")
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
    #: The job's downloaded codes are never printed from the page: ESC % 1 stays on.
    always_on: bool = False

    def __post_init__(self) -> None:
        self.codec = CODECS[self.profile.text_page]
        self.strategy = strategy_for(self.profile)
        self.images = image_method(self.profile)

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` (after punctuation folding) that the page cannot print."""
        folded = normalize_punctuation(text, self.codec)
        return [ch for ch in dict.fromkeys(folded) if ch != "\n" and not _encodable(ch, self.codec)]

    def prepare(self, texts: list[str]) -> bytes:
        """Bytes to send once at the start of the job: the code page and any downloaded glyphs."""
        setup = commands.select_code_page(self.profile.code_pages[self.profile.text_page])
        if self.images is not Strategy.USER_DEFINED:
            return setup
        needed: list[str] = []
        for text in texts:
            needed.extend(ch for ch in self.missing(text) if ch not in needed)
        if not needed:
            return setup
        # Codes no line of this job prints from the page can stay switched on for the whole
        # job: one ESC % 1 instead of ESC % 1 / ESC % 0 around every run of letters.
        used = {byte for text in texts for ch in normalize_punctuation(text, self.codec)
                if _encodable(ch, self.codec) for byte in ch.encode(self.codec)}
        free = [code for code in range(FIRST_USER_CODE, _LAST_USER_CODE + 1) if code not in used]
        if len(needed) <= len(free):
            self.codes = dict(zip(needed, free, strict=False))
            self.always_on = True
            return setup + define_glyphs(self.codes) + commands.user_characters(True)
        self.codes = _assign_codes(needed)
        return setup + define_glyphs(self.codes)

    def needs_raster(self, text: str, scaled: bool) -> bool:
        """True when the line must go as one raster image (see :meth:`raster`)."""
        missing = self.missing(text)
        if not missing:
            return False
        if self.images is Strategy.RASTER:
            return True
        if self.images is Strategy.BIT_IMAGE:
            return scaled  # ESC * images do not scale with GS !
        return any(ch not in self.codes for ch in missing)  # more than ESC & can hold

    def raster(self, text: str, width: int, height: int) -> bytes:
        """The line as one raster image: 6x12 letters in quadruple mode, the size of the
        printer's own font (an ``ESC *`` profile's scaled lines too: their 12x24 images
        cost four times the bytes for the same letters)."""
        folded = normalize_punctuation(text, self.codec)
        # No bold: a 6-dot letter made a dot heavier runs its strokes together (ы as ш).
        return raster_line(folded.rstrip(), width, height)

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
        if self.images is Strategy.USER_DEFINED:
            codes = bytes(self.codes[ch] for ch in run)
            if self.always_on:
                return codes
            return commands.user_characters(True) + codes + commands.user_characters(False)
        if self.images is Strategy.BIT_IMAGE:
            columns = b"".join(glyph(ch).columns() for ch in run)
            return commands.bit_image_24([columns[i:i + 3] for i in range(0, len(columns), 3)])
        raise ValueError(f"{run!r}: a line with characters code page {self.codec} lacks "
                         "must be sent as a raster line (needs_raster)")


def _assign_codes(chars: list[str]) -> dict[str, int]:
    """Kazakh letters get fixed codes 0x21..0x32; other characters follow from 0x33.

    Characters past the last code get none: their lines go as raster images.
    """
    codes: dict[str, int] = {}
    next_code = FIRST_USER_CODE + len(KAZAKH_LETTERS)
    for char in chars:
        if char in KAZAKH_LETTERS:
            codes[char] = FIRST_USER_CODE + KAZAKH_LETTERS.index(char)
        elif next_code <= _LAST_USER_CODE:
            codes[char] = next_code
            next_code += 1
    return codes


def define_glyphs(codes: dict[str, int]) -> bytes:
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
