"""How much paper an ESC/POS job uses, measured by the emulator's own print engine.

The bytes run through :class:`~printers.emulator.engine.Engine` — the interpreter the
emulated printer uses — and the paper is the sum of its rows: text lines at the line
spacing (the emulator's 30 dots, or what ``ESC 3`` set), raster images by their height,
QR codes, ``ESC d`` / ``ESC J`` feeds and the feed a ``GS V`` cut adds to clear the blade.
So the count agrees with the height of the emulator's picture of the same job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from printers.emulator.engine import Engine
from printers.emulator.paper import FeedRow, Row, TextRow, _row_height
from printers.emulator.tokens import Token, Tokenizer
from printers.profiles import PrinterProfile

logger = logging.getLogger(__name__)

#: Thermal receipt printers print 203 dpi: 8 dots a millimetre.
DOTS_PER_MM = 8.0


def paper_length_mm(data: bytes, profile: PrinterProfile,
                    dots_per_mm: float = DOTS_PER_MM) -> float:
    """Millimetres of paper the printer of ``profile`` feeds for ``data``."""
    engine = _MeasuringEngine(profile)
    tokenizer = Tokenizer()
    for token in tokenizer.feed(data):
        engine.execute(token)
    engine.end_job()
    if tokenizer.pending:
        logger.warning("%d bytes at the end are an unfinished command; not measured",
                       tokenizer.pending)
    return engine.dots / dots_per_mm


@dataclass
class _MeasuringEngine(Engine):
    """The emulator's engine, adding up the paper of every receipt (blank ones too)."""

    dots: int = 0
    spacing: int | None = None  # ESC 3 n; None: the default line spacing
    line_spacing: dict[int, int] = field(default_factory=dict)  # id(TextRow) → ESC 3 value

    def execute(self, token: Token) -> None:
        """Run one token, also keeping the line spacing (which the emulator ignores)."""
        if token.name == "ESC 3":
            self.spacing = token.params[0]
        elif token.name == "ESC 2":
            self.spacing = None
        elif token.name == "ESC d" and self.spacing is not None:
            self._flush_line(force=False)
            self.receipt.rows.append(FeedRow(self.spacing * token.params[0]))
        else:
            super().execute(token)
            if token.name == "ESC @":  # after the pending line is flushed at the old spacing
                self.spacing = None

    def _flush_line(self, force: bool) -> None:
        rows = len(self.receipt.rows)
        super()._flush_line(force)
        if self.spacing is not None and len(self.receipt.rows) > rows:
            self.line_spacing[id(self.receipt.rows[-1])] = self.spacing

    def _finish(self, cut: bool) -> None:
        self.dots += sum(self._height(row) for row in self.receipt.rows)
        self.line_spacing.clear()
        super()._finish(cut)

    def _height(self, row: Row) -> int:
        spacing = self.line_spacing.get(id(row)) if isinstance(row, TextRow) else None
        if isinstance(row, TextRow) and spacing is not None:
            return max(spacing, row.height)  # a tall line still needs its own height
        return _row_height(row)
