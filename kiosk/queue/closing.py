"""At closing time the tickets still waiting (or called and never finished) are closed.

They become *missed* with the reason ``closed`` and a queue event each, so the citizen's
status page says the day ended instead of "waiting" forever and the region's reports
count them. Run by the kiosk's background worker every cycle; costs one look at the open
tickets (a partial index), whatever the size of the history.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import zoneinfo

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.clock import local_time
from kiosk.storage import utc_iso
from kiosk.storage.connection import write_transaction
from kiosk.storage.outbox import insert_with_outbox

logger = logging.getLogger(__name__)

KIND = "queue"
#: Tickets closed per transaction (the write lock is never held for long).
BATCH = 200
#: A clock this far past the newest ticket is not believed (no akimat closes that long).
IMPLAUSIBLE = dt.timedelta(days=30)


def closing_time(catalogue: Catalogue, day: dt.date) -> dt.datetime:
    """When the akimat's day ``day`` ends (local time); midnight after a day without hours."""
    local = zoneinfo.ZoneInfo(catalogue.akimat.timezone)
    intervals = catalogue.akimat.hours.intervals(day)
    if intervals:
        return dt.datetime.combine(day, intervals[-1].end, tzinfo=local)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=local)


def close_finished_days(db: Database, catalogue: Catalogue, now: dt.datetime) -> int:
    """Close every open ticket of a day that has ended; returns how many were closed."""
    local_now = local_time(now, catalogue.akimat.timezone)
    newest = db.execute("SELECT issued_at FROM tickets ORDER BY id DESC LIMIT 1").fetchone()
    if newest is not None and now - dt.datetime.fromisoformat(str(newest[0])) > IMPLAUSIBLE:
        # A clock run far ahead (a dead RTC battery, a bad time server) would close today's
        # line for good; a kiosk really off that long closes them after its next ticket.
        logger.warning("the clock says %s, %d days after the newest ticket: the queue is not "
                       "closed until the clock is right", now.isoformat(timespec="seconds"),
                       (now - dt.datetime.fromisoformat(str(newest[0]))).days)
        return 0
    days = [dt.date.fromisoformat(str(d)) for (d,) in db.execute(
        "SELECT DISTINCT day FROM tickets INDEXED BY tickets_open_days "
        "WHERE status IN ('waiting', 'called')").fetchall()]
    closed = 0
    for day in days:
        if day > local_now.date() or local_now < closing_time(catalogue, day):
            continue
        # Someone at a desk at closing time is being served: their ticket stays with the
        # desk until the specialist finishes it, or until the day is over.
        statuses = ("waiting",) if day == local_now.date() else ("waiting", "called")
        while True:
            count = _close_batch(db, day, now, statuses)
            closed += count
            if count < BATCH:
                break
    if closed:
        logger.info("closed %d tickets left open at the end of the day", closed)
    return closed


def _close_batch(db: Database, day: dt.date, now: dt.datetime,
                 statuses: tuple[str, ...]) -> int:
    marks = ", ".join("?" for _ in statuses)
    with write_transaction(db):
        rows = db.execute("SELECT id, uuid, number, line, priority, status, desk, room "
                          f"FROM tickets WHERE day = ? AND status IN ({marks}) "
                          "ORDER BY id LIMIT ?", [day.isoformat(), *statuses, BATCH]).fetchall()
        stamp = utc_iso(now)
        for ticket_id, ticket_uuid, number, department, priority, _status, desk, room in rows:
            db.execute("UPDATE tickets SET status = 'missed', finished_at = ?, "
                       "close_reason = 'closed' WHERE id = ?", [stamp, ticket_id])
            insert_with_outbox(db, "queue_events", {
                "uuid": str(uuid.uuid4()), "action": "close", "day": day.isoformat(),
                "department": department, "desk": desk or "", "room": room or "",
                "ticket_uuid": ticket_uuid, "ticket_number": number, "priority": priority,
                "ticket_status": "missed", "reason": "closed", "at": stamp}, KIND, now)
    return len(rows)
