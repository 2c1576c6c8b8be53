"""The latest tickets, appeals and bookings, for the technician's reprint list."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Literal, cast

from sqlite_utils import Database

logger = logging.getLogger(__name__)

RecordKind = Literal["ticket", "appeal", "booking"]

# Every stored moment is UTC ISO text of one form, so text order is time order.
_RECENT = """
SELECT kind, uuid, label, created_at, printed_at, print_error, status FROM (
    SELECT 'ticket' AS kind, uuid, number AS label, issued_at AS created_at, printed_at,
           print_error, status, id FROM tickets
    UNION ALL
    SELECT 'appeal', uuid, registration_number, submitted_at, printed_at, print_error, status,
           id FROM appeals
    UNION ALL
    SELECT 'booking', uuid, slot_start, booked_at, printed_at, print_error, status, id
    FROM bookings
) ORDER BY created_at DESC, id DESC LIMIT ?
"""


@dataclass(frozen=True)
class RecentRecord:
    """One record a citizen took, as the reprint list shows it."""

    kind: RecordKind
    uuid: str
    label: str  # "A-012", the appeal's registration number, or the slot "2026-12-01 10:30"
    created_at: dt.datetime  # UTC, aware
    printed_at: dt.datetime | None
    print_error: str | None
    status: str = ""

    @property
    def needs_reprint(self) -> bool:
        """True while the printer has not confirmed a receipt (failed, or never finished)."""
        return self.printed_at is None


def recent_records(db: Database, limit: int = 20) -> list[RecentRecord]:
    """The ``limit`` newest tickets, appeals and bookings together, newest first."""
    if limit <= 0:
        return []
    rows = db.execute(_RECENT, [limit]).fetchall()
    return [RecentRecord(cast(RecordKind, kind), str(uuid), _label(kind, str(label)),
                         _moment(created), _moment(printed) if printed else None,
                         str(error) if error else None, str(status))
            for kind, uuid, label, created, printed, error, status in rows]


def _label(kind: str, label: str) -> str:
    if kind != "booking":
        return label
    # slot_start is local ISO text with its offset: the akimat's wall clock, as booked
    return dt.datetime.fromisoformat(label).strftime("%Y-%m-%d %H:%M")


def _moment(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
