"""What came out of the emulated printer: rows of cells, images and QR codes → PNG and text."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from printers.glyphs import (
    CELL_HEIGHT,
    CELL_WIDTH,
    KAZAKH_LETTERS,
    Glyph,
    draw_glyph,
    half_glyph,
    half_glyphs,
    kazakh_glyphs,
)
from printers.raster import qr_matrix

Bitmap = list[list[bool]]
LINE_GAP = 6  # dots between text lines (default line spacing 30 dots for 24-dot text)
UNKNOWN = "\ufffd"
_CANDIDATES = ("".join(chr(c) for c in range(0x21, 0x7F)) + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
               "абвгдеёжзийклмнопрстуфхцчшщъыьэюя№«»—…")


_EXTRA_CANDIDATES = "".join(chr(c) for c in (*range(0xA1, 0x180), *range(0x400, 0x530)) if
                            c != 0xAD) + "₸€₽№–—‘’“”„…•"


def _add(known: dict[tuple[int, ...], tuple[str, ...]], rows: tuple[int, ...],
         char: str) -> None:
    if char not in known.get(rows, ()):
        known[rows] = (*known.get(rows, ()), char)


@functools.cache
def _known_bitmaps() -> dict[tuple[int, ...], tuple[str, ...]]:
    """Every 12x24 glyph we send or draw, with each character it may be."""
    known: dict[tuple[int, ...], tuple[str, ...]] = {}
    for char in _CANDIDATES + _EXTRA_CANDIDATES:
        _add(known, draw_glyph(char).rows, char)
    for char, glyph in kazakh_glyphs().items():
        known[glyph.rows] = (char,)  # our own table: exactly this letter
    known[draw_glyph(" ").rows] = (" ",)
    return known


@functools.cache
def _known_half_bitmaps() -> dict[tuple[int, ...], tuple[str, ...]]:
    """Raster lines' 6x12 letters as printed (2x2): every character a bitmap may be."""
    known: dict[tuple[int, ...], tuple[str, ...]] = {}
    for char, rows in half_glyphs().items():
        _add(known, Glyph.from_half(char, rows).rows, char)
    for char in _EXTRA_CANDIDATES:
        _add(known, Glyph.from_half(char, half_glyph(char)).rows, char)
    return known


def recognize(rows: tuple[int, ...]) -> str:
    """The character whose 12x24 glyph is exactly ``rows`` (Kazakh table or font), else U+FFFD."""
    options = _known_bitmaps().get(rows)
    return sorted(options, key=_commonness)[-1] if options else UNKNOWN


def candidates(rows: tuple[int, ...]) -> tuple[str, ...]:
    """Every character whose glyph (12x24, or 6x12 printed 2x2) is exactly ``rows``."""
    return _known_bitmaps().get(rows) or _known_half_bitmaps().get(rows) or (UNKNOWN,)


def _recognize_cells(cells: list[tuple[int, ...]]) -> str:
    return resolve([candidates(rows) for rows in cells])


def resolve(choices: list[tuple[str, ...]]) -> str:
    """A line of cells: where letters of two scripts look alike (Latin C and Cyrillic С,
    Ä and Ӓ), the one in the script of the other letters of the word is read."""
    line_script = _script("".join(c[0] for c in choices if len(c) == 1))
    out = []
    for index, options in enumerate(choices):
        if len(options) == 1:
            out.append(options[0])
            continue
        start = index
        while start > 0 and choices[start - 1][0] != " ":
            start -= 1
        end = index
        while end < len(choices) and choices[end][0] != " ":
            end += 1
        word = "".join(c[0] for c in choices[start:end] if len(c) == 1)
        script = _script(word) or line_script
        by_commonness = sorted(options, key=_commonness)
        fitting = [ch for ch in by_commonness if _script(ch) == script]
        out.append((fitting or by_commonness)[0])
    return "".join(out)


def _commonness(char: str) -> tuple[int, int]:
    """ASCII first, then Kazakh and Russian letters, then the rest (ө before fita ѳ)."""
    if char.isascii():
        return (0, ord(char))
    if char in KAZAKH_LETTERS or "\u0410" <= char <= "\u0451":
        return (1, ord(char))
    return (2, ord(char))


def _script(text: str) -> str:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u052f")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cyrillic == latin:
        return "" if not cyrillic else "cyrillic"
    return "cyrillic" if cyrillic > latin else "latin"


def recognize_bitmap(bitmap: Bitmap, lead: int | None = None) -> str:
    """Read text drawn at any scale from our glyphs (what our encoder rasterises).

    A raster line may leave out blank rows above and below its ink (the paper is fed
    instead): ``lead``, the dots fed just before the image, says how many; without it each
    way of putting them back is tried. The reading with the fewest unknown cells wins. A
    cell no font draws (an emoji) reads as U+FFFD.
    """
    height = len(bitmap)
    width = len(bitmap[0]) if bitmap else 0
    best = ""
    for scale_h in range(1, 9):
        missing = CELL_HEIGHT * scale_h - height
        if missing < 0 or missing % scale_h:
            continue
        tops = range(0, missing + 1, scale_h) if lead is None else \
            ([lead] if lead <= missing else [])
        for top in tops:
            padded = [[False] * width] * top + list(bitmap) + [[False] * width] * (missing - top)
            for text in _read_cells(padded, width, scale_h):
                if not best or text.count(UNKNOWN) < best.count(UNKNOWN):
                    best = text
                if best and UNKNOWN not in best:
                    return best
    return best if best and best.count(UNKNOWN) * 2 < len(best) else ""


def _read_cells(bitmap: Bitmap, width: int, scale_h: int) -> Iterator[str]:
    for scale_w in range(1, 9):
        count = width // (CELL_WIDTH * scale_w)
        used = count * CELL_WIDTH * scale_w
        padding_blank = not any(row[x] for row in bitmap for x in range(used, width))
        if not count or width - used >= 16 or not padding_blank:  # byte padding only
            continue
        cells = []
        for start in range(0, count * CELL_WIDTH * scale_w, CELL_WIDTH * scale_w):
            rows = []
            for y in range(CELL_HEIGHT):
                row = bitmap[y * scale_h]
                value = 0
                for x in range(CELL_WIDTH):
                    if row[start + x * scale_w]:
                        value |= 1 << (CELL_WIDTH - 1 - x)
                rows.append(value)
            cells.append(tuple(rows))
        text = _recognize_cells(cells).rstrip()
        if text.strip():
            yield text


@dataclass
class Cell:
    """One character position: what it says (for the text dump) and how it looks."""

    text: str
    glyph: Glyph
    width: int = 1
    height: int = 1
    #: For a drawn glyph (downloaded, bit image): every character it may be.
    candidates: tuple[str, ...] = ()


@dataclass
class TextRow:
    """A printed line of cells (characters, downloaded glyphs, inline bit images)."""

    cells: list[Cell]
    align: int

    @property
    def height(self) -> int:
        """Dots from the top of the line to the bottom of its tallest cell."""
        return max([CELL_HEIGHT * c.height for c in self.cells] + [CELL_HEIGHT])


@dataclass
class ImageRow:
    """A raster image block (``GS v 0``)."""

    bitmap: Bitmap
    align: int
    #: Dots fed by ``ESC J`` right before the image: where a raster line's ink starts.
    lead: int | None = None

    @property
    def text(self) -> str:
        """The text the image shows, when it is text drawn from our glyphs."""
        return recognize_bitmap(self.bitmap, self.lead)


@dataclass
class QrRow:
    """A native QR symbol."""

    data: str
    module: int
    align: int


@dataclass
class FeedRow:
    """Blank paper; ``exact`` when fed by ``ESC J`` (dots), not by lines."""

    dots: int
    exact: bool = False


Row = TextRow | ImageRow | QrRow | FeedRow


@dataclass
class Receipt:
    """Everything between two cuts (or job ends)."""

    rows: list[Row] = field(default_factory=list)
    cut: bool = False

    @property
    def empty(self) -> bool:
        """True when nothing visible was printed."""
        return not any(isinstance(r, TextRow | ImageRow | QrRow) for r in self.rows)

    def text(self) -> str:
        """The receipt as text: each line as read back, images and QR codes described."""
        lines = []
        for row in self.rows:
            if isinstance(row, TextRow):
                lines.append(resolve([cell.candidates or (cell.text,)
                                      for cell in row.cells]).rstrip())
            elif isinstance(row, ImageRow):
                text = row.text
                lines.append(text if text else f"[image {len(row.bitmap[0])}x{len(row.bitmap)}]")
            elif isinstance(row, QrRow):
                lines.append(f"[QR {row.data}]")
        return "\n".join(lines) + "\n"


def _x(align: int, width: int, paper: int) -> int:
    return {1: (paper - width) // 2, 2: paper - width}.get(align, 0)


def render_png(receipt: Receipt, paper_width: int, path: Path) -> Path:
    """Draw the receipt at 1 dot = 1 pixel on white paper and save it as PNG."""
    height = sum(_row_height(r) for r in receipt.rows) + 40
    margin = 16
    image = Image.new("L", (paper_width + 2 * margin, height + 2 * margin), 235)
    draw = ImageDraw.Draw(image)
    draw.rectangle((margin, margin, margin + paper_width - 1, margin + height - 1), fill=255)
    y = margin + 20
    for row in receipt.rows:
        if isinstance(row, TextRow):
            _draw_text_row(image, row, margin, y, paper_width)
        elif isinstance(row, ImageRow):
            width = len(row.bitmap[0]) if row.bitmap else 0
            _blit(image, row.bitmap, margin + max(0, _x(row.align, width, paper_width)), y)
        elif isinstance(row, QrRow):
            matrix = qr_matrix(row.data)
            bitmap = [[c for c in line for _ in range(row.module)]
                      for line in matrix for _ in range(row.module)]
            _blit(image, bitmap, margin + max(0, _x(row.align, len(bitmap[0]), paper_width)), y)
        y += _row_height(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def _row_height(row: Row) -> int:
    if isinstance(row, TextRow):
        return row.height + LINE_GAP
    if isinstance(row, ImageRow):
        return len(row.bitmap)
    if isinstance(row, QrRow):
        return len(qr_matrix(row.data)) * row.module
    return row.dots


def _draw_text_row(image: Image.Image, row: TextRow, left: int, top: int, paper: int) -> None:
    width = sum(CELL_WIDTH * c.width for c in row.cells)
    x = left + max(0, _x(row.align, width, paper))
    for cell in row.cells:
        bitmap = [[cell.glyph.dot(gx, gy) for gx in range(CELL_WIDTH) for _ in range(cell.width)]
                  for gy in range(CELL_HEIGHT) for _ in range(cell.height)]
        _blit(image, bitmap, x, top + row.height - CELL_HEIGHT * cell.height)
        x += CELL_WIDTH * cell.width


def _blit(image: Image.Image, bitmap: Bitmap, left: int, top: int) -> None:
    pixels = image.load()
    if pixels is None:
        raise RuntimeError("Pillow returned no pixel access")
    width, height = image.size
    for dy, line in enumerate(bitmap):
        for dx, black in enumerate(line):
            if black and 0 <= left + dx < width and 0 <= top + dy < height:
                pixels[left + dx, top + dy] = 0
