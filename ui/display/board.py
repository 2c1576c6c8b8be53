"""The hall's call board: the newest call very large, earlier calls, the lines, a clock.

Every text is shown in Kazakh with Russian under or beside it (the hall reads both). The
layout follows the window: side by side on a landscape screen, stacked on a portrait one;
sizes scale with the screen (designed at 1920x1080 and 1080x1920). A new call flashes
for a few seconds. When the kiosk cannot be reached the header turns red and says so in
place of the akimat's name (nothing else moves); the last calls stay on the board.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.assets import assets_dir
from kiosk.i18n import N_, Language, Message, Translator, format_time, format_weekday_date
from kiosk.queue.announce import display_text, room_text
from ui.display.fit import FitLabel
from ui.display.model import BoardView, CallView, Names
from ui.display.parts import Fitted, Header, WaitingPanel, plain_label, repolish, size_label

KK, RU = Language.KK, Language.RU
#: Earlier calls listed under the newest one (two columns): landscape, portrait.
EARLIER = 6
EARLIER_SHOWN = {False: 4, True: 6}
#: How long a new call flashes, and how fast.
FLASH_TOGGLES = 12
FLASH_MS = 450
_PX = re.compile(r"(\d+)px")

CONNECTING = N_("Connecting to the kiosk…")
NOW_CALLING = N_("Now calling")
CALLED_AGAIN = N_("Called again")
EARLIER_CALLS = N_("Called before")
WAITING = N_("Waiting in line")
NO_CALLS = N_("No calls yet today")
OFFLINE = N_("No connection with the kiosk…")


def display_style(scale: float) -> str:
    """The board's style sheet with every size in px multiplied by ``scale``."""
    text = (assets_dir() / "styles" / "display.qss").read_text(encoding="utf-8")
    return _PX.sub(lambda m: f"{max(1, round(int(m.group(1)) * scale))}px", text)


class DisplayBoard(QWidget):
    """The whole board; fed with :meth:`show_board` and :meth:`show_offline`."""

    def __init__(self, translator: Translator, *, akimat: Names | None = None,
                 timezone: dt.tzinfo | None = None,
                 clock: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("displayBoard")
        self.translator = translator
        self.akimat = akimat
        self.timezone = timezone
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.board: BoardView | None = None
        self.online: bool | None = None
        self.portrait = False
        self.scale = 0.0
        self._flashes = 0
        self.header = Header()
        self.waiting = WaitingPanel(self._both)
        self._build_card()
        self._build_earlier()
        self._build_layout()
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._flash_step)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.update_clock)
        self._tick.start(1000)
        self._arrange(portrait=False, scale=1.0)
        self._show_empty(CONNECTING)
        self.update_clock()

    # -- building ------------------------------------------------------------------------
    def _build_card(self) -> None:
        self.card = QFrame()
        self.card.setObjectName("displayCurrent")
        self.heading = FitLabel(36, 24, object_name="displayHeading")
        self.recall_badge = plain_label("displayRecall", wrap=False)
        self.number = FitLabel(220, object_name="displayNumber")
        self.room = FitLabel(124, object_name="displayRoom")
        self.room_ru = FitLabel(64, object_name="displayRoomRu")
        self.department = FitLabel(30, 20, object_name="displayDepartment", bold=False)
        self.department_ru = FitLabel(28, 18, object_name="displayDepartment", bold=False)
        self.empty = plain_label("displayEmpty")
        self.call_lines = (self.number, self.room, self.room_ru, self.department,
                           self.department_ru)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.recall_badge)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(40, 16, 40, 16)
        card.setSpacing(0)
        card.addLayout(top)
        card.addStretch(1)
        for widget in (*self.call_lines, self.empty):
            card.addWidget(widget)
        card.addStretch(1)

    def _build_earlier(self) -> None:
        self.earlier_box = QFrame()
        self.earlier_box.setObjectName("displayEarlier")
        self.earlier_title = FitLabel(36, 24, object_name="displaySection")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        self.earlier: list[FitLabel] = []
        for index in range(EARLIER):
            label = FitLabel(64, object_name="displayEarlierCall")
            self.earlier.append(label)
            grid.addWidget(label, index // 2, index % 2)
        column = QVBoxLayout(self.earlier_box)
        column.setContentsMargins(32, 16, 32, 16)
        column.addWidget(self.earlier_title)
        column.addLayout(grid)
        column.addStretch(1)

    def _build_layout(self) -> None:
        calls = QVBoxLayout()
        calls.setSpacing(24)
        calls.addWidget(self.card, 3)
        calls.addWidget(self.earlier_box, 2)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setContentsMargins(48, 24, 48, 32)
        self.body.setSpacing(32)
        self.body.addLayout(calls, 1)
        self.body.addWidget(self.waiting, 1)
        outer = QVBoxLayout(self)
        # The board is the screen's size whatever it holds: it never grows the window.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addLayout(self.body, 1)

    def _fitted(self) -> Fitted:
        return [(self.heading, "section"), (self.number, "number"), (self.room, "room"),
                (self.room_ru, "room_ru"), (self.department, "call_kk"),
                (self.department_ru, "call_ru"), (self.earlier_title, "section"),
                *((label, "earlier") for label in self.earlier),
                *self.header.fitted(), *self.waiting.fitted()]

    # -- layout ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Landscape or portrait, and text sizes for this screen."""
        super().resizeEvent(event)
        size = event.size()
        portrait = size.height() > size.width()
        design = (1080, 1920) if portrait else (1920, 1080)
        scale = min(size.width() / design[0], size.height() / design[1])
        self._arrange(portrait, round(max(0.4, scale), 2))

    def _arrange(self, portrait: bool, scale: float) -> None:
        if portrait == self.portrait and scale == self.scale:
            return
        self.portrait, self.scale = portrait, scale
        self.setStyleSheet(display_style(scale))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 0 if portrait else 1)
        self.body.setStretch(1, 1)
        self.header.set_portrait(portrait)
        self.waiting.set_screen(portrait, scale)
        for label, name in self._fitted():
            size_label(label, name, portrait, scale)
        if self.board is not None:
            self.show_board(self.board)

    # -- content --------------------------------------------------------------------------
    def _both(self, message: Message, sep: str = " · ") -> str:
        return f"{self.translator.render(message, KK)}{sep}{self.translator.render(message, RU)}"

    def show_board(self, board: BoardView, *, flash: bool = False) -> None:
        """Show ``board``; ``flash`` when its newest call was just made (or made again)."""
        self.board = board
        self.set_online(True)
        if board.akimat is not None:
            self.akimat = board.akimat
        latest = board.latest
        if latest is None:
            self._show_empty(NO_CALLS)
        else:
            self._show_call(latest)
        shown = EARLIER_SHOWN[self.portrait]
        previous = board.earlier(shown)
        for index, label in enumerate(self.earlier):
            call = previous[index] if index < len(previous) else None
            label.setText(f"{call.number} → {call.room}" if call and call.room else
                          call.number if call else "")
            label.setVisible(index < shown)
        self.waiting.show_lines(self._both(WAITING), board.waiting)
        self.update_clock()
        if flash and latest is not None:
            self.flash()

    def _show_call(self, call: CallView) -> None:
        self.heading.setText(self._both(NOW_CALLING))
        self.recall_badge.setText("↻ " + self._both(CALLED_AGAIN))
        self.recall_badge.setVisible(call.recall)
        self.number.setText(call.number)
        self.room.setText(("→ " + room_text(call.room, KK, self.translator)) if call.room else "")
        self.room_ru.setText(room_text(call.room, RU, self.translator) if call.room else "")
        self.department.setText(call.names.kk)
        self.department_ru.setText(call.names.ru)
        for widget in self.call_lines:
            widget.show()
        self.empty.hide()

    def _show_empty(self, message: Message) -> None:
        self.heading.setText(self._both(NOW_CALLING))
        self.recall_badge.hide()
        for widget in self.call_lines:
            widget.hide()
        self.empty.setText(self._both(message, "\n"))
        self.empty.show()
        self.earlier_title.setText(self._both(EARLIER_CALLS))
        self.waiting.title.setText(self._both(WAITING))

    def show_offline(self, reason: str) -> None:
        """Say plainly that the kiosk cannot be reached; the last calls stay."""
        self.set_online(False)
        self.header.setToolTip(reason)

    def set_online(self, online: bool) -> None:
        """Show the akimat's name, or "no connection" on red, in the header."""
        if online == self.online:
            return
        self.online = online
        self.earlier_title.setText(self._both(EARLIER_CALLS))
        if online:
            self.header.set_offline(None)
        else:
            self.header.set_offline("⚠ " + self.translator.render(OFFLINE, KK),
                                    "⚠ " + self.translator.render(OFFLINE, RU))

    def current_text(self) -> str:
        """The newest call as shown: "Ә-017 → 103-бөлме" (empty when there is none)."""
        board = self.board
        if board is None or board.latest is None or self.number.isHidden():
            return ""
        return display_text(board.latest.number, board.latest.room, KK, self.translator)

    # -- flash and clock --------------------------------------------------------------------
    def flash(self) -> None:
        """Highlight the newest call for a few seconds."""
        self._flashes = FLASH_TOGGLES
        self._set_flash(True)
        self._flash.start()

    @property
    def flashing(self) -> bool:
        """True while the newest call is highlighted."""
        return self._flash.isActive()

    def stop_flash(self) -> None:
        """End the highlight now."""
        self._flash.stop()
        self._set_flash(False)

    def _flash_step(self) -> None:
        self._flashes -= 1
        if self._flashes <= 0:
            self.stop_flash()
        else:
            self._set_flash(self._flashes % 2 == 0)

    def _set_flash(self, on: bool) -> None:
        if self.card.property("flash") != on:
            self.card.setProperty("flash", on)
            repolish(self.card)

    def update_clock(self) -> None:
        """The time, the date and the akimat's name."""
        now = self.clock()
        now = now.astimezone(self.timezone) if self.timezone is not None else now.astimezone()
        # today's date: the year adds nothing on a hall screen
        self.header.set_time(format_time(now), format_weekday_date(now.date(), KK, year=False))
        if self.akimat is not None:
            self.header.set_akimat(self.akimat)
        board = self.board
        if board is not None and board.day and board.day < now.date().isoformat() and \
                (board.calls or any(line.waiting for line in board.waiting)):
            # After midnight the kiosk's board keeps yesterday's version until the first
            # ticket of the day: the board does not show yesterday's calls meanwhile.
            self.show_board(replace(board, calls=(), waiting=tuple(
                replace(line, waiting=0) for line in board.waiting)))
