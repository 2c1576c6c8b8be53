"""Compacting old records into daily counts changes no figure of the statistics."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.kiosk_years import ZONE, seed
from kiosk.maintenance.records import recent_records
from kiosk.maintenance.statistics import period_stats, statistics_rows
from kiosk.storage import open_database
from sync.retention import erase_personal_data

END = dt.date(2027, 6, 1)


def test_half_compacted_history_gives_the_same_figures(tmp_path: Path) -> None:
    whole = tmp_path / "whole.sqlite3"
    seed(whole, 12, END, ["social", "land"])
    shutil.copy(whole, tmp_path / "half.sqlite3")
    half = open_database(tmp_path / "half.sqlite3")
    now = dt.datetime.combine(END, dt.time(8), tzinfo=ZoneInfo(ZONE))
    erase_personal_data(half, now, 1, horizon_days=6)  # the older half becomes daily counts
    kept = half.execute("SELECT count(*) FROM tickets").fetchone()[0]
    assert 0 < kept < 12 * 300
    assert half.execute("SELECT count(*) FROM daily_counts").fetchone()[0] > 0
    reference = open_database(whole)
    start = END - dt.timedelta(days=14)
    assert statistics_rows(half, start, END, ZONE) == statistics_rows(reference, start, END, ZONE)
    for first in (start, END - dt.timedelta(days=9), END - dt.timedelta(days=3)):
        assert period_stats(half, first, END, ZONE) == period_stats(reference, first, END, ZONE)
    assert recent_records(half, 20) == recent_records(reference, 20)  # reprints still work


def test_a_years_csv_takes_the_same_number_of_queries_as_a_days(tmp_path: Path) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        statistics_rows(db, END, END, ZONE)
        one_day = len(statements)
        statements.clear()
        statistics_rows(db, END - dt.timedelta(days=364), END, ZONE)
    finally:
        db.conn.set_trace_callback(None)
    assert len(statements) == one_day
