"""Ratings and the monthly report: queries over the records' indexed columns, within a scope.

Every query starts from :meth:`~sync.server.accounts.Scope.where` (the one place that
limits what an account sees), narrowed to one akimat or district on request. Counts,
averages and deadlines come from plain columns (kind, akimat, district, category, day,
score, status, deadline, status_updated_at); only the reasons and comments of ratings
live in the payload, so only the month's ratings of the scope are parsed for them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.kinds import kind
from kiosk.pdf.monthly import (
    AkimatLine,
    MonthlyReport,
    OnTime,
    OverdueAppeal,
    RatingComment,
    RatingsSummary,
    ReasonCount,
    status_order,
)
from kiosk.report_data import (
    AppealsPerType,
    AppealTypeCount,
    DepartmentDay,
    RatingsDistribution,
    TicketsPerDay,
)
from sync.server.accounts import Scope
from sync.server.backend import Backend

logger = logging.getLogger(__name__)

#: The overdue list stops here (the console's inbox lists every one).
OVERDUE_MAX = 500
#: The newest comments a page shows.
COMMENTS_MAX = 100
#: A rating's reasons and comment are read from at most this many ratings of a month.
RATINGS_PARSED_MAX = 50_000
TREND_MONTHS = 12


@dataclass(frozen=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    @property
    def start(self) -> dt.date:
        """Its first day."""
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        """Its last day."""
        return self.shift(1).start - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        """``2026-11``."""
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Month:
        """The month ``months`` later (earlier when negative)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


def parse_month(text: str | None, today: dt.date) -> Month:
    """``YYYY-MM`` (years 2000-2100); today's month when empty.

    :raises ValueError: for anything else.
    """
    text = (text or "").strip()
    if not text:
        return Month(today.year, today.month)
    year, sep, month = text.partition("-")
    if not (sep and len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()
            and 2000 <= int(year) <= 2100 and 1 <= int(month) <= 12):
        raise ValueError(f"a month is written YYYY-MM, not {text[:20]!r}")
    return Month(int(year), int(month))


@dataclass(frozen=True)
class Area:
    """Whose records a report counts: an account's scope, narrowed to an akimat or district."""

    scope: Scope
    akimat: str = ""
    district: str = ""

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition over ``records r`` and its parameters."""
        condition, params = self.scope.where()
        parts, values = [condition], list(params)
        for column, value in (("r.akimat", self.akimat), ("r.district", self.district)):
            if value:
                parts.append(f"{column} = ?")
                values.append(value)
        return " AND ".join(parts), values

    @property
    def place(self) -> tuple[str, str]:
        """(``akimat`` | ``district`` | ``region``, the name) of what is counted."""
        akimat = self.akimat or (self.scope.akimat if self.scope.role in ("clerk", "office")
                                 else "")
        if akimat:
            return "akimat", akimat
        district = self.district or self.scope.district
        return ("district", district) if district else ("region", "")


def akimats(db: Backend, scope: Scope) -> list[tuple[str, str]]:
    """(akimat, district) of every kiosk's akimat the scope may report on, sorted."""
    condition, params = scope.where("k")
    rows = db.query(f"SELECT DISTINCT k.akimat, k.district FROM kiosks k WHERE {condition} "
                    "AND k.akimat <> '' ORDER BY k.akimat", params)
    return [(str(a), str(d)) for a, d in rows]


def month_records(db: Backend, area: Area, record_kind: str, month: Month, select: str, *,
             group: str = "", extra: str = "", extra_params: Sequence[Any] = ()) -> list[Any]:
    """``SELECT select`` over the month's records of ``record_kind`` in ``area``."""
    condition, params = area.where()
    sql = (f"SELECT {select} FROM records r WHERE r.kind = ? AND {condition} "
           f"AND r.day >= ? AND r.day < ?{extra}")
    if group:
        sql += f" GROUP BY {group}"
    return db.query(sql, (record_kind, *params, month.start.isoformat(),
                          month.shift(1).start.isoformat(), *extra_params))


def _distribution(rows: Iterable[Sequence[Any]], month: Month) -> RatingsDistribution:
    counts = dict.fromkeys(range(1, 6), 0)
    for score, count in rows:
        if score is not None and int(score) in counts:
            counts[int(score)] += int(count)
    a, b, c, d, e = (counts[s] for s in range(1, 6))
    return RatingsDistribution(month.start, month.end, (a, b, c, d, e))


def _final_codes() -> tuple[str, ...]:
    return tuple(s.code for s in kind("appeal").statuses if s.final)


def _open_codes() -> tuple[str, ...]:
    return tuple(s.code for s in kind("appeal").statuses if not s.final)


def _marks(values: Sequence[str]) -> str:
    return ", ".join("?" for _ in values)


def judge(status: str, deadline: str, updated_at: str | None, today: dt.date,
          zone: zoneinfo.ZoneInfo) -> str:
    """``on_time``, ``late``, ``overdue`` or ``""`` (open and not yet due, or no deadline)."""
    try:
        due = dt.date.fromisoformat(deadline)
    except ValueError:
        return ""
    if status in _final_codes():
        if not updated_at:
            return ""
        try:
            closed = dt.datetime.fromisoformat(updated_at).astimezone(zone).date()
        except ValueError:
            return ""
        return "on_time" if closed <= due else "late"
    return "overdue" if due < today else ""


def _on_time(db: Backend, area: Area, month: Month, today: dt.date,
             zone: zoneinfo.ZoneInfo) -> dict[str, Counter[str]]:
    """Per akimat: how many of the month's appeals are on time, late and overdue."""
    finals = _final_codes()
    rows = month_records(db, area, "appeal", month, "r.akimat, r.status, r.deadline, "
                    "r.status_updated_at",
                    extra=f" AND r.deadline <> '' AND (r.status IN ({_marks(finals)}) "
                          "OR r.deadline < ?)", extra_params=(*finals, today.isoformat()))
    found: dict[str, Counter[str]] = {}
    for akimat, status, deadline, updated_at in rows:
        verdict = judge(str(status), str(deadline), updated_at, today, zone)
        if verdict:
            found.setdefault(str(akimat), Counter())[verdict] += 1
    return found


def _as_on_time(counter: Counter[str]) -> OnTime:
    return OnTime(counter["on_time"], counter["late"], counter["overdue"])


def overdue_appeals(db: Backend, area: Area, month: Month, today: dt.date) -> list[OverdueAppeal]:
    """The month's appeals still open after their deadline, the longest overdue first."""
    waiting = _open_codes()
    rows = month_records(db, area, "appeal", month, "r.id, r.number, r.tracking_code, "
                    "r.person_name, r.category, r.deadline, r.akimat",
                    extra=f" AND r.status IN ({_marks(waiting)}) AND r.deadline <> '' "
                          f"AND r.deadline < ? ORDER BY r.deadline, r.id LIMIT {OVERDUE_MAX}",
                    extra_params=(*waiting, today.isoformat()))
    found = []
    for record_id, number, code, name, category, deadline, akimat in rows:
        due = dt.date.fromisoformat(str(deadline))
        found.append(OverdueAppeal(int(record_id), str(number or code or ""), str(name),
                                   str(category), due, (today - due).days, str(akimat)))
    return found


def _reasons_list(value: object) -> list[str]:
    """The reason codes of a payload's ``reasons`` (JSON text as the kiosk stores it, or a list)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if not isinstance(value, list):
        return []
    return [item for item in value[:20] if isinstance(item, str) and item]


def _rated_at(text: object, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(zone) if moment.tzinfo else None


def rating_texts(db: Backend, area: Area, month: Month, zone: zoneinfo.ZoneInfo,
                 department: str = "") -> tuple[tuple[ReasonCount, ...],
                                                tuple[RatingComment, ...]]:
    """The reasons chosen (most first) and the newest comments of the month's ratings."""
    extra, params = (" AND r.category = ?", (department,)) if department else ("", ())
    rows = month_records(db, area, "rating", month, "r.id, r.payload",
                    extra=f"{extra} ORDER BY r.id DESC LIMIT {RATINGS_PARSED_MAX}",
                    extra_params=params)
    reasons: Counter[str] = Counter()
    comments: list[RatingComment] = []
    for record_id, payload in rows:
        try:
            data = json.loads(payload)
        except ValueError:
            logger.warning("rating %s has an unreadable payload", record_id)
            continue
        if not isinstance(data, dict):
            continue
        chosen = _reasons_list(data.get("reasons"))
        reasons.update(dict.fromkeys(chosen, 1))
        comment = data.get("comment")
        moment = _rated_at(data.get("rated_at"), zone)
        score = data.get("score")
        if isinstance(comment, str) and comment.strip() and moment is not None \
                and isinstance(score, int):
            comments.append(RatingComment(moment, score, str(data.get("department") or ""),
                                          str(data.get("language") or ""), comment.strip(),
                                          tuple(chosen)))
    comments.sort(key=lambda c: c.rated_at, reverse=True)
    ranked = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return (tuple(ReasonCount(r, n) for r, n in ranked), tuple(comments[:COMMENTS_MAX]))


def monthly_report(db: Backend, area: Area, month: Month, today: dt.date,
                   zone: zoneinfo.ZoneInfo) -> MonthlyReport:
    """The monthly report of ``area`` for ``month``, as of ``today`` (the akimat's date)."""
    types = month_records(db, area, "appeal", month, "r.category, count(*)", group="r.category")
    statuses = dict((str(s), int(n)) for s, n in month_records(db, area, "appeal", month,
                                                           "r.status, count(*)",
                                                           group="r.status"))
    tickets = month_records(db, area, "ticket", month, "r.category, r.day, count(*)",
                       group="r.category, r.day")
    scores = month_records(db, area, "rating", month, "r.akimat, r.score, count(*)",
                      group="r.akimat, r.score")
    judged = _on_time(db, area, month, today, zone)
    appeal_counts = Counter({str(a): int(n) for a, n in month_records(
        db, area, "appeal", month, "r.akimat, count(*)", group="r.akimat")})
    ticket_counts = Counter({str(a): int(n) for a, n in month_records(
        db, area, "ticket", month, "r.akimat, count(*)", group="r.akimat")})
    names = sorted({*appeal_counts, *ticket_counts, *judged, *(str(row[0]) for row in scores)})
    lines = tuple(AkimatLine(name, appeal_counts[name], _as_on_time(judged.get(name, Counter())),
                             ticket_counts[name],
                             _distribution(((s, n) for a, s, n in scores if a == name), month))
                  for name in names)
    reasons, comments = rating_texts(db, area, month, zone)
    place_kind, place = area.place
    return MonthlyReport(
        start=month.start, end=month.end, place_kind=place_kind, place=place,
        prepared_on=today,
        appeals=AppealsPerType(month.start, month.end, tuple(
            AppealTypeCount(str(t), int(n)) for t, n in sorted(types, key=lambda r: str(r[0])))),
        statuses=tuple((code, statuses.get(code, 0)) for code in status_order(list(statuses))),
        on_time=_as_on_time(sum(judged.values(), Counter())),
        overdue=tuple(overdue_appeals(db, area, month, today)),
        tickets=TicketsPerDay(month.start, month.end, tuple(
            DepartmentDay(str(dep), dt.date.fromisoformat(str(day)), int(n))
            for dep, day, n in tickets)),
        ratings=RatingsSummary(_distribution(((s, n) for _, s, n in scores), month),
                               reasons, comments),
        akimats=lines)


@dataclass(frozen=True)
class ScoreLine:
    """Ratings of one department, akimat or month."""

    key: str
    scores: RatingsDistribution


@dataclass(frozen=True)
class RatingsView:
    """The ratings page: the month in one scope (one department when filtered)."""

    month: Month
    department: str
    scores: RatingsDistribution
    by_department: tuple[ScoreLine, ...]
    by_akimat: tuple[ScoreLine, ...]
    trend: tuple[ScoreLine, ...]
    reasons: tuple[ReasonCount, ...]
    comments: tuple[RatingComment, ...]


def _lines(rows: Sequence[Sequence[Any]], month: Month) -> tuple[ScoreLine, ...]:
    keys = sorted({str(row[0] or "") for row in rows})
    return tuple(ScoreLine(key, _distribution(((s, n) for k, s, n in rows
                                               if str(k or "") == key), month))
                 for key in keys)


def ratings_view(db: Backend, area: Area, month: Month, zone: zoneinfo.ZoneInfo,
                 department: str = "") -> RatingsView:
    """Ratings per department, akimat and month (the last 12), reasons and comments."""
    extra, params = (" AND r.category = ?", (department,)) if department else ("", ())
    by_department = month_records(db, area, "rating", month, "r.category, r.score, count(*)",
                             group="r.category, r.score", extra=extra, extra_params=params)
    by_akimat = month_records(db, area, "rating", month, "r.akimat, r.score, count(*)",
                         group="r.akimat, r.score", extra=extra, extra_params=params)
    first = month.shift(1 - TREND_MONTHS)
    condition, values = area.where()
    trend_rows = db.query(
        f"SELECT substr(r.day, 1, 7), r.score, count(*) FROM records r WHERE r.kind = ? "
        f"AND {condition} AND r.day >= ? AND r.day < ?{extra} "
        "GROUP BY substr(r.day, 1, 7), r.score",
        ("rating", *values, first.start.isoformat(), month.shift(1).start.isoformat(),
         *params))
    trend = {line.key: line for line in _lines(trend_rows, month)}
    months = [first.shift(i) for i in range(TREND_MONTHS)]
    reasons, comments = rating_texts(db, area, month, zone, department)
    return RatingsView(
        month=month, department=department,
        scores=_distribution(((s, n) for _, s, n in by_department), month),
        by_department=_lines(by_department, month), by_akimat=_lines(by_akimat, month),
        trend=tuple(ScoreLine(m.code, RatingsDistribution(
            m.start, m.end, trend[m.code].scores.per_score if m.code in trend else (0,) * 5))
            for m in months),
        reasons=reasons, comments=comments)
