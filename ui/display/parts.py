"""Parts of the hall board: the header (akimat or "no connection", date, clock) and the
panel of lines (prefix, names, how many wait), and the sizes they are drawn at."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import N_, Message
from ui.display.fit import FitLabel
from ui.display.model import Names, WaitingView

#: The largest sizes (px at the design size) of the fitted lines: landscape, portrait.
SIZES = {
    False: {"number": 220, "room": 124, "room_ru": 64, "earlier": 64, "clock": 72,
            "call_kk": 30, "call_ru": 28, "dept_kk": 32, "dept_ru": 28, "akimat_kk": 40,
            "akimat_ru": 30, "offline_kk": 40, "offline_ru": 34, "section": 36},
    True: {"number": 220, "room": 124, "room_ru": 66, "earlier": 64, "clock": 72,
           "call_kk": 32, "call_ru": 28, "dept_kk": 30, "dept_ru": 26, "akimat_kk": 40,
           "akimat_ru": 30, "offline_kk": 40, "offline_ru": 34, "section": 36},
}
#: The smallest a fitted line may become (px at the design size); others: 28.
SMALLEST = {"dept_kk": 20, "dept_ru": 18, "call_kk": 20, "call_ru": 18, "akimat_kk": 24,
            "akimat_ru": 20, "offline_kk": 24, "offline_ru": 22, "section": 24}

Fitted = list[tuple[FitLabel, str]]


def size_label(label: FitLabel, name: str, portrait: bool, scale: float) -> None:
    """Give ``label`` the sizes of ``name`` for this screen."""
    label.set_limits(round(SIZES[portrait][name] * scale), round(SMALLEST.get(name, 28) * scale))


def plain_label(name: str, *, wrap: bool = True) -> QLabel:
    """A label styled by its object name; its text is shown as text, never as markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def repolish(root: QWidget) -> None:
    """Apply the style sheet again to ``root`` and its labels (a property changed)."""
    for widget in (root, *root.findChildren(QLabel)):
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _column(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    for widget in widgets:
        column.addWidget(widget)
    return holder


class Header(QFrame):
    """The akimat's name in kk and ru — or, on red, "no connection" — and the date and time.

    Both texts take the same place, so nothing on the board moves when the kiosk is lost.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("displayHeader")
        self.akimat_kk = FitLabel(40, 24, object_name="displayAkimat", two_lines=True)
        self.akimat_ru = FitLabel(30, 20, object_name="displayAkimatRu", bold=False,
                                  two_lines=True)
        self.offline_kk = FitLabel(40, 24, object_name="displayOfflineText")
        self.offline_ru = FitLabel(34, 22, object_name="displayOfflineText")
        self.pages = QStackedWidget()
        self.pages.addWidget(_column(self.akimat_kk, self.akimat_ru))
        self.pages.addWidget(_column(self.offline_kk, self.offline_ru))
        self.time_label = FitLabel(72, object_name="displayClock")
        self.time_label.setMinimumWidth(240)
        self.date_label = plain_label("displayDate", wrap=False)
        self.when = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.when.setSpacing(24)
        self.when.addWidget(self.date_label)
        self.when.addWidget(self.time_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(48, 12, 48, 12)
        row.addWidget(self.pages, 1)
        row.addLayout(self.when)

    def fitted(self) -> Fitted:
        """The fitted labels and their size names."""
        return [(self.akimat_kk, "akimat_kk"), (self.akimat_ru, "akimat_ru"),
                (self.offline_kk, "offline_kk"), (self.offline_ru, "offline_ru"),
                (self.time_label, "clock")]

    def set_portrait(self, portrait: bool) -> None:
        """Date above the time on a narrow screen, beside it on a wide one."""
        self.when.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)

    def set_akimat(self, names: Names) -> None:
        """The akimat's name in kk and ru."""
        self.akimat_kk.setText(names.kk)
        self.akimat_ru.setText(names.ru)

    def set_offline(self, kk: str | None, ru: str = "") -> None:
        """Say ``kk`` / ``ru`` on red instead of the name (None: the name again)."""
        if kk is not None:
            self.offline_kk.setText(kk)
            self.offline_ru.setText(ru)
        self.pages.setCurrentIndex(0 if kk is None else 1)
        self.setProperty("offline", kk is not None)
        repolish(self)

    @property
    def offline(self) -> bool:
        """True while the header says the kiosk cannot be reached."""
        return self.pages.currentIndex() == 1

    def set_time(self, time: str, date: str) -> None:
        """The clock and the date."""
        self.time_label.setText(time)
        self.date_label.setText(date)


class WaitingRow:
    """One department's line: prefix badge, kk and ru names, the count."""

    def __init__(self, grid: QGridLayout, row: int, reflowed: Callable[[], None]) -> None:
        self.line: WaitingView | None = None
        self.prefix = plain_label("displayPrefix", wrap=False)
        self.kk = FitLabel(32, 20, object_name="displayDeptKk", two_lines=True)
        self.ru = FitLabel(28, 18, object_name="displayDeptRu", bold=False, two_lines=True)
        self.kk.reflowed = self.ru.reflowed = reflowed
        self.count = plain_label("displayCount", wrap=False)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.kk)
        names.addWidget(self.ru)
        grid.addWidget(self.prefix, row, 0)
        grid.addLayout(names, row, 1)
        grid.addWidget(self.count, row, 2)
        self.widgets = (self.prefix, self.kk, self.ru, self.count)

    def show(self, line: WaitingView) -> None:
        """Fill the row (a line with nobody waiting is greyed)."""
        self.line = line
        self.prefix.setText(line.prefix or "·")
        self.kk.setText(line.names.kk)
        self.ru.setText(line.names.ru)
        self.count.setText(str(line.waiting))
        for widget in self.widgets:
            if widget.property("empty") != (line.waiting == 0):
                widget.setProperty("empty", line.waiting == 0)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def set_visible(self, visible: bool) -> None:
        """Show or hide the whole row."""
        for widget in self.widgets:
            widget.setVisible(visible)

    def height(self) -> int:
        """The row's height in the grid."""
        return max(self.prefix.sizeHint().height(),
                   self.kk.sizeHint().height() + self.ru.sizeHint().height())


class WaitingPanel(QFrame):
    """Every department's line. It never grows the window: when the lines do not all fit,
    those nobody waits in are left out first (then the last ones), named in a note."""

    def __init__(self, both: Callable[[Message], str]) -> None:
        super().__init__()
        self.setObjectName("displayWaiting")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.both = both
        self.portrait = False
        self.scale = 1.0
        self.title = FitLabel(36, 24, object_name="displaySection")
        self.note = plain_label("displayWaitingNote")
        self.note.hide()
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(20)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[WaitingRow] = []
        self.column = QVBoxLayout(self)
        self.column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.column.setContentsMargins(32, 16, 32, 16)
        self.column.addWidget(self.title)
        self.column.addLayout(self.grid)
        self.column.addStretch(1)
        self.column.addWidget(self.note)
        #: Fits the rows to the panel once the layout has settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)

    def fitted(self) -> Fitted:
        """The fitted labels and their size names."""
        found: Fitted = [(self.title, "section")]
        for row in self.rows:
            found += [(row.kk, "dept_kk"), (row.ru, "dept_ru")]
        return found

    def set_screen(self, portrait: bool, scale: float) -> None:
        """Remember the sizes for rows made later."""
        self.portrait, self.scale = portrait, scale

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the rows again (after the layout has settled)."""
        super().resizeEvent(event)
        self._refit.start()

    def show_lines(self, title: str, lines: tuple[WaitingView, ...]) -> None:
        """Show every department's line under ``title``."""
        self.title.setText(title)
        while len(self.rows) < len(lines):
            row = WaitingRow(self.grid, len(self.rows), self._refit.start)
            size_label(row.kk, "dept_kk", self.portrait, self.scale)
            size_label(row.ru, "dept_ru", self.portrait, self.scale)
            self.rows.append(row)
        for index, row in enumerate(self.rows):
            if index < len(lines):
                row.show(lines[index])
            else:
                row.line = None
        self.fit()
        self._refit.start()  # again once the new texts have their sizes

    def fit(self) -> None:
        """Show every line that fits. Lines nobody waits in are left out first, then the last
        ones; the note names them ("No one waiting: Қ, Э · Also waiting: Т 2")."""
        rows = [row for row in self.rows if row.line is not None]
        margins = self.column.contentsMargins()
        room = (self.contentsRect().height() - margins.top() - margins.bottom()
                - self.title.sizeHint().height() - self.column.spacing())
        gap = self.grid.verticalSpacing()
        needed = sum(row.height() + gap for row in rows)
        idle = [row for row in rows if row.line is not None and row.line.waiting == 0]
        busy = [row for row in rows if row.line is not None and row.line.waiting > 0]
        candidates = idle[::-1] + busy[::-1]
        dropped: list[WaitingRow] = []
        while candidates and needed + self._note_height(dropped) > room:
            row = candidates.pop(0)
            dropped.append(row)
            needed -= row.height() + gap
        for row in self.rows:
            row.set_visible(row.line is not None and row not in dropped)
        self.note.setText(self._note_text(dropped))
        self.note.setVisible(bool(dropped))

    def _note_text(self, dropped: list[WaitingRow]) -> str:
        lines = [row.line for row in self.rows if row in dropped and row.line is not None]
        idle = ", ".join(line.prefix for line in lines if line.waiting == 0)
        busy = ", ".join(f"{line.prefix} {line.waiting}" for line in lines if line.waiting)
        parts = ([self.both(N_("No one waiting: {prefixes}", prefixes=idle))] if idle else []) \
            + ([self.both(N_("Also waiting: {lines}", lines=busy))] if busy else [])
        return "\n".join(parts)

    def _note_height(self, dropped: list[WaitingRow]) -> int:
        if not dropped:
            return 0
        self.note.setText(self._note_text(dropped))
        margins = self.column.contentsMargins()
        width = self.contentsRect().width() - margins.left() - margins.right()
        return self.note.heightForWidth(max(1, width)) + self.column.spacing()

    def shown_departments(self) -> list[str]:
        """The departments whose lines are on show (for tests)."""
        return [row.line.department for row in self.rows
                if row.line is not None and not row.kk.isHidden()]
