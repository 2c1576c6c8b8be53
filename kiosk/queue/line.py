"""The waiting line of a department: who is called next, and in what order the rest wait.

Priority tickets are called before the others, but at most ``priority_in_a_row`` of them
in a row while a regular ticket waits (so no one is starved). Within each group the
earliest issue time goes first; a transferred ticket keeps its issue time, so it keeps
its place in the new department's line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

_WAITING = ("SELECT id, uuid, number, line, priority, issued_at FROM tickets "
            "WHERE day = ? AND line = ? AND status = 'waiting' AND priority = ? "
            "ORDER BY issued_at, id")


@dataclass(frozen=True)
class WaitingTicket:
    """A ticket in the line."""

    id: int
    uuid: str
    number: str
    department: str
    priority: bool
    issued_at: dt.datetime


def priority_streak(db: Database, day: dt.date, department: str, cap: int) -> int:
    """How many of the department's last calls today were priority tickets, in a row (≤ cap)."""
    rows = db.execute("SELECT priority FROM queue_events WHERE day = ? AND department = ? "
                      "AND action = 'call' ORDER BY id DESC LIMIT ?",
                      [day.isoformat(), department, cap]).fetchall()
    streak = 0
    for (priority,) in rows:
        if not priority:
            break
        streak += 1
    return streak


def next_in_line(db: Database, day: dt.date, department: str, cap: int) -> WaitingTicket | None:
    """The ticket a desk of ``department`` calls next, or None when no one waits."""
    first_priority = _first(db, day, department, True)
    first_regular = _first(db, day, department, False)
    if first_priority is not None and (
            first_regular is None or priority_streak(db, day, department, cap) < cap):
        return first_priority
    return first_regular


def line_order(db: Database, day: dt.date, department: str, cap: int,
               limit: int = 200) -> list[WaitingTicket]:
    """The waiting tickets in the order desks will call them (the first ``limit``)."""
    priority = _tickets(db, day, department, True, limit)
    regular = _tickets(db, day, department, False, limit)
    streak = priority_streak(db, day, department, cap)
    order: list[WaitingTicket] = []
    p = r = 0
    while len(order) < limit and (p < len(priority) or r < len(regular)):
        if p < len(priority) and (r >= len(regular) or streak < cap):
            order.append(priority[p])
            p += 1
            streak += 1
        else:
            order.append(regular[r])
            r += 1
            streak = 0
    return order


def ahead_of(db: Database, day: dt.date, department: str, cap: int, *, priority: bool,
             issued_at: str, ticket_id: int | None) -> int:
    """How many waiting tickets a desk calls before this one (``ticket_id`` None: a new one).

    Counted from the statuses as they are now; O(log n) with the line's index.
    """
    earlier_same = _count_before(db, day, department, priority, issued_at=issued_at,
                                 ticket_id=ticket_id)
    other = _count_all(db, day, department, not priority)
    streak = priority_streak(db, day, department, cap)
    if priority:
        # one regular ticket after every ``cap`` priority calls, while regular ones wait
        return earlier_same + min(other, (streak + earlier_same) // cap)
    # before each regular call (this one's too), up to ``cap`` priority calls
    return earlier_same + min(other, (cap - streak) + cap * earlier_same)


def _first(db: Database, day: dt.date, department: str, priority: bool) -> WaitingTicket | None:
    found = _tickets(db, day, department, priority, 1)
    return found[0] if found else None


def _tickets(db: Database, day: dt.date, department: str, priority: bool,
             limit: int) -> list[WaitingTicket]:
    rows = db.execute(_WAITING + " LIMIT ?",
                      [day.isoformat(), department, int(priority), limit]).fetchall()
    return [WaitingTicket(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]),
                          dt.datetime.fromisoformat(str(r[5]))) for r in rows]


def _count_before(db: Database, day: dt.date, department: str, priority: bool, *,
                  issued_at: str, ticket_id: int | None) -> int:
    if ticket_id is None:
        return _count_all(db, day, department, priority)
    row = db.execute("SELECT count(*) FROM tickets WHERE day = ? AND line = ? "
                     "AND status = 'waiting' AND priority = ? "
                     "AND (issued_at < ? OR (issued_at = ? AND id < ?))",
                     [day.isoformat(), department, int(priority), issued_at, issued_at,
                      ticket_id]).fetchone()
    return int(row[0])


def _count_all(db: Database, day: dt.date, department: str, priority: bool) -> int:
    row = db.execute("SELECT count(*) FROM tickets WHERE day = ? AND line = ? "
                     "AND status = 'waiting' AND priority = ?",
                     [day.isoformat(), department, int(priority)]).fetchone()
    return int(row[0])
