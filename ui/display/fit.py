"""A label whose text is as large as fits its width, up to a chosen size.

One line, shrunk to fit; a label allowed two lines breaks a long text at the space nearest
its middle when one line would be smaller than ``wrap_below`` (never cut, never "…"). The
size is set in the label's own style sheet, so no application or parent style sheet
(``QWidget { font-size: … }``) can change it; colours still come from the .qss files.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FitLabel(QLabel):
    """Text at ``largest`` px, smaller (down to ``smallest``) when too wide."""

    def __init__(self, largest: int, smallest: int = 24, *, object_name: str = "",
                 bold: bool = True, two_lines: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Rooms and names come from the kiosk's data: text, never markup ("<img src=…>" in a
        # room would otherwise be loaded as an image).
        self.setTextFormat(Qt.TextFormat.PlainText)
        if object_name:
            self.setObjectName(object_name)
        self.bold = bold
        self.two_lines = two_lines
        self.largest = largest
        self.smallest = smallest
        self.pixel_size = 0
        self.lines = 1
        #: Called when the label went from one line to two or back (its height changed).
        self.reflowed: Callable[[], None] | None = None
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setWordWrap(False)
        self._fit()

    @property
    def wrap_below(self) -> int:
        """Below this size a two-line label breaks its text instead of shrinking further."""
        return round(self.largest * 0.8)

    def set_limits(self, largest: int, smallest: int | None = None) -> None:
        """New largest (and smallest) size in px."""
        self.largest = largest
        if smallest is not None:
            self.smallest = smallest
        self._fit()

    def setText(self, text: str) -> None:
        """Show ``text`` at the largest size that fits."""
        if text != self._text:
            self._text = text
            self._fit()

    def text(self) -> str:
        """The text given (without a line break the label may have added)."""
        return self._text

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit again to the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def sizeHint(self) -> QSize:
        """As tall as the text's lines (the width is the layout's to give)."""
        return QSize(self.largest, self.height_for_lines())

    def minimumSizeHint(self) -> QSize:
        """Any width; the height of the lines."""
        return self.sizeHint()

    def fits(self) -> bool:
        """True when the whole text is shown at the current size (for tests)."""
        room = max(1, self.contentsRect().width())
        return all(self._width(self.pixel_size, line) <= room
                   for line in super().text().split("\n"))

    def height_for_lines(self) -> int:
        """One line: the height at the largest size (rows never jump); two: both lines."""
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        if self.lines == 1:
            return self._line_height(self.largest) + margins
        return 2 * self._line_height(self.pixel_size) + margins

    def _font(self, px: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(1, px))
        font.setBold(self.bold)
        return font

    def _width(self, px: int, text: str) -> int:
        return QFontMetrics(self._font(px)).horizontalAdvance(text) + 4

    def _line_height(self, px: int) -> int:
        return QFontMetrics(self._font(px)).height()

    def _size_for(self, text: str, room: int) -> int:
        """The largest size at which ``text`` fits ``room`` (at least ``smallest``)."""
        px = self.largest
        wide = self._width(px, text)
        if wide > room:
            px = max(self.smallest, int(px * room / wide))
            while px > self.smallest and self._width(px, text) > room:
                px -= 1
        return px

    def _fit(self) -> None:
        """Pick the size (and the line break) for the text and the width there is."""
        room = self.contentsRect().width()
        text, px = self._text, self.largest
        if text and room > 0:
            px = self._size_for(text, room)
            if self.two_lines and px < self.wrap_below and " " in text.strip():
                broken = _break(text)
                longer = max(broken.split("\n"), key=lambda line: self._width(px, line))
                two = self._size_for(longer, room)
                if two > px:
                    text, px = broken, two
        lines = text.count("\n") + 1
        changed = lines != self.lines
        self.lines = lines
        if text != super().text():
            super().setText(text)
        if px != self.pixel_size:
            self.pixel_size = px
            weight = "bold" if self.bold else "normal"
            self.setStyleSheet(f"font-size: {px}px; font-weight: {weight};")
        self.setFixedHeight(self.height_for_lines())
        if changed and self.reflowed is not None:
            self.reflowed()


def _break(text: str) -> str:
    """``text`` on two lines, broken at the space nearest its middle."""
    words = text.split()
    best, best_gap = text, len(text)
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        gap = abs(len(first) - len(second))
        if gap < best_gap:
            best, best_gap = f"{first}\n{second}", gap
    return best
