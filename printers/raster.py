"""Bitmaps as ESC/POS raster data: QR codes (qrcode library) and text drawn from glyphs."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from printers import commands
from printers.glyphs import HALF_HEIGHT, HALF_WIDTH, half_glyph

Bitmap = Sequence[Sequence[bool]]


def pack_rows(bitmap: Bitmap) -> tuple[int, list[bytes]]:
    """Pack a bitmap (rows of booleans, True = black) into raster rows; returns (width, rows)."""
    width = max((len(row) for row in bitmap), default=0)
    row_bytes = (width + 7) // 8
    packed = []
    for row in bitmap:
        value = bytearray(row_bytes)
        for x, black in enumerate(row):
            if black:
                value[x >> 3] |= 0x80 >> (x & 7)
        packed.append(bytes(value))
    return width, packed


def qr_text(data: str) -> str:
    """``data`` as ASCII for a QR code: an address's host in IDNA (``.қаз`` → ``.XN--80AO21A``),
    anything else non-ASCII percent-encoded (UTF-8), so any printer's QR command takes it."""
    if data.isascii():
        return data
    parts = urllib.parse.urlsplit(data)
    if parts.scheme and parts.hostname:
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            host = urllib.parse.quote(parts.hostname, safe="")
        netloc = host + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
        data = urllib.parse.urlunsplit(parts)
    return urllib.parse.quote(data, safe=":/?#[]@!$&'()*+,;=%")


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules for ``data`` (error correction M, no quiet zone: the paper gives it)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_raster(data: str, module: int) -> bytes:
    """``GS v 0`` for a QR code with ``module`` dots per module.

    An even module size is sent at half scale in quadruple mode: the same squares on
    paper for a quarter of the bytes (the QR's modules are squares, so nothing is lost).
    """
    double = module % 2 == 0
    step = module // 2 if double else module
    bitmap = [[cell for cell in row for _ in range(step)]
              for row in qr_matrix(data) for _ in range(step)]
    width, rows = pack_rows(bitmap)
    return commands.raster_image(width, rows, double=double)


#: Dots of paper between text lines (the default 30-dot line spacing for 24-dot text).
LINE_GAP = 6


def half_text_bitmap(text: str, width: int = 1, height: int = 1,
                     bold: bool = False) -> list[list[bool]]:
    """``text`` from the 6x12 glyphs, each dot scaled ``width`` x ``height``."""
    glyphs = [half_glyph(ch, bold) for ch in text]
    bitmap = []
    for y in range(HALF_HEIGHT):
        row = [bool(g[y] >> (HALF_WIDTH - 1 - x) & 1) for g in glyphs
               for x in range(HALF_WIDTH) for _ in range(width)]
        bitmap.extend([row] * height)
    return bitmap


def raster_line(text: str, width: int = 1, height: int = 1, bold: bool = False) -> bytes:
    """A whole text line as ``GS v 0`` in quadruple mode, taking the paper a text line takes.

    Letters come from the 6x12 table and print 2x2, the size of the printer's 12x24 font,
    for a quarter of the bytes. Blank rows above and below the ink are not sent: the
    paper is fed past them (``ESC J``), so the line still takes ``24 * height`` dots plus
    the usual gap. The feed before the image is sent even when it is 0 dots: it says
    where the ink starts (ү is not Y one row lower).
    """
    bitmap = half_text_bitmap(text, width, height, bold)
    inked = [y for y, row in enumerate(bitmap) if any(row)]
    if not inked:
        return commands.feed_dots(2 * len(bitmap) + LINE_GAP)
    top, bottom = inked[0], len(bitmap) - 1 - inked[-1]
    dots, rows = pack_rows(bitmap[top:len(bitmap) - bottom])
    return commands.feed_dots(2 * top, exact=True) + \
        commands.raster_image(dots, rows, double=True) + commands.feed_dots(2 * bottom + LINE_GAP)
