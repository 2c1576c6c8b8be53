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


def tickets_per_day(db: Database, start: dt.date, end: dt.date) -> TicketsPerDay:
    """Tickets per department per local day (``tickets.day``) from ``start`` to ``end``."""
    _check_range(start, end)
    rows = db.execute(
        "SELECT department, day, count(*) FROM tickets WHERE day BETWEEN ? AND ? "
        "GROUP BY department, day ORDER BY day, department",
        [start.isoformat(), end.isoformat()]).fetchall()
    return TicketsPerDay(start, end, tuple(DepartmentDay(str(dep), dt.date.fromisoformat(day),
                                                         int(n)) for dep, day, n in rows))


def appeals_per_type(db: Database, start: dt.date, end: dt.date) -> AppealsPerType:
    """Appeals per type whose registration day (``registered_on``) is within the period."""
    _check_range(start, end)
    rows = db.execute(
        "SELECT appeal_type, count(*) FROM appeals WHERE registered_on BETWEEN ? AND ? "
        "GROUP BY appeal_type ORDER BY appeal_type",
        [start.isoformat(), end.isoformat()]).fetchall()
    return AppealsPerType(start, end, tuple(AppealTypeCount(str(t), int(n)) for t, n in rows))


def ratings_distribution(db: Database, start: dt.date, end: dt.date,
                         timezone: str) -> RatingsDistribution:
    """Ratings per score whose moment (UTC ``rated_at``) falls on a local day of the period."""
    _check_range(start, end)
    zone = zoneinfo.ZoneInfo(timezone)
    since = utc_iso(dt.datetime.combine(start, dt.time(0), tzinfo=zone))
    until = utc_iso(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone))
    rows = db.execute(
        "SELECT score, count(*) FROM ratings WHERE rated_at >= ? AND rated_at < ? "
        "GROUP BY score", [since, until]).fetchall()
    found = {int(score): int(n) for score, n in rows}
    a, b, c, d, e = (found.get(score, 0) for score in SCORES)
    return RatingsDistribution(start, end, (a, b, c, d, e))
