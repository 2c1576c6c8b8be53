"""Storage: durable pragmas, migrations, transactions that take the write lock up front."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.storage import (
    apply_migrations,
    connect,
    integrity_check,
    open_database,
    outbox_counts,
    write_transaction,
)


def test_every_connection_is_wal_full_with_fk_and_busy_timeout(db: Database) -> None:
    conn = db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_schema_has_every_table_and_the_outbox(db: Database) -> None:
    assert {"tickets", "appeals", "bookings", "ratings", "audit_events", "outbox",
            "counters"} <= set(db.table_names())
    columns = {c.name for c in db["outbox"].columns}
    assert {"record_uuid", "kind", "payload", "state", "reason", "attempts",
            "next_attempt_at"} <= columns


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    db = connect(path)
    assert apply_migrations(db) == ["m001_initial", "m002_queue", "m003_housekeeping"]
    assert apply_migrations(db) == []
    db.close()
    assert apply_migrations(connect(path)) == []


def test_failed_transaction_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute("INSERT INTO counters (scope, value) VALUES ('x', 1)")
        raise RuntimeError("power cut in the middle")
    assert db.execute("SELECT count(*) FROM counters").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_write_transaction_takes_the_lock_up_front(tmp_path: Path) -> None:
    """A second writer waits for the first instead of failing half-way."""
    path = tmp_path / "k.sqlite3"
    first = open_database(path)
    second = connect(path, busy_timeout_ms=100)
    entered = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with write_transaction(first):
            first.execute("INSERT INTO counters (scope, value) VALUES ('a', 1)")
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(5)
    # BEGIN IMMEDIATE itself fails fast (before any work) while the lock is held ...
    with pytest.raises(sqlite3.OperationalError, match="locked"), write_transaction(second):
        pass
    release.set()
    thread.join()
    # ... and succeeds as soon as it is free.
    with write_transaction(second):
        second.execute("INSERT INTO counters (scope, value) VALUES ('b', 1)")
    assert first.execute("SELECT count(*) FROM counters").fetchone()[0] == 2


def test_integrity_check_reports_ok(db: Database) -> None:
    assert integrity_check(db) == ["ok"]


def test_empty_outbox_counts_every_state(db: Database) -> None:
    assert {s.value: n for s, n in outbox_counts(db).items()} == {"pending": 0, "sent": 0,
                                                                  "rejected": 0}


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    from kiosk.errors import StorageError

    path = tmp_path / "k.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="Cannot open the database"):
        open_database(path)
