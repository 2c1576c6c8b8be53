"""The appeals inbox: filters, search, sort and pages over indexed columns, within a scope.

Every query here starts from :meth:`~sync.server.accounts.Scope.where`, so a clerk of one
akimat cannot list, open, change or export another akimat's appeal: it is simply not
found (404), whatever the URL says.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kiosk.catalogue.model import Holidays
from kiosk.errors import ValidationError
from kiosk.kinds import kind as kind_of
from kiosk.tracking import normalize_tracking_code
from kiosk.validators.phone import normalize_phone
from kiosk.workdays import add_working_days
from sync.server.accounts import Scope
from sync.server.backend import Backend
from sync.server.columns import fold

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
#: The count shown above a list stops here ("more than 1,000"): counting every row of a
#: region on each page costs more than the page itself.
COUNT_CAP = 1000
SORTS = {
    "new": "r.id DESC",
    "old": "r.id ASC",
    "deadline": "r.deadline ASC, r.id ASC",
}
#: The order of a due list's ids. Such a list is a few thousand rows at most, found by
#: the (status, deadline) indexes and sorted; by the bare id, PostgreSQL walks the whole
#: table back from the newest record, expecting overdue appeals to be spread evenly — they
#: are the old ones (14,300 rows read for 50 in the benchmark's region). By deadline, too,
#: the few found are sorted: SQLite otherwise walked a deadline index through the whole
#: scope (1.1 ms against 0.1 ms for a clerk's overdue list).
_DUE_SORTS = {"new": "r.id + 0 DESC", "old": "r.id + 0 ASC",
              "deadline": SORTS["deadline"]}
_LIST_COLUMNS = ("r.id, r.kiosk_id, r.akimat, r.number, r.tracking_code, r.category, r.topic, "
                 "r.person_name, r.status, r.deadline, r.day, r.received_at, r.language")


def open_condition() -> str:
    """``r.status IN ('registered', 'in_progress')``: an appeal that still waits for staff."""
    return "r.status IN (" + ", ".join(f"'{code}'" for code in open_statuses("appeal")) + ")"


def open_statuses(kind: str) -> tuple[str, ...]:
    """The statuses of ``kind`` that still wait for staff (not final)."""
    return tuple(s.code for s in kind_of(kind).statuses if not s.final)


@dataclass(frozen=True)
class InboxFilter:
    """What the clerk asked for; every field is optional."""

    akimat: str = ""
    kiosk: str = ""
    category: str = ""
    status: str = ""
    received_from: str = ""
    received_to: str = ""
    due: str = ""  # "soon" (within 3 working days) or "overdue"
    query: str = ""
    sort: str = ""  # "new", "old", "deadline"; none given: a due list by deadline, else new
    page: int = 1


class InboxRow(NamedTuple):
    """One appeal in the list (a named tuple: 50 of them are made per page, and a frozen
    dataclass costs four times as much to build)."""

    id: int
    kiosk_id: str
    akimat: str
    number: str
    tracking_code: str
    category: str
    topic: str
    person_name: str
    status: str
    deadline: str
    day: str
    received_at: str
    language: str


@dataclass(frozen=True)
class InboxPage:
    """A page of the inbox with the (capped) total and the page count."""

    rows: list[InboxRow]
    total: int
    capped: bool
    page: int
    pages: int
    filters: InboxFilter = field(default_factory=InboxFilter)


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat() if text.strip() else ""
    except ValueError:
        return ""


def inbox_conditions(scope: Scope, flt: InboxFilter, today: dt.date,
                     holidays: Holidays) -> tuple[list[str], list[Any]]:
    """The WHERE parts and parameters of an appeals query for ``flt`` within ``scope``."""
    where, params = scope.where()
    query = flt.query.strip()[:100]
    # A search by code, number or name must start from that column's index. SQLite keeps
    # no statistics and would take 'kind' (one of five values) for the selective column,
    # then walk the whole scope (0.5 s for a tracking code in the region): so here the
    # kind is compared in a form no index serves.
    parts = ["r.kind || '' = 'appeal'" if query else "r.kind = 'appeal'", where]
    values: list[Any] = [*params]
    for column, value in (("r.akimat", flt.akimat), ("r.kiosk_id", flt.kiosk),
                          ("r.category", flt.category), ("r.status", flt.status)):
        if value:
            parts.append(f"{column} = ?")
            values.append(value)
    start, end = _day(flt.received_from), _day(flt.received_to)
    if start:
        parts.append("r.day >= ?")
        values.append(start)
    if end:
        parts.append("r.day <= ?")
        values.append(end)
    if flt.due in ("soon", "overdue"):
        # literal (from the registry): the open appeals' partial indexes must see it
        parts.append(open_condition())
        parts.append("r.deadline <> ''")
        if flt.due == "overdue":
            parts.append("r.deadline < ?")
            values.append(today.isoformat())
        else:
            parts.append("r.deadline >= ? AND r.deadline <= ?")
            values.extend((today.isoformat(),
                           add_working_days(holidays, today, 3).isoformat()))
    if query:
        condition, found = _search(query)
        parts.append(condition)
        values.extend(found)
    return parts, values


def _search(query: str) -> tuple[str, list[Any]]:
    """A tracking code, a phone number, a registration number or the beginning of a name."""
    try:
        return "r.tracking_code = ?", [normalize_tracking_code(query)]
    except ValidationError:
        pass
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 10 and not any(ch.isalpha() for ch in query):
        try:
            return "r.phone = ?", [normalize_phone(query)]
        except ValidationError:
            pass
    if any(ch.isdigit() for ch in query) and "-" in query:
        return "r.number = ?", [query.upper().replace(" ", "")]
    key = fold(query)
    return "r.name_key >= ? AND r.name_key < ?", [key, key + "\U0010ffff"]


def effective_sort(flt: InboxFilter) -> str:
    """The order asked for; without one, a due list by nearest deadline, else newest first."""
    if flt.sort in SORTS:
        return flt.sort
    return "deadline" if flt.due in ("soon", "overdue") else "new"


def inbox_page(db: Backend, scope: Scope, flt: InboxFilter, today: dt.date,
               holidays: Holidays) -> InboxPage:
    """One page of appeals for ``flt`` within ``scope``."""
    parts, values = inbox_conditions(scope, flt, today, holidays)
    where = " AND ".join(parts)
    sort = effective_sort(flt)
    order = SORTS[sort]
    ids_order = _DUE_SORTS[sort] if flt.due in ("soon", "overdue") else order
    page = max(1, min(flt.page, 10_000))
    count = (f"SELECT count(*) FROM (SELECT 1 FROM records r WHERE {where} "
             f"LIMIT {COUNT_CAP + 1}) AS capped")
    # One round trip: the page's ids first, from an index alone, then only those 50 rows
    # are read; the capped count rides along (a subquery of its own, evaluated once).
    rows = db.query(f"SELECT {_LIST_COLUMNS}, ({count}) FROM (SELECT r.id FROM records r "
                    f"WHERE {where} ORDER BY {ids_order} LIMIT {PAGE_SIZE} "
                    f"OFFSET {(page - 1) * PAGE_SIZE}) AS page "
                    f"JOIN records r ON r.id = page.id ORDER BY {order}", [*values, *values])
    total = int(rows[0][-1]) if rows else 0
    if not rows and page > 1:  # past the last page: counted on its own
        total = int(db.query(count, values)[0][0])
    capped = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    return InboxPage([_row(row) for row in rows], total, capped, page, pages, flt)


def _row(row: Sequence[Any]) -> InboxRow:
    """A list row from the query's columns (the count after them is left out)."""
    return InboxRow(int(row[0]), *["" if value is None else str(value)
                                   for value in row[1:len(InboxRow._fields)]])


def due_counts(db: Backend, scope: Scope, today: dt.date, holidays: Holidays) -> dict[str, int]:
    """How many open appeals are overdue and how many fall due within 3 working days."""
    counts = {}
    for due in ("overdue", "soon"):
        parts, values = inbox_conditions(scope, InboxFilter(due=due), today, holidays)
        counts[due] = int(db.query("SELECT count(*) FROM records r WHERE "
                                   + " AND ".join(parts), values)[0][0])
    parts, values = inbox_conditions(scope, InboxFilter(status="registered"), today, holidays)
    counts["new"] = int(db.query("SELECT count(*) FROM records r WHERE "
                                 + " AND ".join(parts), values)[0][0])
    return counts


def choices(db: Backend, scope: Scope, column: str, kind: str = "appeal") -> list[str]:
    """The values a filter offers within the scope: ``akimat``, ``kiosk_id`` or ``category``.

    Akimats and kiosks are the registered ones (the kiosks table, limited by the same
    scope: it has the akimat and district columns), so the lists cost the same for a
    region of 100,000 appeals as for ten. Categories are those of the scope's records of
    ``kind``, found one value at a time through an index (a loose index scan): a district
    admin's page once read every record of the district for these lists (0.3 s).
    """
    if column in ("akimat", "kiosk_id"):
        where, params = scope.where("k")
        rows = db.query(f"SELECT DISTINCT k.{column} FROM kiosks k WHERE {where} "
                        f"ORDER BY k.{column} LIMIT 1000", params)
    elif column == "category":
        where, params = scope.where()
        rows = db.query(
            "WITH RECURSIVE seen (value) AS ("
            "SELECT min(s.category) FROM records s WHERE s.kind = ? AND s.category > '' "
            "UNION ALL SELECT (SELECT min(s.category) FROM records s WHERE s.kind = ? "
            "AND s.category > seen.value) FROM seen WHERE seen.value IS NOT NULL) "
            "SELECT seen.value FROM seen WHERE seen.value IS NOT NULL AND EXISTS (SELECT 1 "
            f"FROM records r WHERE r.kind = ? AND r.category = seen.value AND {where}) "
            "ORDER BY seen.value LIMIT 1000", (kind, kind, kind, *params))
    else:
        raise ValueError(f"no choices for {column}")
    return [str(row[0]) for row in rows if row[0]]


@dataclass(frozen=True)
class RecordView:
    """One record as its page shows it: the stored columns and the kiosk's payload."""

    id: int
    kind: str
    kiosk_id: str
    akimat: str
    district: str
    tracking_code: str
    number: str
    status: str
    reply: str
    deadline: str
    received_at: str
    status_updated_at: str
    language: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class HistoryEntry:
    """One status change: when, by whom, from what to what, with which reply or reason."""

    at: str
    login: str
    old_status: str
    new_status: str
    reply: str
    reason: str


def find_record(db: Backend, scope: Scope, record_id: int, kind: str) -> RecordView | None:
    """The record with this id and kind, if it is within ``scope``; else None."""
    where, params = scope.where()
    rows = db.query("SELECT r.id, r.kind, r.kiosk_id, r.akimat, r.district, r.tracking_code, "
                    "r.number, r.status, r.reply, r.deadline, r.received_at, "
                    "r.status_updated_at, r.language, r.payload FROM records r "
                    f"WHERE r.id = ? AND r.kind = ? AND {where}", (record_id, kind, *params))
    if not rows:
        return None
    row = rows[0]
    try:
        payload = json.loads(row[13])
    except ValueError:
        payload = {}
    text = ["" if v is None else str(v) for v in row[1:13]]
    return RecordView(int(row[0]), text[0], text[1], text[2], text[3], text[4], text[5],
                      text[6], text[7], text[8], text[9], text[10], text[11],
                      payload if isinstance(payload, dict) else {})


def history(db: Backend, record_id: int) -> list[HistoryEntry]:
    """Every status change of a record, oldest first."""
    rows = db.query("SELECT at, login, old_status, new_status, reply, reason "
                    "FROM status_history WHERE record_id = ? ORDER BY id", (record_id,))
    return [HistoryEntry(*[str(v) for v in row]) for row in rows]
