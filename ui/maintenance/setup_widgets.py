"""The printer setup page's touch parts: number toggles, and grids that re-flow, never clip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from printers.setup import Candidate

#: Touch targets (UI guide: at least 96 px tall, 24 px apart).
TARGET = 96
GAP = 24


class NumberToggle(QPushButton):
    """One number of the calibration page: tapped on when its line printed right."""

    def __init__(self, candidate: Candidate) -> None:
        super().__init__()
        self.candidate = candidate
        self.kind_words = ""
        self.setObjectName("setupToggle")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(TARGET)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.text())
        self.number = self._label(str(candidate.number), "setupToggleNumber")
        self.number.setMinimumWidth(56)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.label = self._label(candidate.label, "setupToggleLabel")
        self.kind = self._label("", "setupToggleKind")
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.label)
        words.addWidget(self.kind)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(14)
        row.addWidget(self.number)
        row.addLayout(words, 1)
        self.toggled.connect(self._show_state)

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def sizeHint(self) -> QSize:
        """Wide enough for the number and the whole label (the grid picks columns by it)."""
        layout = self.layout()
        hint = layout.sizeHint() if layout is not None else super().sizeHint()
        return QSize(hint.width(), max(TARGET, hint.height()))

    def minimumSizeHint(self) -> QSize:
        """The grid, not the label, decides the width: it never pushes the page wider."""
        return QSize(TARGET, TARGET)

    def text(self) -> str:
        """"8  CP866 ESC t 17" (what a person reads on it)."""
        return f"{self.candidate.number}  {self.candidate.label}"

    def set_kind(self, words: str) -> None:
        """What the line shows, in the current language ("Russian line")."""
        self.kind_words = words
        self._show_state(self.isChecked())

    def _show_state(self, checked: bool) -> None:
        """A check mark and a thicker frame, not colour alone, say it is on."""
        self.kind.setText(("✓ " if checked else "") + self.kind_words)
        for label in (self.number, self.label, self.kind):
            label.setProperty("on", checked)
        for widget in (self, self.number, self.label, self.kind):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class FlowGrid(QWidget):
    """Touch targets in as many columns as the widest fits (fewer with large text), 24 px apart.

    ``fill``: the columns share the width (the number toggles); else the buttons keep their
    own width, left-aligned (a step's actions).
    """

    def __init__(self, widgets: Sequence[QWidget], max_columns: int, fill: bool = True) -> None:
        super().__init__()
        self.widgets = list(widgets)
        self.max_columns = max_columns
        self.fill = fill
        self.columns = 0
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(GAP)
        self.grid.setVerticalSpacing(GAP)
        self.place(max_columns)

    def place(self, columns: int) -> None:
        """Lay the widgets out in ``columns`` columns (nothing happens if unchanged)."""
        if columns == self.columns:
            return
        self.columns = columns
        for widget in self.widgets:
            self.grid.removeWidget(widget)
        for index, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, index // columns, index % columns)
        for column in range(self.max_columns + 1):
            self.grid.setColumnStretch(column, int(column < columns) if self.fill else 0)
        if not self.fill:
            self.grid.setColumnStretch(columns, 1)

    def reflow(self) -> None:
        """As many columns as the widest widget allows at this width."""
        widest = max(widget.sizeHint().width() for widget in self.widgets)
        fit = (self.width() + GAP) // (widest + GAP)
        self.place(max(1, min(self.max_columns, fit)))

    def minimumSizeHint(self) -> QSize:
        """One column's worth: the grid re-flows rather than push the page wider."""
        widest = max(widget.minimumSizeHint().width() for widget in self.widgets)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-flow at the new width."""
        super().resizeEvent(event)
        self.reflow()

    def changeEvent(self, event: QEvent) -> None:
        """Re-flow when the text size changes (a new style sheet)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self.reflow)  # dropped if the page is gone by then
