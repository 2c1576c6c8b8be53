"""Queue tickets: prefix + daily number, durable before print, never reused."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.clock import local_time
from kiosk.errors import ServiceUnavailable
from kiosk.hours import next_opening, ticket_refusal
from kiosk.i18n import N_, DateTimeText, Language, Message
from kiosk.i18n.formatting import is_soon
from kiosk.queue.position import position_of_new
from kiosk.storage import commit_record, utc_iso
from kiosk.storage.counters import next_value
from kiosk.tracking import new_tracking_code

KIND = "ticket"


@dataclass(frozen=True)
class Ticket:
    """An issued ticket as the receipt prints it."""

    uuid: str
    number: str
    department: str
    day: dt.date
    seq: int
    tracking_code: str
    issued_at: dt.datetime
    people_ahead: int
    language: Language
    #: Served out of turn (veterans, people with disabilities …); printed on the ticket.
    priority: bool = False
    #: The expected wait when it was issued, rounded up to 5 minutes (0: no one ahead).
    wait_minutes: int = 0


def format_ticket_number(prefix: str, seq: int) -> str:
    """``Ә-017``: the department prefix and a three-digit daily sequence."""
    return f"{prefix}-{seq:03d}"


def issue_ticket(db: Database, catalogue: Catalogue, department_id: str, now: dt.datetime,
                 language: Language, *, priority: bool = False) -> Ticket:
    """Issue the next ticket of the day for a department, committed with its outbox row.

    People ahead and the expected wait come from the line as it is (tickets still waiting,
    priority ones first up to the catalogue's cap) and today's measured service times.

    :raises ServiceUnavailable: outside ticket hours (with the next opening) or when the
        department's daily limit is reached.
    :raises KeyError: for an unknown department id.
    """
    department = catalogue.department(department_id)
    local_now = local_time(now, catalogue.akimat.timezone)
    refusal = ticket_refusal(catalogue, local_now)
    if refusal is not None:
        raise ServiceUnavailable(refusal.reason, refusal.message)
    day = local_now.date()

    def build() -> tuple[Ticket, dict[str, object]]:
        issued = db.execute("SELECT count(*) FROM tickets WHERE day = ? AND department = ?",
                            [day.isoformat(), department_id]).fetchone()[0]
        if issued >= department.daily_ticket_limit:
            raise ServiceUnavailable("daily_limit", _limit_message(catalogue, local_now))
        position = position_of_new(db, catalogue, day, department_id, priority)
        seq = next_value(db, f"ticket:{day.isoformat()}:{department_id}")
        ticket = Ticket(str(uuid.uuid4()), format_ticket_number(department.prefix, seq),
                        department_id, day, seq, new_tracking_code(), now, position.ahead,
                        language, priority, position.wait_minutes)
        return ticket, _row(ticket)

    return commit_record(db, "tickets", KIND, now, build)


def _row(ticket: Ticket) -> dict[str, object]:
    return {
        "uuid": ticket.uuid,
        "number": ticket.number,
        "department": ticket.department,
        "line": ticket.department,
        "day": ticket.day.isoformat(),
        "seq": ticket.seq,
        "tracking_code": ticket.tracking_code,
        "language": ticket.language.value,
        "issued_at": utc_iso(ticket.issued_at),
        "people_ahead": ticket.people_ahead,
        "priority": int(ticket.priority),
    }


def _limit_message(catalogue: Catalogue, local_now: dt.datetime) -> Message:
    tomorrow = dt.datetime.combine(local_now.date() + dt.timedelta(days=1), dt.time(0),
                                   tzinfo=local_now.tzinfo)
    when = next_opening(catalogue, tomorrow)
    return N_("No more tickets for this desk today: the daily limit is reached. "
              "Tickets are issued again {when}.",
              when=DateTimeText(when, soon=is_soon(when, local_now)) if when
              else N_("on the next working day"))
