"""People ahead and the expected wait, from the line as it is now and today's service times."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.queue.line import ahead_of

#: Wait estimates are rounded up to this many minutes (a promise to the minute is false).
ROUND_MINUTES = 5


@dataclass(frozen=True)
class Position:
    """Where a ticket stands: people ahead, expected wait, whether the time was measured."""

    ahead: int
    wait_minutes: int
    #: True when today's served tickets gave the service time; False: the catalogue's default.
    measured: bool


def service_seconds(db: Database, day: dt.date, department: str) -> float | None:
    """The mean service time of the department's tickets served today, or None (none yet)."""
    row = db.execute("SELECT avg(service_seconds), count(service_seconds) FROM queue_events "
                     "WHERE day = ? AND department = ? AND action = 'serve'",
                     [day.isoformat(), department]).fetchone()
    return float(row[0]) if row and row[1] else None


def working_desks(db: Database, day: dt.date, department: str) -> int:
    """Desks of the department that called a ticket today and are not paused (at least 1)."""
    row = db.execute(
        "SELECT count(*) FROM desks WHERE department = ? AND state = 'open' AND login IN "
        "(SELECT desk FROM queue_events WHERE day = ? AND department = ? AND action = 'call')",
        [department, day.isoformat(), department]).fetchone()
    return max(1, int(row[0]))


def estimate(db: Database, catalogue: Catalogue, day: dt.date, department: str,
             ahead: int) -> Position:
    """The expected wait for a ticket with ``ahead`` people before it."""
    measured = service_seconds(db, day, department)
    seconds = measured if measured is not None else \
        catalogue.queue.default_service_minutes * 60.0
    if ahead <= 0:
        return Position(0, 0, measured is not None)
    minutes = ahead * seconds / working_desks(db, day, department) / 60.0
    rounded = max(ROUND_MINUTES, math.ceil(minutes / ROUND_MINUTES) * ROUND_MINUTES)
    return Position(ahead, rounded, measured is not None)


def position_of_new(db: Database, catalogue: Catalogue, day: dt.date, department: str,
                    priority: bool) -> Position:
    """The position a ticket issued now would have (call inside the issuing transaction)."""
    ahead = ahead_of(db, day, department, catalogue.queue.priority_in_a_row, priority=priority,
                     issued_at="", ticket_id=None)
    return estimate(db, catalogue, day, department, ahead)


def position_of(db: Database, catalogue: Catalogue, ticket_uuid: str) -> Position | None:
    """The position of a waiting ticket now, or None when it is not waiting (or unknown)."""
    row = db.execute("SELECT id, day, line, priority, issued_at, status FROM tickets "
                     "WHERE uuid = ?", [ticket_uuid]).fetchone()
    if row is None or row[5] != "waiting":
        return None
    day = dt.date.fromisoformat(str(row[1]))
    ahead = ahead_of(db, day, str(row[2]), catalogue.queue.priority_in_a_row,
                     priority=bool(row[3]), issued_at=str(row[4]), ticket_id=int(row[0]))
    return estimate(db, catalogue, day, str(row[2]), ahead)
