"""The akim's personal reception: slots from the published schedule, each booked at most once."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlite_utils import Database

from kiosk.applicant import Applicant
from kiosk.catalogue.model import Catalogue, Holidays, Reception, ReceptionSession
from kiosk.clock import local_time
from kiosk.errors import ServiceUnavailable
from kiosk.i18n import N_, Language
from kiosk.storage import commit_record, utc_iso, write_transaction
from kiosk.tracking import new_tracking_code
from kiosk.validators import clean_text

if TYPE_CHECKING:
    from kiosk.reception import BookingChange

logger = logging.getLogger(__name__)

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
    return reception_slots(catalogue.reception, catalogue.holidays, catalogue.akimat.timezone,
                           local_now)


def reception_slots(reception: Reception, holidays: Holidays, timezone: str,
                    local_now: dt.datetime) -> list[Slot]:
    """The slots of ``reception`` after ``local_now`` up to its horizon, in ``timezone``.

    The kiosk and the regional server both cut slots here, so a slot's start reads the
    same (``2026-12-15T10:00:00+05:00``) on both sides.
    """
    tz = zoneinfo.ZoneInfo(timezone)
    today = local_now.date()
    slots: list[Slot] = []
    for offset in range(reception.booking_horizon_days + 1):
        day = today + dt.timedelta(days=offset)
        if not holidays.is_working_day(day) or day in reception.cancelled:
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


@dataclass(frozen=True)
class AppliedChanges:
    """What applying a reception document's changes did to the kiosk's bookings."""

    cancelled: int = 0
    moved: int = 0
    #: Moves left undone: another booking of this kiosk holds the new slot.
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Move:
    uuid: str
    start: str
    end: str


class _Taken(Exception):
    """A move's new slot is held by another booking of this kiosk."""

    def __init__(self, move: _Move) -> None:
        super().__init__(move.uuid)
        self.move = move


def apply_booking_changes(db: Database, changes: Iterable[BookingChange]) -> AppliedChanges:
    """Make this kiosk's bookings what staff made them, in one transaction.

    A cancelled booking stops holding its slot (it can be booked again); a moved one holds
    its new slot, written in the offset the kiosk wrote the old one in (so the text matches
    the kiosk's own schedule). Changes of other kiosks' bookings, and changes already
    applied, do nothing. Moved bookings first leave their slots together, so two bookings
    that swap slots do not trip the one-booking-per-slot index. A move onto a slot that
    another booking of this kiosk holds (booked here before the kiosk heard of the move)
    is left undone and reported — the booking keeps its old slot, and the server's
    reception list shows both bookings at that time.
    """
    wanted = list(changes)
    cancelled = 0
    with write_transaction(db):
        for change in wanted:
            if change.status == "cancelled":
                cancelled += db.execute("UPDATE bookings SET status = 'cancelled' WHERE uuid = ? "
                                        "AND status = 'booked'", [change.uuid]).rowcount
        moves = _moves(db, [c for c in wanted if c.status == "booked"])
        conflicts: list[str] = []
        while moves:
            try:
                _move_all(db, moves)
                break
            except _Taken as taken:  # the savepoint is undone: try again without this one
                moves.remove(taken.move)
                conflicts.append(taken.move.uuid)
    if conflicts:
        logger.warning("%d booking move(s) not applied: the new slot is taken here: %s",
                       len(conflicts), ", ".join(conflicts))
    return AppliedChanges(cancelled, len(moves), tuple(conflicts))


def _moves(db: Database, changes: list[BookingChange]) -> list[_Move]:
    """The booked changes whose slot differs from this kiosk's row, in the row's offset."""
    moves = []
    for change in changes:
        row = db.execute("SELECT slot_start FROM bookings WHERE uuid = ? AND status = 'booked'",
                         [change.uuid]).fetchone()
        if row is None:
            continue
        offset = dt.datetime.fromisoformat(str(row[0])).tzinfo
        start = change.slot_start.astimezone(offset).isoformat()
        if start != row[0]:
            moves.append(_Move(change.uuid, start,
                               change.slot_end.astimezone(offset).isoformat()))
    return moves


def _move_all(db: Database, moves: list[_Move]) -> None:
    """Every move in one savepoint; :class:`_Taken` (the savepoint undone) on a taken slot."""
    with db.atomic():
        for move in moves:
            db.execute("UPDATE bookings SET slot_start = ? WHERE uuid = ?",
                       [f"moving:{move.uuid}", move.uuid])
        for move in moves:
            try:
                db.execute("UPDATE bookings SET slot_start = ?, slot_end = ? WHERE uuid = ?",
                           [move.start, move.end, move.uuid])
            except sqlite3.IntegrityError as exc:
                raise _Taken(move) from exc
