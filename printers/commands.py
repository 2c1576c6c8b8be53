"""ESC/POS commands as pure functions returning bytes (Epson's command reference)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

ESC = 0x1B
GS = 0x1D
DLE = 0x10
EOT = 0x04


class QrErrorCorrection(IntEnum):
    """QR error-correction levels as GS ( k function 169 expects them."""

    L = 0x30
    M = 0x31
    Q = 0x32
    H = 0x33


class StatusRequest(IntEnum):
    """The ``n`` of a real-time status request ``DLE EOT n``."""

    PRINTER = 1
    OFFLINE_CAUSE = 2
    ERROR_CAUSE = 3
    PAPER = 4


def initialize() -> bytes:
    """``ESC @``: reset modes and the code page."""
    return bytes([ESC, 0x40])


def select_code_page(slot: int) -> bytes:
    """``ESC t n``: the profile's slot number for a code page."""
    return bytes([ESC, 0x74, _byte(slot)])


def bold(on: bool) -> bytes:
    """``ESC E n``."""
    return bytes([ESC, 0x45, int(on)])


def underline(thickness: int) -> bytes:
    """``ESC - n``: 0 off, 1 thin, 2 thick."""
    if thickness not in (0, 1, 2):
        raise ValueError("underline thickness is 0, 1 or 2")
    return bytes([ESC, 0x2D, thickness])


def character_size(width: int, height: int) -> bytes:
    """``GS ! n``: width and height multipliers 1..8."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size is 1..8 in each direction")
    return bytes([GS, 0x21, ((width - 1) << 4) | (height - 1)])


def select_font(font_b: bool) -> bytes:
    """``ESC M n``: font A (12x24) or B."""
    return bytes([ESC, 0x4D, int(font_b)])


def align(position: int) -> bytes:
    """``ESC a n``: 0 left, 1 centre, 2 right (takes effect at the start of a line)."""
    if position not in (0, 1, 2):
        raise ValueError("alignment is 0, 1 or 2")
    return bytes([ESC, 0x61, position])


def line_feed() -> bytes:
    """``LF``: print the buffer and feed one line."""
    return b"\n"


def feed_lines(count: int) -> bytes:
    """``ESC d n``: print and feed ``count`` lines."""
    return bytes([ESC, 0x64, _byte(count)])


def feed_dots(dots: int, exact: bool = False) -> bytes:
    """``ESC J n``: print the buffer and feed ``dots`` dots (several commands past 255).

    ``exact`` sends ``ESC J 0`` for 0 dots too (a mark where something starts).
    """
    if exact and dots == 0:
        return bytes([ESC, 0x4A, 0])
    out = b""
    while dots > 0:
        out += bytes([ESC, 0x4A, min(dots, 255)])
        dots -= 255
    return out


def cut(partial: bool = False, feed: int = 0) -> bytes:
    """``GS V``: cut, after feeding ``feed`` lines' worth of dots when ``feed`` > 0."""
    if feed:
        return bytes([GS, 0x56, 0x42 if partial else 0x41, _byte(feed)])
    return bytes([GS, 0x56, 0x01 if partial else 0x00])


def qr_model() -> bytes:
    """``GS ( k`` fn 165: QR model 2."""
    return bytes([GS, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])


def qr_module_size(dots: int) -> bytes:
    """``GS ( k`` fn 167: module size in dots (1..16)."""
    if not 1 <= dots <= 16:
        raise ValueError("QR module size is 1..16 dots")
    return bytes([GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, dots])


def qr_error_correction(level: QrErrorCorrection) -> bytes:
    """``GS ( k`` fn 169: error-correction level."""
    return bytes([GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, int(level)])


def qr_store(data: bytes) -> bytes:
    """``GS ( k`` fn 180: store symbol data (ASCII)."""
    length = len(data) + 3
    if length > 7092 + 3:
        raise ValueError("QR data too long")
    return bytes([GS, 0x28, 0x6B, length & 0xFF, length >> 8, 0x31, 0x50, 0x30]) + data


def qr_print() -> bytes:
    """``GS ( k`` fn 181: print the stored symbol."""
    return bytes([GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30])


def native_qr(data: bytes, module: int, level: QrErrorCorrection = QrErrorCorrection.M) -> bytes:
    """The whole native QR sequence: model, size, error correction, store, print."""
    return qr_model() + qr_module_size(module) + qr_error_correction(level) + qr_store(data) + \
        qr_print()


def raster_image(width_dots: int, rows: Sequence[bytes], double: bool = False) -> bytes:
    """``GS v 0``: a raster image, ``rows`` of ceil(width/8) bytes, MSB leftmost, 1 = black.

    With ``double`` (mode 3, quadruple) the printer prints every dot as 2x2 dots: a bitmap
    drawn at half scale then costs a quarter of the bytes for the same size on paper.
    """
    row_bytes = (width_dots + 7) // 8
    if any(len(row) != row_bytes for row in rows):
        raise ValueError(f"every raster row must be {row_bytes} bytes")
    height = len(rows)
    if not (0 < row_bytes <= 0xFFFF and 0 < height <= 0xFFFF):
        raise ValueError("raster image size out of range")
    header = bytes([GS, 0x76, 0x30, 0x03 if double else 0x00, row_bytes & 0xFF, row_bytes >> 8,
                    height & 0xFF, height >> 8])
    return header + b"".join(rows)


def bit_image_24(columns: Sequence[bytes]) -> bytes:
    """``ESC * 33``: an inline 24-dot-tall image, one 3-byte column per dot (prints in the line)."""
    if any(len(column) != 3 for column in columns):
        raise ValueError("every 24-dot column is 3 bytes")
    count = len(columns)
    return bytes([ESC, 0x2A, 33, count & 0xFF, count >> 8]) + b"".join(columns)


def define_user_characters(first: int, glyphs: Sequence[tuple[int, bytes]]) -> bytes:
    """``ESC & 3 c1 c2 [x d...]``: download 24-dot-tall glyphs for codes first.. (column-major).

    Each glyph is ``(width_dots, data)`` with ``data`` = 3 bytes per column.
    """
    last = first + len(glyphs) - 1
    if not (32 <= first <= last <= 126):
        raise ValueError("user-defined character codes are 32..126")
    body = b""
    for width, data in glyphs:
        if len(data) != 3 * width or not 0 <= width <= 12:
            raise ValueError("a font-A glyph is up to 12 columns of 3 bytes")
        body += bytes([width]) + data
    return bytes([ESC, 0x26, 3, first, last]) + body


def user_characters(on: bool) -> bytes:
    """``ESC % n``: print defined codes as the downloaded glyphs (on) or from the page (off)."""
    return bytes([ESC, 0x25, int(on)])


def status_request(kind: StatusRequest) -> bytes:
    """``DLE EOT n``: real-time status, answered at once with one byte."""
    return bytes([DLE, EOT, int(kind)])


def end_of_job_marker() -> bytes:
    """``GS r 1``: the printer answers its paper status after processing everything before it."""
    return bytes([GS, 0x72, 0x01])


def automatic_status_back_off() -> bytes:
    """``GS a 0``: no unprompted status messages (we poll)."""
    return bytes([GS, 0x61, 0x00])


#: ``DLE DC4 8`` answer: the buffers were cleared.
CLEAR_BUFFERS_REPLY = bytes([0x37, 0x25, 0x00])


def clear_buffers() -> bytes:
    """``DLE DC4 8 1 3 20 1 6 2 8``: real-time clear of the receive and print buffers.

    Executed at once, even while a fault stops printing; the printer answers
    :data:`CLEAR_BUFFERS_REPLY` (Epson TM and compatibles).
    """
    return bytes([DLE, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08])


def transmit_printer_id(n: int) -> bytes:
    """``GS I n``: 65 firmware version, 66 maker, 67 model name (answered ``_ text NUL``)."""
    return bytes([GS, 0x49, _byte(n)])


def recover_from_error() -> bytes:
    """``DLE ENQ 2``: recover from a recoverable error and restart printing."""
    return bytes([DLE, 0x05, 0x02])


def _byte(value: int) -> int:
    if not 0 <= value <= 255:
        raise ValueError(f"{value} does not fit in one byte")
    return value
