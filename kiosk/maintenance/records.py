"""The latest tickets, appeals and bookings, for the technician's reprint list."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Literal, cast

from sqlite_utils import Database

logger = logging.getLogger(__name__)

RecordKind = Literal["ticket", "appeal", "booking"]

# Every stored moment is UTC ISO text of one form, so text order is time order. Each table
# gives its newest rows by walking its time index backwards; the three short lists are merged
# here (a UNION ALL sorted as a whole would sort every record ever taken).
_RECENT: tuple[tuple[str, str], ...] = (
    ("ticket", "SELECT uuid, number, issued_at, printed_at, print_error, status, id FROM tickets "
               "ORDER BY issued_at DESC, id DESC LIMIT ?"),
    ("appeal", "SELECT uuid, registration_number, submitted_at, printed_at, print_error, status, "
               "id FROM appeals ORDER BY submitted_at DESC, id DESC LIMIT ?"),
    ("booking", "SELECT uuid, slot_start, booked_at, printed_at, print_error, status, id "
                "FROM bookings ORDER BY booked_at DESC, id DESC LIMIT ?"),
)
#: (name, sql, sample parameters) of the reprint list's queries.
PERIODIC = tuple((f"recent {kind}s", sql, (20,)) for kind, sql in _RECENT)


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
    rows = [(str(created), int(row_id), kind, uuid, label, printed, error, status)
            for kind, sql in _RECENT
            for uuid, label, created, printed, error, status, row_id
            in db.execute(sql, [limit]).fetchall()]
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [RecentRecord(cast(RecordKind, kind), str(uuid), _label(kind, str(label)),
                         _moment(created), _moment(printed) if printed else None,
                         str(error) if error else None, str(status))
            for created, _, kind, uuid, label, printed, error, status in rows[:limit]]


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
