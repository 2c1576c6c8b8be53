"""12x24-dot glyphs for letters a printer's code pages lack (the 18 Kazakh letters).

The Kazakh glyphs are data (``assets/printers/glyphs-12x24.txt``, drawn once from DejaVu
Sans Mono by ``scripts/make_glyphs.py``), so the bytes we send are the same on every
machine. Any other missing character is drawn from the same font at run time.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.assets import assets_dir

logger = logging.getLogger(__name__)

CELL_WIDTH = 12
CELL_HEIGHT = 24
#: Half-resolution cell for raster lines sent in quadruple mode (each dot printed 2x2).
HALF_WIDTH = 6
HALF_HEIGHT = 12
BASELINE = 19
FONT_SIZE = 20
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


@dataclass(frozen=True)
class Glyph:
    """A character's bitmap: ``rows`` of CELL_WIDTH bits, bit (CELL_WIDTH-1) = leftmost dot."""

    char: str
    rows: tuple[int, ...]

    def dot(self, x: int, y: int) -> bool:
        """True when the dot at column ``x``, row ``y`` is black."""
        return bool(self.rows[y] >> (CELL_WIDTH - 1 - x) & 1)

    def columns(self) -> bytes:
        """Column-major data for ``ESC &`` / ``ESC *``: 3 bytes per column, MSB = top dot."""
        out = bytearray()
        for x in range(CELL_WIDTH):
            for band in range(3):
                value = 0
                for bit in range(8):
                    if self.dot(x, band * 8 + bit):
                        value |= 0x80 >> bit
                out.append(value)
        return bytes(out)

    @classmethod
    def from_columns(cls, char: str, data: bytes) -> Glyph:
        """Rebuild a glyph from column-major data (what a printer receives)."""
        width = len(data) // 3
        rows = [0] * CELL_HEIGHT
        for x in range(min(width, CELL_WIDTH)):
            for band in range(3):
                value = data[3 * x + band]
                for bit in range(8):
                    if value & (0x80 >> bit):
                        rows[band * 8 + bit] |= 1 << (CELL_WIDTH - 1 - x)
        return cls(char, tuple(rows))

    def half(self) -> tuple[int, ...]:
        """The glyph scaled to 6x12 (for characters the 6x12 table lacks, such as ₸).

        Of the four ways to pair up dots (even or odd rows and columns) and three
        thresholds, the one whose 2x2 enlargement differs least from the glyph is kept:
        our glyphs have 2-dot strokes, which one pairing keeps whole.
        """
        def error(candidate: tuple[int, ...]) -> int:
            enlarged = Glyph.from_half(self.char, candidate).rows
            return sum(bin(a ^ b).count("1") for a, b in zip(enlarged, self.rows, strict=True))

        return min((self._paired(dx, dy, threshold) for dx in (0, 1) for dy in (0, 1)
                    for threshold in (1, 2, 3)), key=error)

    def _paired(self, dx: int, dy: int, threshold: int) -> tuple[int, ...]:
        out = []
        for y in range(-dy, CELL_HEIGHT - dy, 2):
            value = 0
            for x in range(-dx, CELL_WIDTH - dx, 2):
                black = sum(self.dot(x + a, y + b) for a in (0, 1) for b in (0, 1)
                            if 0 <= x + a < CELL_WIDTH and 0 <= y + b < CELL_HEIGHT)
                value = value << 1 | (black >= threshold)
            out.append(value)
        return tuple(out)

    def bold(self) -> Glyph:
        """The glyph one dot heavier (each dot doubled to the right), as a printer emboldens."""
        mask = (1 << CELL_WIDTH) - 1
        return Glyph(self.char, tuple((row | row >> 1) & mask for row in self.rows))

    @classmethod
    def from_half(cls, char: str, half: tuple[int, ...]) -> Glyph:
        """A 12x24 glyph whose every dot is a 2x2 block of the half-resolution ``half``."""
        rows = []
        for value in half:
            row = 0
            for x in range(CELL_WIDTH // 2):
                if value >> (CELL_WIDTH // 2 - 1 - x) & 1:
                    row |= 0b11 << (CELL_WIDTH - 2 - 2 * x)
            rows.extend([row, row])
        return cls(char, tuple(rows))

    def art(self) -> list[str]:
        """The bitmap as text rows of ``#`` and ``.``."""
        return ["".join("#" if self.dot(x, y) else "." for x in range(CELL_WIDTH))
                for y in range(CELL_HEIGHT)]


def half_glyph_file() -> Path:
    """The committed 6x12 table (X11 misc-fixed) for raster lines."""
    return assets_dir() / "printers" / "glyphs-6x12.txt"


@functools.cache
def half_glyphs() -> dict[str, tuple[int, ...]]:
    """Every character of the 6x12 table: 12 rows of 6 bits."""
    table: dict[str, tuple[int, ...]] = {}
    for number, line in enumerate(half_glyph_file().read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        code, _, data = line.partition(" ")
        try:
            rows = tuple(bytes.fromhex(data))
            char = chr(int(code, 16))
        except ValueError as exc:
            raise ValueError(f"{half_glyph_file()}:{number}: not 'CODE HEXROWS'") from exc
        if len(rows) != HALF_HEIGHT:
            raise ValueError(f"{half_glyph_file()}:{number}: {len(rows)} rows, not {HALF_HEIGHT}")
        table[char] = rows
    return table


@functools.cache
def half_glyph(char: str, bold: bool = False) -> tuple[int, ...]:
    """``char`` at 6x12: from the misc-fixed table, else scaled down from its 12x24 glyph."""
    rows = half_glyphs().get(char) or glyph(char).half()
    if bold:
        mask = (1 << HALF_WIDTH) - 1
        rows = tuple((row | row >> 1) & mask for row in rows)
    return rows


def glyph_file() -> Path:
    """The committed table of Kazakh glyphs."""
    return assets_dir() / "printers" / "glyphs-12x24.txt"


@functools.cache
def kazakh_glyphs() -> dict[str, Glyph]:
    """The 18 Kazakh letters' glyphs from the committed table."""
    table: dict[str, Glyph] = {}
    char = ""
    rows: list[int] = []
    for line in glyph_file().read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            char = line[2]
            rows = []
        elif line and set(line) <= {"#", "."}:
            rows.append(int(line.replace("#", "1").replace(".", "0"), 2))
            if len(rows) == CELL_HEIGHT:
                table[char] = Glyph(char, tuple(rows))
    missing = set(KAZAKH_LETTERS) - set(table)
    if missing:
        raise ValueError(f"{glyph_file()}: glyphs missing for {''.join(sorted(missing))}")
    return table


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    return ImageFont.truetype(str(assets_dir() / "fonts" / name), FONT_SIZE)


@functools.cache
def draw_glyph(char: str, bold: bool = False) -> Glyph:
    """Draw ``char`` from DejaVu Sans Mono into a 12x24 cell (1 bit, baseline at row 19)."""
    image = Image.new("L", (CELL_WIDTH, CELL_HEIGHT), 0)
    try:
        ImageDraw.Draw(image).text((CELL_WIDTH / 2, BASELINE), char, fill=255,
                                   font=_font(bold), anchor="ms")
    except (RuntimeError, ValueError, OSError) as exc:  # a character the shaper refuses
        logger.warning("cannot draw U+%04X (%s): printed as a blank", ord(char), exc)
    pixels = image.load()
    if pixels is None:
        raise RuntimeError("Pillow returned no pixel access")
    rows = []
    for y in range(CELL_HEIGHT):
        value = 0
        for x in range(CELL_WIDTH):
            level = pixels[x, y]
            if isinstance(level, int) and level >= 128:
                value |= 1 << (CELL_WIDTH - 1 - x)
        rows.append(value)
    return Glyph(char, tuple(rows))


def glyph(char: str) -> Glyph:
    """The glyph for ``char``: the committed table for Kazakh letters, else drawn from the font."""
    return kazakh_glyphs().get(char) or draw_glyph(char)
