"""The akim's personal reception: slots from the published schedule, each booked at most once."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
import zoneinfo
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.applicant import Applicant
from kiosk.catalogue.model import Catalogue, ReceptionSession
from kiosk.clock import local_time
from kiosk.errors import ServiceUnavailable
from kiosk.i18n import N_, Language
from kiosk.storage import commit_record, utc_iso
from kiosk.tracking import new_tracking_code
from kiosk.validators import clean_text

KIND = "booking"
TOPIC_MAX = 150


@dataclass(frozen=True)
class Slot:
    """One bookable slot of a reception session, in the akimat's local time."""

    start: dt.datetime
    end: dt.datetime
    session: ReceptionSession


@dataclass(frozen=True)
class Booking:
    """A confirmed booking as the confirmation receipt prints it."""

    uuid: str
    tracking_code: str
    slot: Slot
    topic: str
    applicant: Applicant
    language: Language
    booked_at: dt.datetime


def schedule_slots(catalogue: Catalogue, local_now: dt.datetime) -> list[Slot]:
    """Every slot from now to the booking horizon on working, non-cancelled days, in order."""
    reception = catalogue.reception
    tz = zoneinfo.ZoneInfo(catalogue.akimat.timezone)
    today = local_now.date()
    slots: list[Slot] = []
    for offset in range(reception.booking_horizon_days + 1):
        day = today + dt.timedelta(days=offset)
        if not catalogue.holidays.is_working_day(day) or day in reception.cancelled:
            continue
        for session in reception.sessions:
            if session.weekday.number != day.weekday():
                continue
            start = dt.datetime.combine(day, session.start, tzinfo=tz)
            end_of_session = dt.datetime.combine(day, session.end, tzinfo=tz)
            step = dt.timedelta(minutes=session.slot_minutes)
            while start + step <= end_of_session:
                if start > local_now:
                    slots.append(Slot(start, start + step, session))
                start += step
    return sorted(slots, key=lambda s: s.start)


def free_slots(db: Database, catalogue: Catalogue, now: dt.datetime) -> list[Slot]:
    """Scheduled slots nobody has booked yet."""
    taken = {row[0] for row in db.execute(
        "SELECT slot_start FROM bookings WHERE status = 'booked'").fetchall()}
    local_now = local_time(now, catalogue.akimat.timezone)
    return [s for s in schedule_slots(catalogue, local_now) if s.start.isoformat() not in taken]


def book_slot(db: Database, catalogue: Catalogue, *, slot_start: dt.datetime, topic: str,
              applicant: Applicant, language: Language, now: dt.datetime) -> Booking:
    """Book the slot starting at ``slot_start`` for the applicant, committed with its outbox row.

    :raises ServiceUnavailable: ``slot_unknown`` when no such slot is scheduled (any more),
        ``slot_taken`` when someone booked it first.
    :raises ValidationError: for an empty or too long topic.
    """
    clean_topic = clean_text(topic, field="topic", max_length=TOPIC_MAX)
    local_now = local_time(now, catalogue.akimat.timezone)
    wanted = slot_start.astimezone(zoneinfo.ZoneInfo(catalogue.akimat.timezone))
    slot = next((s for s in schedule_slots(catalogue, local_now) if s.start == wanted), None)
    if slot is None:
        raise ServiceUnavailable("slot_unknown", N_("This time is not in the akim's reception "
                                                    "schedule any more. Choose another time."))

    def build() -> tuple[Booking, dict[str, object]]:
        booking = Booking(str(uuid.uuid4()), new_tracking_code(), slot, clean_topic, applicant,
                          language, now)
        return booking, _row(booking)

    try:
        return commit_record(db, "bookings", KIND, now, build)
    except sqlite3.IntegrityError as exc:
        if "slot_start" not in str(exc):
            raise
        raise ServiceUnavailable("slot_taken", N_("Someone has just booked this time. "
                                                  "Please choose another one.")) from exc


def _row(booking: Booking) -> dict[str, object]:
    person = booking.applicant
    return {
        "uuid": booking.uuid,
        "tracking_code": booking.tracking_code,
        "slot_start": booking.slot.start.isoformat(),
        "slot_end": booking.slot.end.isoformat(),
        "topic": booking.topic,
        "full_name": person.full_name,
        "iin": person.iin,
        "phone": person.phone,
        "language": booking.language.value,
        "booked_at": utc_iso(booking.booked_at),
    }
