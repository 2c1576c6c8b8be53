"""The print engine of the emulated printer: executes commands into a :class:`Receipt`.

It decodes text with the *hardware model's* code pages (by the ``ESC t`` slot numbers),
prints downloaded glyphs while ``ESC % 1`` is on, draws bit images and native QR codes —
so a wrong byte comes out as a wrong glyph, as on paper. A command the model lacks is
ignored or printed as text, as that hardware does (:mod:`printers.emulator.model`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from printers.emulator.model import HardwareModel, Unsupported
from printers.emulator.paper import (
    Cell,
    FeedRow,
    ImageRow,
    QrRow,
    Receipt,
    TextRow,
    candidates,
    recognize,
)
from printers.emulator.tokens import Token
from printers.glyphs import CELL_WIDTH, Glyph, draw_glyph
from printers.profiles import CODECS, PrinterProfile

logger = logging.getLogger(__name__)


@dataclass
class Mode:
    """Print modes that ``ESC @`` resets."""

    codec: str = "cp437"
    bold: bool = False
    width: int = 1
    height: int = 1
    align: int = 0
    user_chars: bool = False


@dataclass
class Engine:
    """Executes tokens; collects finished receipts."""

    profile: PrinterProfile
    model: HardwareModel | None = None
    mode: Mode = field(default_factory=Mode)
    user_glyphs: dict[int, Glyph] = field(default_factory=dict)
    receipt: Receipt = field(default_factory=Receipt)
    line: list[Cell] = field(default_factory=list)
    line_align: int | None = None
    finished: list[Receipt] = field(default_factory=list)
    qr_data: bytes = b""
    qr_module: int = 3

    def __post_init__(self) -> None:
        if self.model is None:
            self.model = HardwareModel.matching(self.profile)
        self.hardware: HardwareModel = self.model
        self._slots = dict(self.hardware.code_pages)
        self.mode = self._fresh_mode()

    def _fresh_mode(self) -> Mode:
        default = self._slots.get(0, "cp437")
        return Mode(codec=CODECS[default])

    def supports(self, name: str) -> bool:
        """Whether the hardware has the command ``name`` (a token name)."""
        lacking = {
            "ESC &": not self.hardware.user_defined_chars,
            "ESC %": not self.hardware.user_defined_chars,
            "ESC *": not self.hardware.bit_image,
            "GS ( k": not self.hardware.native_qr,
            "GS V": not self.hardware.cutter,
        }
        return not lacking.get(name, False)

    def execute(self, token: Token) -> None:
        """Run one (non-real-time) token."""
        handlers = {
            "text": self._text, "LF": self._line_feed, "HT": self._tab,
            "ESC @": self._initialize, "ESC t": self._code_page, "ESC E": self._bold,
            "ESC a": self._align, "ESC !": self._print_mode, "GS !": self._character_size,
            "ESC %": self._user_chars_switch, "ESC &": self._define_user_chars,
            "ESC d": self._feed_lines, "ESC J": self._feed_dots, "GS V": self._cut,
            "ESC *": self._bit_image, "GS v 0": self._raster, "GS ( k": self._qr,
        }
        handler = handlers.get(token.name)
        if not self.supports(token.name):
            self._unsupported(token)
            return
        if handler is None:
            logger.debug("ignored %s %s", token.name, token.params.hex())
            return
        handler(token)

    def _unsupported(self, token: Token) -> None:
        """A command this hardware lacks: skipped, or (cheap firmware) its bytes as text."""
        logger.debug("hardware %s lacks %s", self.hardware.id, token.name)
        if self.hardware.unsupported is Unsupported.IGNORE or token.name == "GS V":
            return  # a printer without a cutter ignores the cut everywhere
        for byte in token.params + token.data:
            if byte == 0x0A:
                self._flush_line(force=True)
            elif byte >= 0x20:
                self._text(Token("text", data=bytes([byte])))

    def end_job(self) -> None:
        """``GS r 1`` reached: a job without a cut still ends its receipt."""
        self._flush_line(force=False)
        self._finish(cut=False)

    def clear_buffers(self) -> None:
        """``DLE DC4 8``: drop what is not printed yet; paper already printed is torn off."""
        self.line = []
        self.line_align = None
        self._finish(cut=False)
        self.mode = self._fresh_mode()
        self.user_glyphs = {}

    # -- text --------------------------------------------------------------------------
    def _text(self, token: Token) -> None:
        for byte in token.data:
            if self.mode.user_chars and byte in self.user_glyphs:
                glyph = self.user_glyphs[byte]
                self._cell(recognize(glyph.rows), glyph, candidates(glyph.rows))
            else:
                char = bytes([byte]).decode(self.mode.codec, errors="replace")
                self._cell(char, draw_glyph(char, self.mode.bold))

    def _cell(self, text: str, glyph: Glyph, options: tuple[str, ...] = ()) -> None:
        used = sum(CELL_WIDTH * cell.width for cell in self.line)
        if self.line and used + CELL_WIDTH * self.mode.width > self.profile.paper_width_dots:
            self._flush_line(force=True)  # the printer wraps a line wider than the paper
        if self.line_align is None:
            self.line_align = self.mode.align
        self.line.append(Cell(text, glyph, self.mode.width, self.mode.height, options))

    def _line_feed(self, token: Token) -> None:
        self._flush_line(force=True)

    def _tab(self, token: Token) -> None:
        self._cell(" ", draw_glyph(" "))

    def _flush_line(self, force: bool) -> None:
        if self.line or force:
            align = self.line_align if self.line_align is not None else self.mode.align
            self.receipt.rows.append(TextRow(self.line, align))
        self.line = []
        self.line_align = None

    # -- modes -------------------------------------------------------------------------
    def _initialize(self, token: Token) -> None:
        self._flush_line(force=False)
        self.mode = self._fresh_mode()
        self.user_glyphs = {}

    def _code_page(self, token: Token) -> None:
        name = self._slots.get(token.params[0])
        if name is None:
            logger.info("ESC t %d: slot not on %s; the page stays %s", token.params[0],
                           self.hardware.id, self.mode.codec)
            return
        self.mode.codec = CODECS[name]

    def _bold(self, token: Token) -> None:
        self.mode.bold = bool(token.params[0] & 1)

    def _align(self, token: Token) -> None:
        self.mode.align = token.params[0] % 3 if token.params[0] < 48 else token.params[0] - 48

    def _print_mode(self, token: Token) -> None:
        value = token.params[0]
        self.mode.bold = bool(value & 0x08)
        self.mode.height = 2 if value & 0x10 else 1
        self.mode.width = 2 if value & 0x20 else 1

    def _character_size(self, token: Token) -> None:
        value = token.params[0]
        self.mode.width = min(8, (value >> 4) + 1)
        self.mode.height = min(8, (value & 0x0F) + 1)

    def _user_chars_switch(self, token: Token) -> None:
        self.mode.user_chars = bool(token.params[0] & 1)

    def _define_user_chars(self, token: Token) -> None:
        height, first, last = token.params
        pos = 0
        for code in range(first, last + 1):
            width = token.data[pos]
            data = token.data[pos + 1:pos + 1 + height * width]
            pos += 1 + height * width
            if height == 3:
                self.user_glyphs[code] = Glyph.from_columns("", data)

    # -- paper movement ----------------------------------------------------------------
    def _feed_lines(self, token: Token) -> None:
        self._flush_line(force=False)
        self.receipt.rows.append(FeedRow(30 * token.params[0]))

    def _feed_dots(self, token: Token) -> None:
        self._flush_line(force=False)
        self.receipt.rows.append(FeedRow(token.params[0], exact=True))

    def _cut(self, token: Token) -> None:
        self._flush_line(force=False)
        if len(token.params) > 1:
            self.receipt.rows.append(FeedRow(token.params[1]))
        self._finish(cut=True)

    def _finish(self, cut: bool) -> None:
        if not self.receipt.empty:
            self.receipt.cut = cut
            self.finished.append(self.receipt)
        self.receipt = Receipt()

    # -- images ------------------------------------------------------------------------
    def _bit_image(self, token: Token) -> None:
        mode = token.params[0]
        if mode not in (32, 33):
            logger.warning("ESC * mode %d (8-dot) drawn as blank", mode)
            return
        data = token.data
        for start in range(0, len(data), 3 * CELL_WIDTH):
            glyph = Glyph.from_columns("", data[start:start + 3 * CELL_WIDTH])
            self._cell(recognize(glyph.rows), glyph, candidates(glyph.rows))

    def _raster(self, token: Token) -> None:
        self._flush_line(force=False)
        mode = token.params[1] & 0x03  # bit 0: double width, bit 1: double height
        width_bytes = token.params[2] | token.params[3] << 8
        height = token.params[4] | token.params[5] << 8
        scale_x, scale_y = (2 if mode & 1 else 1), (2 if mode & 2 else 1)
        bitmap = []
        for y in range(height):
            row = token.data[y * width_bytes:(y + 1) * width_bytes]
            dots = [bool(row[x >> 3] & (0x80 >> (x & 7))) for x in range(width_bytes * 8)]
            line = [dot for dot in dots for _ in range(scale_x)]
            bitmap.extend([line] * scale_y)
        previous = self.receipt.rows[-1] if self.receipt.rows else None
        lead = previous.dots if isinstance(previous, FeedRow) and previous.exact else None
        self.receipt.rows.append(ImageRow(bitmap, self.mode.align, lead))

    def _qr(self, token: Token) -> None:
        if len(token.data) < 2 or token.data[0] != 0x31:
            return
        function = token.data[1]
        if function == 0x43:
            self.qr_module = token.data[2]
        elif function == 0x50:
            self.qr_data = token.data[3:]
        elif function == 0x51:
            self._flush_line(force=False)
            self.receipt.rows.append(QrRow(self.qr_data.decode("ascii", errors="replace"),
                                           self.qr_module, self.mode.align))
