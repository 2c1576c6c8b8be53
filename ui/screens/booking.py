"""Book the akim's personal reception: a day, a free slot, then the visitor's data."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.applicant import Applicant
from kiosk.bookings import Booking, Slot, book_slot, free_slots
from kiosk.errors import ServiceUnavailable, ValidationError
from kiosk.i18n import format_time, format_weekday_date, upper_first
from kiosk.tracking import format_tracking_code, tracking_url
from printers.receipts import booking_confirmation
from ui.context import UiContext
from ui.language import LanguageState
from ui.printing import PrintRequest
from ui.screens.base import Screen, ScreenId
from ui.screens.result import Outcome
from ui.widgets import ChoiceButton, body_label, clear_layout, on_click, title_label


class BookingSlotScreen(Screen):
    """Days with free slots on the left, that day's free times on the right."""

    screen_id = ScreenId.BOOKING_SLOT

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.slots: list[Slot] = []
        self.day: dt.date | None = None
        self._shown: tuple[object, ...] = ()
        self.title = title_label()
        self.empty = body_label(object_name="bigMessage")
        self.days = QGridLayout()
        self.times = QGridLayout()
        for grid in (self.days, self.times):
            grid.setSpacing(16)
        row = QVBoxLayout() if ctx.portrait else QHBoxLayout()
        left, right = QWidget(), QWidget()
        left.setLayout(self.days)
        right.setLayout(self.times)
        row.addWidget(left, 2)
        row.addWidget(right, 3)
        self.body.addWidget(self.title)
        self.body.addWidget(self.empty)
        self.body.addLayout(row, 1)

    def enter(self, payload: object = None) -> None:
        """Read the free slots now (someone may have just booked one)."""
        self.slots = free_slots(self.ctx.db, self.ctx.catalogue, self.ctx.clock())
        days = sorted({s.start.date() for s in self.slots})
        if self.day not in days:
            self.day = days[0] if days else None
        super().enter(payload)

    def retranslate(self) -> None:
        """Day and time buttons in the current language."""
        lang = self.ctx.language.lang
        self.title.setText(self.t("Choose a day and a time for the akim's reception"))
        problem = str(self.ctx.form.pop("booking_error", ""))
        self.empty.setText(f"⚠ {problem}" if problem else "" if self.slots else
                           self.t("There are no free times in the next two weeks."))
        key = (tuple(s.start for s in self.slots), self.day, lang)
        if key == self._shown:
            return
        self._shown = key
        for grid in (self.days, self.times):
            clear_layout(grid)
        for index, day in enumerate(sorted({s.start.date() for s in self.slots})):
            # within two weeks: the year adds nothing
            button = ChoiceButton(upper_first(format_weekday_date(day, lang, year=False)))
            button.setCheckable(True)
            button.setChecked(day == self.day)
            on_click(button, partial(self._pick_day, day))
            self.days.addWidget(button, index, 0)
        todays = [s for s in self.slots if s.start.date() == self.day]
        for index, slot in enumerate(todays):
            button = ChoiceButton(f"{format_time(slot.start)}–{format_time(slot.end)}")
            on_click(button, partial(self._pick, slot))
            self.times.addWidget(button, index // 3, index % 3)

    def _pick_day(self, day: dt.date) -> None:
        self.day = day
        self.retranslate()

    def _pick(self, slot: Slot) -> None:
        self.ctx.form["slot"] = slot
        self.go.emit(ScreenId.BOOKING_PERSON, None)

    def wipe(self) -> None:
        """Forget the chosen day."""
        self.day = None


def book_from_form(screen: Screen) -> None:
    """Book the chosen slot for the person in the form and go to the result (or say why not)."""
    form = screen.ctx.form
    slot = form.get("slot")
    if not isinstance(slot, Slot):
        screen.go.emit(ScreenId.BOOKING_SLOT, None)
        return
    try:
        person = Applicant.parse(str(form["full_name"]), str(form["iin"]), str(form["phone"]))
        booking = book_slot(screen.ctx.db, screen.ctx.catalogue, slot_start=slot.start,
                            topic=str(form.get("topic", "")), applicant=person,
                            language=screen.ctx.language.lang, now=screen.ctx.clock())
    except (ServiceUnavailable, ValidationError) as exc:
        screen.ctx.form["booking_error"] = screen.ctx.language.t(exc.message)
        screen.go.emit(ScreenId.BOOKING_SLOT, None)
        return
    screen.go.emit(ScreenId.RESULT, Outcome(
        headline=f"{format_time(slot.start)}–{format_time(slot.end)}",
        describe=partial(booking_lines, booking),
        request=PrintRequest("booking", booking.uuid,
                             booking_confirmation(booking, screen.ctx.receipt_context())),
        qr_data=tracking_url(screen.ctx.config.server.public_url, booking.tracking_code),
        code=format_tracking_code(booking.tracking_code)))


def booking_lines(booking: Booking, lang: LanguageState) -> list[str]:
    """What the result screen says about a booking."""
    day = booking.slot.start.date()
    return [lang.t("Your place at the akim's reception is booked."),
            upper_first(format_weekday_date(day, lang.lang)),
            lang.text(booking.slot.session.place)]
