"""The akim's reception: slots from the schedule, cancelled days skipped, each slot booked once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from kiosk.applicant import Applicant
from kiosk.bookings import Booking, book_slot, free_slots, schedule_slots
from kiosk.catalogue import Catalogue
from kiosk.errors import ServiceUnavailable
from kiosk.i18n import Language
from tests.conftest import at

PERSON = Applicant.parse("Серік Әбенов", "900101300007", "87771234567")
MONDAY = at(2026, 11, 30, 9, 0)


def _book(db: Database, catalogue: Catalogue, start: dt.datetime, topic: str = "т",
          language: Language = Language.KK) -> Booking:
    return book_slot(db, catalogue, slot_start=start, topic=topic, applicant=PERSON,
                     language=language, now=MONDAY)


def test_slots_follow_the_weekly_schedule(catalogue: Catalogue) -> None:
    slots = schedule_slots(catalogue, MONDAY)
    days = sorted({s.start.date() for s in slots})
    # Tue 1, Thu 3, Tue 8, Thu 10, (Tue 15 cancelled), Thu 17 ... within 14 days.
    assert days[:4] == [dt.date(2026, 12, d) for d in (1, 3, 8, 10)]
    assert dt.date(2026, 12, 15) not in days
    first_tuesday = [s for s in slots if s.start.date() == dt.date(2026, 12, 1)]
    assert len(first_tuesday) == 8  # 10:00-12:00 in 15-minute slots
    assert first_tuesday[0].start.time() == dt.time(10, 0)
    assert first_tuesday[-1].end.time() == dt.time(12, 0)


def test_past_slots_are_not_offered(catalogue: Catalogue) -> None:
    slots = schedule_slots(catalogue, at(2026, 12, 1, 10, 50))
    assert slots[0].start == at(2026, 12, 1, 11, 0)


def test_holidays_have_no_reception(catalogue: Catalogue) -> None:
    # Thursday 7 January 2027 is Orthodox Christmas, a day off.
    days = {s.start.date() for s in schedule_slots(catalogue, at(2026, 12, 31, 9))}
    assert dt.date(2027, 1, 7) not in days


def test_a_slot_is_booked_once(db: Database, catalogue: Catalogue) -> None:
    slot = free_slots(db, catalogue, MONDAY)[0]
    booking = _book(db, catalogue, slot.start, "Жер учаскесі", Language.KK)
    assert booking.slot.start == slot.start
    assert slot.start not in [s.start for s in free_slots(db, catalogue, MONDAY)]
    with pytest.raises(ServiceUnavailable) as info:
        _book(db, catalogue, slot.start, "Басқа", Language.RU)
    assert info.value.reason == "slot_taken"
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM outbox WHERE kind = 'booking'").fetchone()[0] == 1


def test_a_time_outside_the_schedule_is_refused(db: Database, catalogue: Catalogue) -> None:
    with pytest.raises(ServiceUnavailable) as info:
        _book(db, catalogue, at(2026, 12, 1, 10, 7))
    assert info.value.reason == "slot_unknown"


def test_a_cancelled_booking_frees_the_slot(db: Database, catalogue: Catalogue) -> None:
    slot = free_slots(db, catalogue, MONDAY)[0]
    booking = _book(db, catalogue, slot.start, "т", Language.KK)
    db.execute("UPDATE bookings SET status = 'cancelled' WHERE uuid = ?", [booking.uuid])
    assert _book(db, catalogue, slot.start, "т", Language.KK)
