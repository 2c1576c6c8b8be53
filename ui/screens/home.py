"""Home (attract), the main menu, "office closed", and About the akimat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.announcements import Announcement, load_announcements
from kiosk.errors import CatalogueError
from kiosk.i18n import (
    LANGUAGES,
    N_,
    Language,
    format_time,
    format_weekday,
    format_weekday_date,
    upper_first,
)
from ui.context import UiContext
from ui.screens.base import Screen, ScreenId
from ui.widgets import BigButton, Tile, body_label, on_click, set_qt_property, title_label

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from ui.board_feed import BoardFeed

START_LABELS = {Language.KK: "Бастау — қазақша", Language.RU: "Начать — по-русски",
                Language.EN: "Start — in English"}
A_MONDAY = dt.date(2026, 11, 30)
#: Calls in the home strip (newest first): landscape, portrait.
STRIP_CALLS = {False: 4, True: 3}


def weekday_name(number: int, lang: Language) -> str:
    """The name of weekday ``number`` (0 = Monday) in ``lang``."""
    return format_weekday(A_MONDAY + dt.timedelta(days=number), lang)


class HomeScreen(Screen):
    """The attract screen: akimat, date and time, announcements, the language to start in;
    with desks on, a strip of the latest calls (shown, never spoken: the hall display
    speaks)."""

    screen_id = ScreenId.HOME

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.board: dict[str, Any] | None = None
        self.strip = body_label(object_name="homeCalls")
        self.strip.setTextFormat(Qt.TextFormat.PlainText)  # rooms are data, never markup
        self.strip.hide()  # until a board with calls arrives (desks on)
        self.title = title_label()
        self.clock = QLabel()
        self.clock.setObjectName("homeClock")
        self.notices = body_label(object_name="announcement")
        for label in (self.title, self.clock, self.notices, self.strip):
            set_qt_property(label, "alignment", "AlignCenter")
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.clock)
        self.body.addWidget(self.notices)
        self.body.addStretch(1)
        row = QVBoxLayout() if ctx.portrait else QHBoxLayout()
        row.setSpacing(32)
        self.start_buttons: dict[Language, BigButton] = {}
        for lang in LANGUAGES:
            button = BigButton(START_LABELS[lang])
            button.setObjectName("startButton")
            on_click(button, partial(self._start, lang))
            self.start_buttons[lang] = button
            row.addWidget(button)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.body.addWidget(self.strip)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.retranslate)
        self._timer.start(20_000)

    def announcements(self) -> list[Announcement]:
        """Today's announcements from the region (a broken file shows none)."""
        try:
            items = load_announcements(self.ctx.config.paths.announcements)
        except CatalogueError:
            return []
        today = self.ctx.local_now().date()
        return [a for a in items if a.shown_on(today)]

    def retranslate(self) -> None:
        """Akimat name, today's date and time, notices — in the current language."""
        lang = self.ctx.language.lang
        now = self.ctx.local_now()
        self.title.setText(self.ctx.language.text(self.ctx.catalogue.akimat.name))
        today = upper_first(format_weekday_date(now.date(), lang, year=False))  # no year: today
        self.clock.setText(f"{today}   {format_time(now)}")
        self.notices.setText("\n".join(self.ctx.language.text(a.text)
                                       for a in self.announcements()))
        self._show_calls()

    def spoken(self) -> list[str]:
        """Audio mode on Home (headphones just plugged in): where the visitor is and how to
        begin, by keys or by touch."""
        return [self.ctx.language.text(self.ctx.catalogue.akimat.name),
                self.t("To begin, press Enter. The arrow keys move between the languages; "
                       "on the screen, touch Start.")]

    def attach_board(self, feed: BoardFeed) -> None:
        """Follow the kiosk's call board: the strip shows the latest calls."""
        feed.updated.connect(self.show_board)
        feed.offline.connect(self.board_offline)
        if feed.board is not None:
            self.show_board(feed.board)

    @Slot(dict)
    def show_board(self, board: dict[str, Any]) -> None:
        """A new board: the strip shows its latest calls (hidden when there are none)."""
        self.board = board
        self._show_calls()

    @Slot(str)
    def board_offline(self, _reason: str) -> None:
        """The desk server does not answer: no stale calls on Home."""
        self.board = None
        self._show_calls()

    def _show_calls(self) -> None:
        from ui.display.model import read_board

        view = read_board(self.board) if self.board is not None else None
        today = self.ctx.local_now().date().isoformat()
        if view is None or view.latest is None or view.day not in ("", today):
            self.strip.hide()  # no calls, the server away, or yesterday's board after midnight
            return
        calls = [view.latest, *view.earlier(STRIP_CALLS[self.ctx.portrait] - 1)]
        listed = "  ·  ".join(f"{c.number} → {c.room}" if c.room else c.number for c in calls)
        self.strip.setText(self.t(N_("Called: {calls}", calls=listed)))
        self.strip.show()

    def _start(self, lang: Language) -> None:
        self.ctx.language.set(lang)
        self.go.emit(ScreenId.MENU, None)


MENU = [
    (ScreenId.QUEUE, "queue", N_("Queue ticket")),
    (ScreenId.SERVICES, "services", N_("Public services")),
    (ScreenId.APPEAL_TYPE, "appeal", N_("Appeal to the akim")),
    (ScreenId.BOOKING_SLOT, "reception", N_("Akim's reception")),
    (ScreenId.RATING, "rating", N_("Rate our service")),
    (ScreenId.STATUS, "status", N_("Check status")),
    (ScreenId.ABOUT, "about", N_("About the akimat")),
]


#: A tile's border, padding and margin on both sides, with a little air (px).
TILE_INSET = 40


def two_lines(text: str, width: Callable[[str], int], room: int) -> str:
    """``text`` as it is when it is at most ``room`` wide, else broken at the space that makes
    its longer line shortest."""
    if width(text) <= room or " " not in text:
        return text
    words = text.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(width(pair[0]), width(pair[1])))
    return f"{first}\n{second}"


def fit_words(button: QAbstractButton, words: str, inset: int) -> None:
    """Show ``words`` on ``button`` on one line, or on two when one line is wider than the
    button less ``inset`` (its border, padding and margin): a button's words never clip."""
    from PySide6.QtGui import QFontMetrics

    text = two_lines(words, QFontMetrics(button.font()).horizontalAdvance,
                     button.width() - inset)
    if button.text() != text:
        button.setText(text)


class MenuScreen(Screen):
    """The main menu tiles; outside opening hours the queue tile leads to "office closed"."""

    screen_id = ScreenId.MENU

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.body.addWidget(self.title)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.tiles: dict[ScreenId, Tile] = {}
        columns = 2 if ctx.portrait else 4
        for index, (target, icon_name, _) in enumerate(MENU):
            tile = Tile(icon_name)
            on_click(tile, partial(self._open, target))
            self.tiles[target] = tile
            grid.addWidget(tile, index // columns, index % columns)
        holder = QWidget()
        holder.setLayout(grid)
        self.grid = grid
        self.body.addWidget(holder, 1)

    def retranslate(self) -> None:
        """Tile labels in the current language."""
        self.title.setText(self.t("What would you like to do?"))
        self._fit_tiles()

    def _fit_tiles(self) -> None:
        """Each tile's label on one line, or on two when one is too wide for the tile (large
        text, a long Russian or Kazakh name): a tile's label never clips."""
        for target, _, label in MENU:
            fit_words(self.tiles[target], self.ctx.language.t(label), TILE_INSET)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The tiles' width changed: their labels re-flow."""
        super().resizeEvent(event)
        self._fit_tiles()

    def changeEvent(self, event: QEvent) -> None:
        """Large text or another theme: the labels re-flow."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_tiles()

    def _open(self, target: ScreenId) -> None:
        from kiosk.hours import ticket_refusal

        if target == ScreenId.QUEUE and ticket_refusal(self.ctx.catalogue,
                                                       self.ctx.local_now()) is not None:
            self.go.emit(ScreenId.CLOSED, None)
            return
        self.go.emit(target, None)


class ClosedScreen(Screen):
    """Office closed / no more tickets: the reason, the next opening, and what still works."""

    screen_id = ScreenId.CLOSED

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.reason = body_label(object_name="bigMessage")
        self.hours = body_label()
        self.body.addWidget(self.title)
        self.body.addWidget(self.reason)
        self.body.addWidget(self.hours)
        self.body.addStretch(1)
        row = QVBoxLayout() if ctx.portrait else QHBoxLayout()
        row.setSpacing(24)
        self.buttons = {}
        for target, label in ((ScreenId.SERVICES, N_("Public services")),
                              (ScreenId.STATUS, N_("Check status")),
                              (ScreenId.ABOUT, N_("About the akimat"))):
            button = BigButton(secondary=True)
            on_click(button, partial(self.go.emit, target, None))
            self.buttons[target] = (button, label)
            row.addWidget(button)
        self.body.addLayout(row)

    def retranslate(self) -> None:
        """Why tickets are not issued now, and the opening hours."""
        from kiosk.hours import ticket_refusal

        refusal = ticket_refusal(self.ctx.catalogue, self.ctx.local_now())
        self.title.setText(self.t("The office is closed"))
        self.reason.setText(self.ctx.language.t(refusal.message) if refusal else
                            self.t("Tickets are being issued now."))
        self.hours.setText(opening_hours_text(self))
        for button, label in self.buttons.values():
            button.setText(self.ctx.language.t(label))

    def spoken(self) -> list[str]:
        """Closed: why, and when the office opens (one phrase per day)."""
        return [self.title.text(), self.reason.text(), self.t("Opening hours"),
                *self.hours.text().splitlines()]


def opening_hours_text(screen: Screen) -> str:
    """The week's opening hours, one line a day, in the current language."""
    hours = screen.ctx.catalogue.akimat.hours
    lang = screen.ctx.language.lang
    lines = []
    for offset in range(7):
        spans = ", ".join(f"{format_time(i.start)}–{format_time(i.end)}"
                          for i in hours.week[offset])
        closed = screen.t("closed")
        lines.append(f"{weekday_name(offset, lang).capitalize()}: {spans or closed}")
    return "\n".join(lines)


class AboutScreen(Screen):
    """Address, hours, the akim's reception hours, hotlines."""

    screen_id = ScreenId.ABOUT

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.address = body_label()
        self.hours_title = body_label(object_name="sectionTitle")
        self.hours = body_label()
        self.reception_title = body_label(object_name="sectionTitle")
        self.reception = body_label()
        self.hotlines_title = body_label(object_name="sectionTitle")
        self.hotlines = body_label()
        columns = QVBoxLayout() if ctx.portrait else QHBoxLayout()
        left, right = QWidget(), QWidget()
        left_layout, right_layout = QGridLayout(left), QGridLayout(right)
        # The hotlines are the longest part: a column of their own (in large text they ran
        # past the footer under the reception hours).
        for row, widget in enumerate((self.address, self.hours_title, self.hours,
                                      self.reception_title, self.reception)):
            left_layout.addWidget(widget, row, 0)
        for row, widget in enumerate((self.hotlines_title, self.hotlines)):
            right_layout.addWidget(widget, row, 0)
        left_layout.setRowStretch(5, 1)
        right_layout.setRowStretch(2, 1)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        self.body.addWidget(self.title)
        self.body.addLayout(columns, 1)

    def retranslate(self) -> None:
        """Every text of the page in the current language."""
        akimat = self.ctx.catalogue.akimat
        lang = self.ctx.language
        self.title.setText(lang.text(akimat.name))
        self.address.setText(f"{lang.text(akimat.address)}\n☎ {akimat.phone}  {akimat.email}")
        self.hours_title.setText(self.t("Opening hours"))
        self.hours.setText(opening_hours_text(self))
        self.reception_title.setText(self.t("The akim's reception of citizens"))
        self.reception.setText("\n".join(
            f"{weekday_name(s.weekday.number, lang.lang).capitalize()} "
            f"{format_time(s.start)}–{format_time(s.end)}, {lang.text(s.place)}"
            for s in self.ctx.catalogue.reception.sessions))
        self.hotlines_title.setText(self.t("Hotlines"))
        self.hotlines.setText("\n".join(f"{h.number} — {lang.text(h.name)}"
                                        for h in akimat.hotlines))
