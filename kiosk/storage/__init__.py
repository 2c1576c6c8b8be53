"""Durable local storage: WAL + synchronous=FULL, migrations, outbox, counters."""

from pathlib import Path

from sqlite_utils import Database

from kiosk.storage.connection import BUSY_TIMEOUT_MS, connect, integrity_check, write_transaction
from kiosk.storage.migrations import BUSINESS_TABLES, apply_migrations
from kiosk.storage.outbox import (
    OutboxState,
    commit_record,
    insert_with_outbox,
    outbox_counts,
    utc_iso,
)


def open_database(path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open the kiosk database at ``path`` and bring its schema up to date (a write waits
    up to ``busy_timeout_ms`` for another connection's lock)."""
    db = connect(path, busy_timeout_ms=busy_timeout_ms)
    apply_migrations(db)
    return db


__all__ = [
    "BUSINESS_TABLES",
    "OutboxState",
    "apply_migrations",
    "commit_record",
    "connect",
    "insert_with_outbox",
    "integrity_check",
    "open_database",
    "outbox_counts",
    "utc_iso",
    "write_transaction",
]
