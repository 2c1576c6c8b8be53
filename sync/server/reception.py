"""The akim's reception list per day, and staff cancelling or moving a booking.

Every query starts from :meth:`~sync.server.accounts.Scope.where`: a booking of another
akimat is not found (404), whatever the URL says. The list reads the indexed columns
(``kind``, ``day``, ``slot_start``, ``person_name``, ``topic``, ``phone``), never the JSON.

A cancellation or a move is one transaction: the record's status (and, for a move, its
``slot_start`` and ``day`` columns — the payload stays as the kiosk sent it), a line of
status history whose reason says what changed, an audit row, the reply the citizen reads
on ``/t/<code>`` and at the kiosk (in the citizen's language), and the akimat's reception
document republished for its kiosks (:mod:`sync.server.reception_schedule`), which free
the slot or move the booking in their own database when they pull it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Language, Translator
from kiosk.i18n.formatting import format_datetime
from kiosk.kinds import transition_problem
from sync.server.accounts import Account, Scope
from sync.server.audit import REASON_MAX, write_audit
from sync.server.backend import Backend, Transaction
from sync.server.errors import NotFound, Rejected
from sync.server.reception_schedule import (
    AkimatReception,
    akimat_reception,
    booked_starts,
    republish,
)
from sync.server.records import single_line

logger = logging.getLogger(__name__)

KIND = "booking"
#: The most bookings one day's list shows (a day has a few dozen slots).
DAY_LIMIT = 500
_ROW = ("SELECT r.id, r.slot_start, r.person_name, r.topic, r.phone, r.status, r.kiosk_id, "
        "r.akimat, r.tracking_code, r.language, r.status_updated_at FROM records r ")


@dataclass(frozen=True)
class BookingRow:
    """One booking of a day's reception list."""

    id: int
    slot_start: str
    person_name: str
    topic: str
    phone: str
    status: str
    kiosk_id: str
    akimat: str
    tracking_code: str
    language: str
    #: Staff changed it (a booked one was moved here).
    changed: bool
    #: Another booked booking holds the same time (booked at two kiosks, or offline).
    double: bool = False

    @property
    def time(self) -> str:
        """``HH:MM`` in the akimat's time (as the kiosk wrote the slot)."""
        return self.slot_start[11:16]


def _row(values: tuple[Any, ...]) -> BookingRow:
    text = ["" if value is None else str(value) for value in values]
    return BookingRow(id=int(values[0]), slot_start=text[1], person_name=text[2],
                      topic=text[3], phone=text[4], status=text[5], kiosk_id=text[6],
                      akimat=text[7], tracking_code=text[8], language=text[9],
                      changed=bool(values[10]))


def day_list(db: Backend, scope: Scope, day: dt.date, akimat: str = "") -> list[BookingRow]:
    """The bookings of ``day`` within ``scope`` (of one akimat when given), by time."""
    where, params = scope.where()
    extra, values = ("AND r.akimat = ? ", (akimat,)) if akimat else ("", ())
    rows = db.query(_ROW + f"WHERE r.kind = 'booking' AND r.day = ? AND {where} {extra}"
                    f"ORDER BY r.akimat, r.slot_start, r.id LIMIT {DAY_LIMIT}",
                    (day.isoformat(), *params, *values))
    found = [_row(row) for row in rows]
    held: dict[tuple[str, str], int] = {}
    for row in found:
        if row.status == "booked":
            held[(row.akimat, row.slot_start)] = held.get((row.akimat, row.slot_start), 0) + 1
    return [BookingRow(**{**row.__dict__, "double": row.status == "booked"
                          and held[(row.akimat, row.slot_start)] > 1}) for row in found]


def find_booking(db: Backend, scope: Scope, record_id: int) -> BookingRow | None:
    """The booking with this id if it is within ``scope``; else None."""
    where, params = scope.where()
    rows = db.query(_ROW + f"WHERE r.id = ? AND r.kind = 'booking' AND {where}",
                    (record_id, *params))
    return _row(rows[0]) if rows else None


@dataclass(frozen=True)
class Change:
    """What a cancellation or move did: the booking before, the slot after, the reply."""

    record_id: int
    old_status: str
    new_status: str
    old_slot: str
    new_slot: str
    reply: str
    document_version: str


@dataclass(frozen=True)
class Desk:
    """What a change needs besides the booking: the clock, the words, the defaults."""

    clock: Callable[[], str]
    translator: Translator
    fallback: Catalogue
    client: str = ""


def _reason(reason: str) -> str:
    cleaned = single_line(reason).strip()
    if not cleaned:
        raise Rejected("a reason is required: the citizen reads it on the status page")
    return cleaned[:REASON_MAX]


def _lock(db: Backend, tx: Transaction, akimat: str) -> None:
    """One change of an akimat's reception at a time (SQLite already writes one at a time)."""
    if not db.id_column.startswith("INTEGER"):
        tx.query("SELECT pg_advisory_xact_lock(hashtext(?))", (f"reception:{akimat}",))


def _booking(tx: Transaction, scope: Scope, record_id: int) -> tuple[str, str, str, str]:
    where, params = scope.where()
    rows = tx.query("SELECT r.status, r.akimat, r.slot_start, r.language FROM records r "
                    f"WHERE r.id = ? AND r.kind = 'booking' AND {where}",
                    (record_id, *params))
    if not rows:
        raise NotFound(f"no booking {record_id}")
    status, akimat, slot, language = (str(value or "") for value in rows[0])
    return status, akimat, slot, language


def _language(code: str) -> Language:
    return next((lang for lang in LANGUAGES if lang.value == code), DEFAULT_LANGUAGE)


def _when(reception: AkimatReception, slot: str, lang: Language) -> str:
    try:
        return format_datetime(reception.local(dt.datetime.fromisoformat(slot)), lang)
    except ValueError:
        return slot


def cancel_booking(db: Backend, desk: Desk, account: Account, record_id: int, *,
                   reason: str) -> Change:
    """Cancel a booked booking within the account's scope, with a reason.

    :raises NotFound: when the booking is not within the account's scope.
    :raises Rejected: without a reason, or when the registry refuses the transition.
    """
    reason = _reason(reason)
    with db.transaction() as tx:
        _, akimat, _, _ = _booking(tx, account.scope, record_id)
        _lock(db, tx, akimat)
        # read again under the lock: a change that held it has committed by now (PostgreSQL)
        status, akimat, slot, language = _booking(tx, account.scope, record_id)
        problem = "the booking is already cancelled" if status == "cancelled" else \
            transition_problem(KIND, status, "cancelled")
        if problem:
            raise Rejected(problem)
        reception = akimat_reception(tx, akimat, desk.fallback)
        lang = _language(language)
        reply = desk.translator.render(N_(
            "Your reception with the akim on {time} is cancelled. Reason: {reason}",
            time=_when(reception, slot, lang), reason=reason), lang)
        return _save(tx, desk, account, reception, Change(
            record_id, status, "cancelled", slot, slot, reply, ""), reason=reason,
            action="booking-cancel")


def move_booking(db: Backend, desk: Desk, account: Account, record_id: int, *,
                 slot_start: str, reason: str) -> Change:
    """Move a booked booking within the account's scope to a free slot of its schedule.

    :raises NotFound: when the booking is not within the account's scope.
    :raises Rejected: without a reason; for a booking that is not booked; for a slot that
        is not in the schedule (or already past), is the booking's own, or is taken.
    """
    reason = _reason(reason)
    with db.transaction() as tx:
        _, akimat, _, _ = _booking(tx, account.scope, record_id)
        _lock(db, tx, akimat)
        # read again under the lock: a change that held it has committed by now (PostgreSQL)
        status, akimat, slot, language = _booking(tx, account.scope, record_id)
        problem = transition_problem(KIND, status, "booked")
        if problem:
            raise Rejected(f"{problem}: only a booked reception can be moved")
        reception = akimat_reception(tx, akimat, desk.fallback)
        target = _free_slot(tx, reception, record_id, current=slot, wanted=slot_start,
                            now=dt.datetime.fromisoformat(desk.clock()))
        lang = _language(language)
        reply = desk.translator.render(N_(
            "Your reception with the akim is moved to {time} (it was {old}). Reason: {reason}",
            time=_when(reception, target, lang), old=_when(reception, slot, lang),
            reason=reason), lang)
        return _save(tx, desk, account, reception, Change(
            record_id, status, "booked", slot, target, reply, ""), reason=reason,
            action="booking-move")


def _free_slot(tx: Transaction, reception: AkimatReception, record_id: int, *, current: str,
               wanted: str, now: dt.datetime) -> str:
    """The slot text for ``wanted`` if the booking may move there; else :class:`Rejected`."""
    try:
        moment = dt.datetime.fromisoformat(wanted.strip())
    except ValueError as exc:
        raise Rejected(f"{wanted[:40]!r} is not a time of the reception schedule") from exc
    if moment.tzinfo is None:
        raise Rejected(f"{wanted[:40]!r} is not a time of the reception schedule")
    slot = next((s for s in reception.slots(now) if s.start == moment), None)
    if slot is None:
        raise Rejected("this time is not a free time of the reception schedule (a day "
                       "without reception, outside the sessions, past, or beyond the booking "
                       "horizon)")
    if current and dt.datetime.fromisoformat(current) == slot.start:
        raise Rejected("the booking already has this time")
    day = slot.start.date().isoformat()
    if slot.start in booked_starts(tx, reception.akimat, day, except_id=record_id):
        raise Rejected("another citizen has booked this time; choose a free one")
    return slot.start.isoformat()


def _save(tx: Transaction, desk: Desk, account: Account, reception: AkimatReception,
          change: Change, *, reason: str, action: str) -> Change:
    """Write the change, its history, its audit row and the republished document."""
    now = desk.clock()
    moved = change.new_slot != change.old_slot
    tx.execute("UPDATE records SET status = ?, reply = ?, status_updated_at = ?, slot_start = ?, "
               "day = ? WHERE id = ?", (change.new_status, change.reply, now, change.new_slot,
                                        change.new_slot[:10], change.record_id))
    note = f"{change.old_slot} -> {change.new_slot}: {reason}" if moved else reason
    tx.execute("INSERT INTO status_history (record_id, at, login, old_status, new_status, "
               "reply, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (change.record_id, now, account.login, change.old_status, change.new_status,
                change.reply, note[:REASON_MAX]))
    write_audit(tx, now, account.login, action, change.record_id,
                detail=f"{change.old_status} -> {change.new_status}; {note}",
                client=desk.client)
    today = reception.local(dt.datetime.fromisoformat(now)).date()
    document = republish(tx, reception, reception.schedule_text, now, today)
    logger.info("%s: %s booking %d (%s)", account.login, action, change.record_id, note)
    return Change(**{**change.__dict__, "document_version": document.version})

