"""Retention and outbox counts cost the same on a long history: they visit only due rows."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from benchmarks.kiosk_years import seed
from kiosk.storage import OutboxState, open_database, outbox_counts, utc_iso
from sync.retention import erase_personal_data

DEPARTMENTS = ["social", "land"]
END = dt.date(2027, 6, 1)
NOW = dt.datetime(2027, 6, 1, 8, tzinfo=dt.UTC)


def _vm_steps(db: Database, action: Callable[[], object]) -> int:
    """SQLite virtual-machine steps ``action`` takes: grows with the rows it visits."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    try:
        action()
    finally:
        db.conn.set_progress_handler(None, 0)
    return steps[0]


def _history(tmp_path: Path, days: int) -> Database:
    path = tmp_path / f"{days}.sqlite3"
    seed(path, days, END, DEPARTMENTS)
    db = open_database(path)
    erase_personal_data(db, NOW, 30)  # the first pass after the seed; nothing is due after it
    return db


def test_a_pass_with_nothing_due_costs_the_same_on_a_long_history(tmp_path: Path) -> None:
    short, long = _history(tmp_path, 2), _history(tmp_path, 20)
    short_steps = _vm_steps(short, lambda: erase_personal_data(short, NOW, 30))
    long_steps = _vm_steps(long, lambda: erase_personal_data(long, NOW, 30))
    assert long_steps == short_steps


def test_outbox_counts_do_not_count_the_history(tmp_path: Path) -> None:
    short, long = _history(tmp_path, 2), _history(tmp_path, 20)
    assert _vm_steps(long, lambda: outbox_counts(long)) == _vm_steps(
        short, lambda: outbox_counts(short))
    assert outbox_counts(long)[OutboxState.SENT] == 20 * 355


def _appeals_to_erase(db: Database, count: int) -> None:
    at = utc_iso(NOW - dt.timedelta(days=60))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO appeals (uuid, registration_number, tracking_code, appeal_type, topic, "
            "text, full_name, iin, language, consent_at, submitted_at, registered_on, deadline)"
            " VALUES (?, ?, ?, 'application', 'Жол', 'мәтін', 'Асан Асанов', '900101300007', "
            "'kk', ?, ?, '2027-04-01', '2027-04-20')",
            [(f"u{i}", f"R-{i}", f"C{i:09d}", at, at) for i in range(count)])
        db.conn.executemany(
            "INSERT INTO outbox (record_uuid, kind, payload, state, next_attempt_at, created_at,"
            " sent_at) VALUES (?, 'appeal', '{\"iin\": \"900101300007\"}', 'sent', ?, ?, ?)",
            [(f"u{i}", at, at, at) for i in range(count)])


def test_erasure_holds_the_write_lock_for_small_transactions(db: Database) -> None:
    _appeals_to_erase(db, 450)
    sizes: list[int] = []

    def trace(sql: str) -> None:
        if sql.startswith("BEGIN"):
            sizes.append(0)
        elif sql.startswith("UPDATE") and sizes:
            sizes[-1] += 1

    db.conn.set_trace_callback(trace)
    try:
        assert erase_personal_data(db, NOW, 30) == 450
    finally:
        db.conn.set_trace_callback(None)
    assert max(sizes) <= 400  # 200 records (row + outbox) per transaction
    assert db.execute("SELECT count(*) FROM appeals WHERE iin IS NOT NULL").fetchone()[0] == 0


def test_the_wal_is_truncated_once_a_reader_lets_go(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "kiosk.sqlite3"
    db = open_database(path)
    _appeals_to_erase(db, 5)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM appeals").fetchone()  # holds a snapshot of the WAL
    with caplog.at_level(logging.WARNING, logger="sync.retention"):
        assert erase_personal_data(db, NOW, 30) == 5
    assert path.with_name("kiosk.sqlite3-wal").stat().st_size > 0
    assert "could not be truncated" in caplog.text
    reader.execute("COMMIT")
    reader.close()
    assert erase_personal_data(db, NOW, 30) == 0  # nothing new to erase: truncates anyway
    assert path.with_name("kiosk.sqlite3-wal").stat().st_size == 0
