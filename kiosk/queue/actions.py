"""What a desk does with the queue: call next, recall, served, no-show, transfer, pause.

Each action runs in one write transaction (``BEGIN IMMEDIATE``): it reads the line,
changes the ticket and writes a ``queue_events`` row with its outbox row. Two desks
pressing Call next at the same moment queue for the write lock, so a ticket is never
called twice. An action carries an id chosen by the desk page; the same id again (a
retried request after a dropped connection) returns the first result instead of acting
twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuidlib
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.clock import local_time
from kiosk.i18n import N_
from kiosk.queue.desks import Desk, get_desk
from kiosk.queue.errors import QueueRefused
from kiosk.queue.line import next_in_line
from kiosk.storage import utc_iso
from kiosk.storage.connection import write_transaction
from kiosk.storage.outbox import insert_with_outbox

logger = logging.getLogger(__name__)

KIND = "queue"
ACTIONS = ("call", "recall", "serve", "no_show", "transfer", "pause", "resume")
_TICKET_COLUMNS = ("id, uuid, number, line, day, priority, status, issued_at, called_at, "
                   "desk, room, calls")


@dataclass(frozen=True)
class DeskTicket:
    """A ticket as a desk sees it (``department``: the line it waits in, after any transfer)."""

    id: int
    uuid: str
    number: str
    department: str
    day: dt.date
    priority: bool
    status: str
    issued_at: dt.datetime
    called_at: dt.datetime | None
    desk: str
    room: str
    calls: int


@dataclass(frozen=True)
class ActionResult:
    """What an action did: its event id (the board's sequence) and the ticket it touched."""

    event_id: int
    action: str
    ticket: DeskTicket | None
    repeated: bool = False


def current_ticket(db: Database, desk: Desk) -> DeskTicket | None:
    """The ticket this desk has called and not finished, or None."""
    row = db.execute(f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE desk = ? AND status = 'called' "
                     "ORDER BY called_at DESC LIMIT 1", [desk.login]).fetchone()
    return _ticket(row) if row else None


@dataclass(frozen=True)
class _Act:
    """One action in progress: the database (in its transaction), the desk, when, its id."""

    db: Database
    catalogue: Catalogue
    desk: Desk
    day: dt.date
    now: dt.datetime
    event_uuid: str


def perform(db: Database, catalogue: Catalogue, login: str, action: str, now: dt.datetime, *,
            action_id: str | None = None, to_department: str = "",
            ticket_uuid: str | None = None) -> ActionResult:
    """Do ``action`` for the desk ``login``; the one entry point of the desk page and CLI.

    ``ticket_uuid`` is the ticket the specialist saw at the desk when pressing Served,
    Call again, Did not come or Transfer: if another ticket is at the desk by now (the
    page was out of date, or open on a second device), nothing is done.

    :raises QueueRefused: with words for the specialist (empty queue, a ticket still at
        the desk, a paused desk, an unknown department …).
    """
    if action not in ACTIONS:
        raise QueueRefused("unknown", N_("Unknown action “{action}”.", action=action))
    event_uuid = _event_uuid(action_id)
    with write_transaction(db):
        earlier = _earlier(db, event_uuid, login)
        if earlier is not None:
            return earlier
        desk = get_desk(db, login)
        if desk is None or desk.state == "disabled":
            raise QueueRefused("no_desk", N_("This desk is switched off. Ask the kiosk's "
                                             "technician."))
        act = _Act(db, catalogue, desk, local_time(now, catalogue.akimat.timezone).date(), now,
                   event_uuid)
        if action in ("pause", "resume"):
            return _pause(act, action)
        if action == "call":
            return _call_next(act)
        return _with_ticket(act, action, to_department, ticket_uuid)


def _with_ticket(act: _Act, action: str, to_department: str,
                 seen: str | None) -> ActionResult:
    db, stamp = act.db, utc_iso(act.now)
    ticket = current_ticket(db, act.desk)
    if seen and (ticket is None or ticket.uuid != seen):
        row = db.execute("SELECT number FROM tickets WHERE uuid = ?", [seen]).fetchone()
        old = str(row[0]) if row else "?"
        if ticket is None:
            raise QueueRefused("stale", N_("Ticket {old} is no longer at your desk. Nothing was "
                                           "done.", old=old))
        raise QueueRefused("stale", N_("Ticket {old} is no longer at your desk: {number} is. "
                                       "Nothing was done; check the ticket and press again.",
                                       old=old, number=ticket.number))
    if ticket is None:
        raise QueueRefused("no_ticket", N_("No ticket is at your desk. Press “Call next”."))
    if action == "recall":
        db.execute("UPDATE tickets SET calls = calls + 1 WHERE id = ?", [ticket.id])
        return _event(act, "recall", ticket, "called")
    if action == "serve":
        db.execute("UPDATE tickets SET status = 'served', finished_at = ? WHERE id = ?",
                   [stamp, ticket.id])
        return _event(act, "serve", ticket, "served")
    if action == "no_show":
        db.execute("UPDATE tickets SET status = 'missed', finished_at = ?, "
                   "close_reason = 'no_show' WHERE id = ?", [stamp, ticket.id])
        return _event(act, "no_show", ticket, "missed", reason="no_show")
    return _transfer(act, ticket, to_department)


def _call_next(act: _Act) -> ActionResult:
    db, desk = act.db, act.desk
    if desk.paused:
        raise QueueRefused("paused", N_("Your desk is paused. Press “Resume” to call tickets."))
    at_desk = current_ticket(db, desk)
    if at_desk is not None:
        raise QueueRefused("busy", N_("Ticket {number} is still at your desk: press “Served”, "
                                      "“Did not come” or “Transfer” first.", number=at_desk.number))
    waiting = next_in_line(db, act.day, desk.department, act.catalogue.queue.priority_in_a_row)
    if waiting is None:
        name = act.catalogue.departments.get(desk.department)
        raise QueueRefused("empty", N_("No one is waiting for {department} now.",
                                       department=name.name if name else desk.department))
    changed = db.execute("UPDATE tickets SET status = 'called', desk = ?, room = ?, "
                         "called_at = ?, calls = calls + 1 WHERE id = ? AND status = 'waiting'",
                         [desk.login, desk.room, utc_iso(act.now), waiting.id]).rowcount
    if changed != 1:  # cannot happen under the write lock; never call a ticket twice
        raise RuntimeError(f"ticket {waiting.number} changed under the write lock")
    return _event(act, "call", _load(db, waiting.id), "called")


def _transfer(act: _Act, ticket: DeskTicket, to: str) -> ActionResult:
    if to not in act.catalogue.departments:
        raise QueueRefused("department", N_("Choose the department to send the ticket to."))
    if to == ticket.department:
        raise QueueRefused("department", N_("The ticket is already in this department."))
    act.db.execute("UPDATE tickets SET status = 'waiting', line = ?, desk = NULL, "
                   "room = NULL, called_at = NULL, calls = 0 WHERE id = ?", [to, ticket.id])
    return _event(act, "transfer", ticket, "waiting", to_department=to)


def _pause(act: _Act, action: str) -> ActionResult:
    db, desk = act.db, act.desk
    if action == "pause" and current_ticket(db, desk) is not None:
        raise QueueRefused("busy", N_("Finish the ticket at your desk before pausing."))
    db.execute("UPDATE desks SET state = ? WHERE id = ?",
               ["paused" if action == "pause" else "open", desk.id])
    row = {"uuid": act.event_uuid, "action": action, "day": act.day.isoformat(),
           "department": desk.department, "desk": desk.login, "room": desk.room,
           "reason": "", "at": utc_iso(act.now)}
    insert_with_outbox(db, "queue_events", row, KIND, act.now)
    return ActionResult(_event_id(db, act.event_uuid), action, None)


def _event(act: _Act, action: str, ticket: DeskTicket, status: str, *, reason: str = "",
           to_department: str | None = None) -> ActionResult:
    now = act.now
    row: dict[str, object] = {
        "uuid": act.event_uuid, "action": action, "day": ticket.day.isoformat(),
        "department": ticket.department, "desk": act.desk.login, "room": act.desk.room,
        "ticket_uuid": ticket.uuid, "ticket_number": ticket.number,
        "priority": int(ticket.priority), "ticket_status": status, "reason": reason,
        "at": utc_iso(now)}
    if action == "call":
        row["wait_seconds"] = max(0, int((now - ticket.issued_at).total_seconds()))
    if action in ("serve", "no_show") and ticket.called_at is not None:
        row["service_seconds"] = max(0, int((now - ticket.called_at).total_seconds()))
    if to_department is not None:
        row["to_department"] = to_department
    insert_with_outbox(act.db, "queue_events", row, KIND, now)
    logger.info("desk %s: %s %s", act.desk.login, action, ticket.number)
    return ActionResult(_event_id(act.db, act.event_uuid), action, _load(act.db, ticket.id))


def _earlier(db: Database, event_uuid: str, login: str) -> ActionResult | None:
    row = db.execute("SELECT e.id, e.action, t.id, e.desk FROM queue_events e LEFT JOIN "
                     "tickets t ON t.uuid = e.ticket_uuid WHERE e.uuid = ?",
                     [event_uuid]).fetchone()
    if row is None:
        return None
    if row[3] != login.strip().lower():  # another desk's action id: never its result
        raise QueueRefused("action_id", N_("The page is out of date. Reload it and try "
                                           "again."))
    ticket = _load(db, int(row[2])) if row[2] is not None else None
    return ActionResult(int(row[0]), str(row[1]), ticket, repeated=True)


def _event_uuid(action_id: str | None) -> str:
    if not action_id:
        return str(uuidlib.uuid4())
    try:
        return str(uuidlib.UUID(action_id))
    except ValueError as exc:
        raise QueueRefused("action_id", N_("The page is out of date. Reload it and try "
                                           "again.")) from exc


def _event_id(db: Database, event_uuid: str) -> int:
    return int(db.execute("SELECT id FROM queue_events WHERE uuid = ?",
                          [event_uuid]).fetchone()[0])


def _load(db: Database, ticket_id: int) -> DeskTicket:
    row = db.execute(f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE id = ?",
                     [ticket_id]).fetchone()
    return _ticket(row)


def _ticket(row: tuple[object, ...]) -> DeskTicket:
    called = row[8]
    return DeskTicket(int(str(row[0])), str(row[1]), str(row[2]), str(row[3]),
                      dt.date.fromisoformat(str(row[4])), bool(row[5]), str(row[6]),
                      dt.datetime.fromisoformat(str(row[7])),
                      dt.datetime.fromisoformat(str(called)) if called else None,
                      str(row[9] or ""), str(row[10] or ""), int(str(row[11])))
