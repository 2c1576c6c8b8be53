"""What is known about a record by its tracking code: here on the kiosk, and merged with the server.

The answer has no personal data (no name, IIN, phone, address or text). Tickets move at
the akimat's desks, which talk to this kiosk, so for a ticket the kiosk's own answer is
the newer one; appeals and bookings are answered by staff on the regional server, whose
answer wins for them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlite_utils import Database


@dataclass(frozen=True)
class StatusAnswer:
    """What the status screen and the public page may show: no personal data."""

    code: str
    kind: str
    status: str
    number: str = ""
    reply: str = ""
    deadline: str = ""
    updated_at: str = ""
    #: For a called ticket: the room the person is called to.
    room: str = ""
    #: For a waiting ticket, known on the kiosk only: how many people are called before it.
    ahead: str = ""
    #: For a waiting ticket, known on the kiosk only: the expected wait in minutes.
    wait_minutes: str = ""


_QUERIES = (
    ("ticket", "SELECT number, status, '', '', coalesce(finished_at, called_at, issued_at), "
               "CASE WHEN status = 'called' THEN coalesce(room, '') ELSE '' END "
               "FROM tickets WHERE tracking_code = ?"),
    ("appeal", "SELECT registration_number, status, deadline, coalesce(reply, ''), "
               "submitted_at, '' FROM appeals WHERE tracking_code = ?"),
    ("booking", "SELECT slot_start, status, '', '', booked_at, '' FROM bookings "
                "WHERE tracking_code = ?"),
)
#: Kinds whose status changes on the kiosk (its answer is the newer one).
KIOSK_LED = frozenset({"ticket"})


def local_status(db: Database, code: str) -> StatusAnswer | None:
    """The record with this (normalized) code in the kiosk's own database, or None."""
    for kind, sql in _QUERIES:
        row = db.execute(sql, [code]).fetchone()
        if row:
            return StatusAnswer(code, kind, str(row[1]), str(row[0]), str(row[3]), str(row[2]),
                                str(row[4]), str(row[5]))
    return None


def merged_status(local: StatusAnswer | None, server: StatusAnswer | None) -> StatusAnswer | None:
    """The answer to show when both the kiosk and the server may know the record."""
    if local is None or server is None:
        return local or server
    if local.kind in KIOSK_LED:
        return local
    return replace(server, number=server.number or local.number)
