"""Laid-out receipt → ESC/POS bytes for one printer profile (pure; golden-byte testable)."""

from __future__ import annotations

from printers import commands
from printers.document import Align, Document
from printers.layout import Blank, Layout, Line, QrCode, lay_out
from printers.profiles import PrinterProfile
from printers.raster import qr_raster, qr_text
from printers.text_encoding import TextEncoder, normalize_punctuation

_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
#: Blank dots above and below a QR so its quiet zone is on paper (4 modules).
QR_QUIET_LINES = 1


def render_document(document: Document, profile: PrinterProfile) -> bytes:
    """Lay ``document`` out for the profile's paper and encode it."""
    codec = TextEncoder(profile).codec
    return render(lay_out(document, profile.columns_font_a,
                          lambda text: normalize_punctuation(text, codec)), profile)


def render(layout: Layout, profile: PrinterProfile) -> bytes:
    """Encode a laid-out receipt for ``profile``; modes are sent only when they change."""
    encoder = TextEncoder(profile)
    texts = [item.text for item in layout.items if isinstance(item, Line)]
    out = bytearray(commands.initialize())
    out += encoder.prepare(texts)
    state = {"align": 0, "bold": False, "size": (1, 1)}

    def set_mode(align: int, bold: bool, size: tuple[int, int]) -> None:
        if state["align"] != align:
            out.extend(commands.align(align))
            state["align"] = align
        if state["bold"] != bold:
            out.extend(commands.bold(bold))
            state["bold"] = bold
        if state["size"] != size:
            out.extend(commands.character_size(*size))
            state["size"] = size

    for item in layout.items:
        if isinstance(item, Line):
            scaled = (item.width, item.height) != (1, 1)
            if encoder.needs_raster(item.text, scaled):
                set_mode(_ALIGN[item.align], False, (1, 1))
                out += encoder.raster(item.text, item.width, item.height)
                continue
            set_mode(_ALIGN[item.align], item.bold, (item.width, item.height))
            out += encoder.encode(item.text.rstrip() if item.align is not Align.LEFT
                                  else item.text) + commands.line_feed()
        elif isinstance(item, QrCode):
            set_mode(1, False, (1, 1))
            out += commands.feed_lines(QR_QUIET_LINES)
            data = qr_text(item.data)
            if profile.native_qr:
                out += commands.native_qr(data.encode("ascii"), item.module)
            else:
                out += qr_raster(data, item.module)
            out += commands.feed_lines(QR_QUIET_LINES)
        elif isinstance(item, Blank):
            out += commands.feed_lines(item.lines)
    set_mode(0, False, (1, 1))
    if layout.cut:
        if profile.cutter:
            out += commands.cut(partial=True, feed=profile.feed_before_cut * 24)
        else:
            out += commands.feed_lines(profile.feed_before_cut)
    return bytes(out)
