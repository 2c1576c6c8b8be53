"""What every maintenance panel shares: a title, facts in rows, buttons, background work, audit."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Message
from ui.context import UiContext
from ui.tasks import Task
from ui.widgets import clear_layout

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ui.maintenance.pin_pad import PinCheck
    from ui.maintenance.services import MaintenanceServices

logger = logging.getLogger(__name__)

#: One worker for all maintenance jobs: they run one after another, never two at once.
_WORK = ThreadPoolExecutor(max_workers=1, thread_name_prefix="maintenance")


def action_button(text: str = "", object_name: str = "secondaryButton") -> QPushButton:
    """A touch button for a maintenance action (80 px tall, a technician's finger)."""
    button = QPushButton(text)
    button.setObjectName(object_name)
    button.setMinimumHeight(80)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return button


class FactGrid(QWidget):
    """Rows of "name: value", re-filled on every refresh."""

    def __init__(self, columns: int = 1) -> None:
        super().__init__()
        self.columns = columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(8)

    def set_rows(self, rows: Sequence[tuple[str, str]], warn: Sequence[str] = ()) -> None:
        """Show ``rows``; names in ``warn`` get the warning style."""
        clear_layout(self.grid)
        per_column = -(-len(rows) // self.columns) if rows else 0
        for index, (name, value) in enumerate(rows):
            column, row = divmod(index, per_column) if per_column else (0, index)
            key = QLabel(name)
            key.setObjectName("factName")
            shown = QLabel(value)
            shown.setObjectName("factWarn" if name in warn else "factValue")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(key, row, column * 2, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(shown, row, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
        for column in range(self.columns):
            self.grid.setColumnStretch(column * 2 + 1, 1)

    def values(self) -> dict[str, str]:
        """What is shown, by name (for tests and the audit)."""
        found: dict[str, str] = {}
        for row in range(self.grid.rowCount()):
            for column in range(0, self.grid.columnCount(), 2):
                key = self.grid.itemAtPosition(row, column)
                value = self.grid.itemAtPosition(row, column + 1)
                if key and value and isinstance(key.widget(), QLabel) \
                        and isinstance(value.widget(), QLabel):
                    found[key.widget().text()] = value.widget().text()  # type: ignore[union-attr]
        return found


class Panel(QWidget):
    """One maintenance page. Subclasses build in ``__init__``, fill in :meth:`refresh`."""

    name: Message
    icon_name = ""
    #: Panels that show live state are refreshed every few seconds while on screen.
    live = False

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__()
        self.ctx = ctx
        self.services = services
        self.tasks: list[Task[Any]] = []
        #: Opens the PIN pad (set by the maintenance controller).
        self.ask_pin: Callable[[str, PinCheck], None] | None = None
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(40, 24, 40, 24)
        self.body.setSpacing(16)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.body.addWidget(self.title)
        self.message = QLabel()
        self.message.setObjectName("maintMessage")
        self.message.setWordWrap(True)

    # -- for subclasses ----------------------------------------------------------------
    def t(self, message: Message | str) -> str:
        """A UI string in the current language."""
        return self.ctx.language.t(message)

    def button_row(self, *buttons: QPushButton, per_row: int = 4) -> QGridLayout:
        """Buttons side by side, left-aligned, ``per_row`` to a row (portrait needs fewer)."""
        if self.ctx.portrait:
            per_row = min(per_row, 2)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(16)
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // per_row, index % per_row)
        grid.setColumnStretch(min(len(buttons), per_row), 1)
        self.body.addLayout(grid)
        return grid

    def finish_layout(self, stretch: bool = True) -> None:
        """Put the message line at the bottom (call at the end of ``__init__``).

        ``stretch=False`` when the panel already gave the spare height to a list or log.
        """
        if stretch:
            self.body.addStretch(1)
        self.body.addWidget(self.message)

    def say(self, text: str, ok: bool = True) -> None:
        """Show the outcome of the last action."""
        self.message.setProperty("ok", ok)
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def audit(self, action: str, **details: object) -> None:
        """Write the technician's action to the audit log (synced to the region)."""
        from kiosk.maintenance import audit_action

        audit_action(self.ctx.db, action, details, self.ctx.clock())

    @contextmanager
    def own_connection(self) -> Iterator[Database]:
        """A database connection of the calling (worker) thread's own, closed afterwards."""
        from kiosk.storage import connect

        db = connect(self.ctx.config.paths.database)
        try:
            yield db
        finally:
            db.close()

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], busy: str | None,
            expected: tuple[type[BaseException], ...] = (OSError, ValueError)) -> Task[Any]:
        """Run ``work`` on the maintenance worker; ``done`` gets its result on the GUI thread.

        While it runs the message line says ``busy`` (``None``: a quiet background refresh
        leaves the last outcome on show); a failure is shown in words.
        """
        if busy is not None:
            self.say(busy)
        task: Task[Any] = Task(_WORK, work, expected, parent=self)
        task.finished.connect(done)
        task.failed.connect(lambda error: self.say(str(error), ok=False))
        task.finished.connect(lambda _: self._forget(task))
        task.failed.connect(lambda _: self._forget(task))
        self.tasks.append(task)
        task.start()
        return task

    def _forget(self, task: Task[Any]) -> None:
        if task in self.tasks:
            self.tasks.remove(task)

    def wait_idle(self, ms: int = 20_000) -> bool:
        """Wait for this panel's background work (tests, shutdown)."""
        return all(task.wait(ms) for task in list(self.tasks))

    # -- lifecycle ---------------------------------------------------------------------
    def enter(self) -> None:
        """The panel is shown: translate and fill it."""
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.title.setText(self.t(self.name))

    def refresh(self) -> None:
        """Re-read what the panel shows."""


def fmt_when(moment: dt.datetime | None, ctx: UiContext, never: str) -> str:
    """A moment in the akimat's time zone, or ``never``."""
    if moment is None:
        return never
    from kiosk.clock import local_time

    return local_time(moment, ctx.catalogue.akimat.timezone).strftime("%Y-%m-%d %H:%M:%S")


def counts_text(counts: Mapping[str, int], names: Callable[[str], str]) -> str:
    """"name 3 · other 1" in descending order (or "—")."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return " · ".join(f"{names(key)} {value}" for key, value in ordered) or "—"
