"""Open the kiosk database durably and write with the lock taken up front.

Every connection runs in WAL with ``synchronous=FULL`` (a committed record survives a
power cut), a busy timeout and foreign keys on. Writes start with ``BEGIN IMMEDIATE`` so
two processes (the app and the sync) queue for the lock instead of failing with
"database is locked" half-way through a transaction.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from kiosk.errors import StorageError
from kiosk.i18n import N_

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
#: The touch UI's connection waits less: its writes run on the GUI thread, which also pings
#: systemd's watchdog (WatchdogSec=30s); a lock held elsewhere must end in words on the
#: screen ("the kiosk is busy, try again"), not in a frozen screen and a restart.
UI_BUSY_TIMEOUT_MS = 5_000


def connect(path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open (creating if needed) the SQLite file at ``path`` with the kiosk's pragmas.

    :raises StorageError: when the folder cannot be created or the file is not a database.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(N_("Cannot open the database {path}: {error}", path=path,
                              error=str(exc))) from exc
    if str(mode).lower() != "wal":
        conn.close()
        raise StorageError(N_("The database {path} cannot use write-ahead logging (got {mode}); "
                              "is it on a network drive?", path=path, mode=mode))
    return Database(conn, execute_plugins=False)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock first (``BEGIN IMMEDIATE``).

    Commits on success, rolls back on any exception (which propagates). Called inside
    another write transaction it nests as a sqlite-utils ``db.atomic()`` savepoint, so a
    failing inner step can be undone without losing the outer work.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def integrity_check(db: Database) -> list[str]:
    """``PRAGMA integrity_check`` rows; ``["ok"]`` when the file is sound.

    A file too damaged for the check to run gives the error as its one problem.
    """
    try:
        return [str(row[0]) for row in db.conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        logger.error("integrity check could not run: %s", exc)
        return [str(exc)]
