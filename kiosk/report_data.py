"""Counts for the statistics report: tickets per department and day, appeals, ratings.

Pure queries over the kiosk database; every range is a closed interval of local days.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.storage import utc_iso

SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class DepartmentDay:
    """Tickets one department issued on one local day (only non-zero counts are kept)."""

    department: str
    day: dt.date
    count: int


@dataclass(frozen=True)
class TicketsPerDay:
    """Tickets per department per local day over ``start`` … ``end``."""

    start: dt.date
    end: dt.date
    counts: tuple[DepartmentDay, ...]

    @property
    def days(self) -> tuple[dt.date, ...]:
        """Every day of the period, including days with no tickets."""
        return tuple(self.start + dt.timedelta(days=i)
                     for i in range((self.end - self.start).days + 1))

    @property
    def departments(self) -> tuple[str, ...]:
        """Ids of the departments that issued tickets, sorted."""
        return tuple(sorted({c.department for c in self.counts}))

    @property
    def total(self) -> int:
        """All tickets of the period."""
        return sum(c.count for c in self.counts)

    def count(self, department: str, day: dt.date) -> int:
        """Tickets of ``department`` on ``day`` (0 when none)."""
        return sum(c.count for c in self.counts if c.department == department and c.day == day)

    def department_total(self, department: str) -> int:
        """Tickets of ``department`` over the whole period."""
        return sum(c.count for c in self.counts if c.department == department)

    def day_total(self, day: dt.date) -> int:
        """Tickets of every department on ``day``."""
        return sum(c.count for c in self.counts if c.day == day)


@dataclass(frozen=True)
class AppealTypeCount:
    """Appeals of one type registered in the period."""

    appeal_type: str
    count: int


@dataclass(frozen=True)
class AppealsPerType:
    """Appeals per appeal type, by registration day, over ``start`` … ``end``."""

    start: dt.date
    end: dt.date
    counts: tuple[AppealTypeCount, ...]

    @property
    def total(self) -> int:
        """All appeals registered in the period."""
        return sum(c.count for c in self.counts)

    def count(self, appeal_type: str) -> int:
        """Appeals of ``appeal_type`` (0 when none)."""
        return sum(c.count for c in self.counts if c.appeal_type == appeal_type)


@dataclass(frozen=True)
class RatingsDistribution:
    """How many ratings gave each score 1…5 over ``start`` … ``end``, and their average."""

    start: dt.date
    end: dt.date
    per_score: tuple[int, int, int, int, int]

    @property
    def total(self) -> int:
        """All ratings of the period."""
        return sum(self.per_score)

    @property
    def average(self) -> float | None:
        """The mean score, or ``None`` when nobody rated."""
        if not self.total:
            return None
        return sum(s * n for s, n in zip(SCORES, self.per_score, strict=True)) / self.total

    def count(self, score: int) -> int:
        """Ratings with this score; ``ValueError`` outside 1…5."""
        if score not in SCORES:
            raise ValueError(f"score must be 1..5, got {score}")
        return self.per_score[score - 1]


def _check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")


#: Tickets per department per local day: remaining rows plus compacted counts.
TICKETS_SQL = (
    "SELECT department, day, count(*) FROM tickets WHERE day BETWEEN ? AND ? "
    "GROUP BY department, day "
    "UNION ALL SELECT key, period, n FROM daily_counts "
    "WHERE kind = 'tickets' AND period BETWEEN ? AND ?")
#: Appeals per type per registration day: remaining rows plus compacted counts.
APPEALS_SQL = (
    "SELECT appeal_type, registered_on, count(*) FROM appeals "
    "WHERE registered_on BETWEEN ? AND ? GROUP BY registered_on, appeal_type "
    "UNION ALL SELECT key, period, n FROM daily_counts "
    "WHERE kind = 'appeals' AND period BETWEEN ? AND ?")
#: Ratings by moment (UTC ISO) and score; compacted ones by UTC hour ("YYYY-MM-DDTHH").
RATINGS_SQL = (
    "SELECT rated_at, score, 1 FROM ratings WHERE rated_at >= ? AND rated_at < ? "
    "UNION ALL SELECT period, CAST(key AS INTEGER), n FROM daily_counts "
    "WHERE kind = 'ratings' AND period >= ? AND period < ?")

#: (name, sql, sample parameters) of the statistics queries (screen, reports, CSV).
PERIODIC = (
    ("statistics: tickets", TICKETS_SQL, ("2026-01-01", "2026-01-07") * 2),
    ("statistics: appeals", APPEALS_SQL, ("2026-01-01", "2026-01-07") * 2),
    ("statistics: ratings", RATINGS_SQL, ("2026-01-01", "2026-01-07", "2026-01-01T00",
                                          "2026-01-07T00")),
)


def tickets_per_day(db: Database, start: dt.date, end: dt.date) -> TicketsPerDay:
    """Tickets per department per local day (``tickets.day``) from ``start`` to ``end``."""
    _check_range(start, end)
    span = [start.isoformat(), end.isoformat()]
    totals: dict[tuple[str, str], int] = {}
    for dep, day, n in db.execute(TICKETS_SQL, span * 2).fetchall():
        totals[(str(day), str(dep))] = totals.get((str(day), str(dep)), 0) + int(n)
    return TicketsPerDay(start, end, tuple(DepartmentDay(dep, dt.date.fromisoformat(day), n)
                                           for (day, dep), n in sorted(totals.items())))


def appeals_per_type_by_day(db: Database, start: dt.date,
                            end: dt.date) -> dict[tuple[dt.date, str], int]:
    """Appeals per (registration day, type) within the period, in one query."""
    _check_range(start, end)
    span = [start.isoformat(), end.isoformat()]
    totals: dict[tuple[dt.date, str], int] = {}
    for kind, day, n in db.execute(APPEALS_SQL, span * 2).fetchall():
        key = (dt.date.fromisoformat(str(day)), str(kind))
        totals[key] = totals.get(key, 0) + int(n)
    return totals


def appeals_per_type(db: Database, start: dt.date, end: dt.date) -> AppealsPerType:
    """Appeals per type whose registration day (``registered_on``) is within the period."""
    totals: dict[str, int] = {}
    for (_, kind), n in appeals_per_type_by_day(db, start, end).items():
        totals[kind] = totals.get(kind, 0) + n
    return AppealsPerType(start, end, tuple(AppealTypeCount(t, n)
                                            for t, n in sorted(totals.items())))


def ratings_by_day(db: Database, start: dt.date, end: dt.date,
                   timezone: str) -> dict[dt.date, list[int]]:
    """Ratings per local day and score (``[n1, …, n5]``) within the period, in one query.

    A compacted rating is known to its UTC hour, exact for zones whose offset is whole hours.
    """
    _check_range(start, end)
    zone = zoneinfo.ZoneInfo(timezone)
    since = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    hours = [since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H"),
             until.astimezone(dt.UTC).strftime("%Y-%m-%dT%H")]
    found: dict[dt.date, list[int]] = {}
    for moment, score, n in db.execute(RATINGS_SQL, [utc_iso(since), utc_iso(until),
                                                     *hours]).fetchall():
        text = str(moment)
        when = dt.datetime.fromisoformat(text if len(text) > 13 else f"{text}:00+00:00")
        day = when.astimezone(zone).date()
        found.setdefault(day, [0, 0, 0, 0, 0])[int(score) - 1] += int(n)
    return found


def ratings_distribution(db: Database, start: dt.date, end: dt.date,
                         timezone: str) -> RatingsDistribution:
    """Ratings per score whose moment (UTC ``rated_at``) falls on a local day of the period."""
    per_score = [0, 0, 0, 0, 0]
    for counts in ratings_by_day(db, start, end, timezone).values():
        per_score = [a + b for a, b in zip(per_score, counts, strict=True)]
    a, b, c, d, e = per_score
    return RatingsDistribution(start, end, (a, b, c, d, e))
