"""A failed write explained: a full disk, a busy database, anything else."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from kiosk.storage_failure import describe_failure


def _full_database_error(tmp_path: Path) -> sqlite3.Error:
    conn = sqlite3.connect(tmp_path / "full.sqlite3")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("PRAGMA max_page_count = 3")
    try:
        for _ in range(100):
            conn.execute("INSERT INTO t VALUES (?)", ["x" * 4000])
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("the database never filled up")


def test_sqlite_s_full_database_is_a_full_disk(tmp_path: Path) -> None:
    failure = describe_failure(_full_database_error(tmp_path))
    assert failure.kind == "disk_full"
    assert "memory is full" in failure.visitor.msgid
    assert "disk is full" in failure.technician


def test_no_space_from_the_file_system_is_a_full_disk() -> None:
    assert describe_failure(OSError(errno.ENOSPC, "No space left on device")).kind == "disk_full"


def test_a_locked_database_asks_to_try_again() -> None:
    failure = describe_failure(sqlite3.OperationalError("database is locked"))
    assert failure.kind == "busy"
    assert "try again" in failure.visitor.msgid


def test_anything_else_names_its_cause_for_the_technician() -> None:
    failure = describe_failure(sqlite3.DatabaseError("database disk image is malformed"))
    assert failure.kind == "broken"
    assert "malformed" in failure.technician
    assert "ask the staff" in failure.visitor.msgid
