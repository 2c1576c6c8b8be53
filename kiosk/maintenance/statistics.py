"""Today's and this week's numbers for the technician, and a CSV export for a USB stick.

Built on :mod:`kiosk.report_data` (the same counts the PDF reports use): tickets by their
local day, appeals by registration day, ratings by the local day of their moment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from kiosk.atomic_files import write_text_atomic
from kiosk.report_data import (
    SCORES,
    appeals_per_type,
    appeals_per_type_by_day,
    ratings_by_day,
    ratings_distribution,
    tickets_per_day,
)

logger = logging.getLogger(__name__)

WEEK_DAYS = 7
CSV_HEADER = ("kind", "key", "day", "count")
_BOM = "\ufeff"  # lets Excel open UTF-8 with Cyrillic and Kazakh letters correctly


class ExportError(OSError):
    """The statistics cannot be written to ``folder`` (missing, read-only, full)."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"Cannot write the statistics to {folder}: {reason}")
        self.folder = folder
        self.reason = reason


@dataclass(frozen=True)
class PeriodStats:
    """Counts over the local days ``start`` … ``end`` (both included)."""

    start: dt.date
    end: dt.date
    tickets_by_department: dict[str, int]
    tickets_total: int
    appeals_by_type: dict[str, int]
    appeals_total: int
    rating_average: float | None
    ratings_total: int
    ratings_by_score: dict[int, int]


@dataclass(frozen=True)
class StatsSummary:
    """What the statistics screen shows: today and the seven days ending today."""

    today: PeriodStats
    week: PeriodStats


def period_stats(db: Database, start: dt.date, end: dt.date, timezone: str) -> PeriodStats:
    """Tickets per department, appeals per type and ratings over ``start`` … ``end``."""
    tickets = tickets_per_day(db, start, end)
    appeals = appeals_per_type(db, start, end)
    ratings = ratings_distribution(db, start, end, timezone)
    return PeriodStats(
        start=start,
        end=end,
        tickets_by_department={d: tickets.department_total(d) for d in tickets.departments},
        tickets_total=tickets.total,
        appeals_by_type={c.appeal_type: c.count for c in appeals.counts},
        appeals_total=appeals.total,
        rating_average=ratings.average,
        ratings_total=ratings.total,
        ratings_by_score={score: ratings.count(score) for score in SCORES},
    )


def statistics_summary(db: Database, today: dt.date, timezone: str) -> StatsSummary:
    """Today's counts and the week's (the 7 local days ending with ``today``)."""
    week_start = today - dt.timedelta(days=WEEK_DAYS - 1)
    return StatsSummary(period_stats(db, today, today, timezone),
                        period_stats(db, week_start, today, timezone))


def csv_name(start: dt.date, end: dt.date, kiosk_id: str | None = None) -> str:
    """``kiosk-<id>-statistics-<start>_<end>.csv`` (``kiosk-statistics-…`` without an id)."""
    who = f"kiosk-{kiosk_id}" if kiosk_id else "kiosk"
    return f"{who}-statistics-{start.isoformat()}_{end.isoformat()}.csv"


def statistics_rows(db: Database, start: dt.date, end: dt.date,
                    timezone: str) -> list[tuple[str, str, str, int]]:
    """(kind, key, day, count) rows: tickets per department, appeals per type, ratings per score.

    One row per non-zero count per local day, so a spreadsheet pivot sums them correctly.
    Three queries whatever the length of the period (not three per day).
    """
    tickets = tickets_per_day(db, start, end)
    rows: list[tuple[str, str, str, int]] = [
        ("tickets", c.department, c.day.isoformat(), c.count) for c in tickets.counts]
    appeals = appeals_per_type_by_day(db, start, end)
    rows.extend(("appeals", kind, day.isoformat(), n)
                for (day, kind), n in sorted(appeals.items()) if n)
    ratings = ratings_by_day(db, start, end, timezone)
    for day in sorted(ratings):
        rows.extend(("ratings", str(score), day.isoformat(), ratings[day][score - 1])
                    for score in SCORES if ratings[day][score - 1])
    return rows


def export_csv(db: Database, folder: Path, start: dt.date, end: dt.date, timezone: str, *,
               kiosk_id: str | None = None) -> Path:
    """Write the period's statistics to one UTF-8 CSV (with BOM) in ``folder``; returns its path.

    :raises ExportError: naming the folder when it is missing or cannot be written.
    :raises ValueError: when ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    if not folder.is_dir():
        raise ExportError(folder, "no such folder (is the USB stick plugged in?)")
    if not os.access(folder, os.W_OK):
        raise ExportError(folder, "the folder is read-only")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(statistics_rows(db, start, end, timezone))
    target = folder / csv_name(start, end, kiosk_id)
    try:
        write_text_atomic(target, _BOM + buffer.getvalue(), mode=0o644)
    except OSError as exc:
        raise ExportError(folder, exc.strerror or str(exc)) from exc
    logger.info("statistics %s … %s exported to %s", start, end, target)
    return target
