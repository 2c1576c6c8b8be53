"""Counts a technician asks for: records per table and outbox rows per state."""

from __future__ import annotations

from sqlite_utils import Database

from kiosk.storage import BUSINESS_TABLES, OutboxState, outbox_counts


def table_counts(db: Database) -> dict[str, int]:
    """Rows in each business table, in a fixed order."""
    return {name: int(db.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
            for name in BUSINESS_TABLES}


def outbox_summary(db: Database) -> dict[OutboxState, int]:
    """Outbox rows per state (pending, sent, rejected)."""
    return outbox_counts(db)
