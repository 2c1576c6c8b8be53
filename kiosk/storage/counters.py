"""Durable counters for ticket and registration numbers; bumped inside the record's transaction."""

from __future__ import annotations

from sqlite_utils import Database


def next_value(db: Database, scope: str) -> int:
    """Increment and return the counter ``scope`` (1 on first use); call inside a write transaction.

    Because the bump commits with the record it numbers, a number is never handed out
    twice: a crash before commit leaves neither the record nor the bump.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("next_value must run inside write_transaction()")
    row = db.execute(
        "INSERT INTO counters (scope, value) VALUES (?, 1) "
        "ON CONFLICT (scope) DO UPDATE SET value = value + 1 RETURNING value",
        [scope],
    ).fetchone()
    return int(row[0])
