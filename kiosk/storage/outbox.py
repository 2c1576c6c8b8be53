"""The outbox: one row per business record, written in the same transaction as the record."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from sqlite_utils import Database

from kiosk.storage import outbox_sql
from kiosk.storage.connection import write_transaction

T = TypeVar("T")
_CODE_ATTEMPTS = 3


class OutboxState(StrEnum):
    """Where a record stands on its way to the regional server."""

    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"


def utc_iso(moment: dt.datetime) -> str:
    """An aware datetime as UTC ISO-8601 text (the form stored in every table)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (the kiosk never guesses a zone)")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def insert_with_outbox(db: Database, table: str, row: Mapping[str, Any], kind: str,
                       now: dt.datetime) -> None:
    """Insert a business row and its outbox row; call inside ``write_transaction``.

    The payload is the row itself as JSON, keyed by the row's own ``uuid`` (the sync's
    idempotency key).
    """
    if not db.conn.in_transaction:
        raise RuntimeError("insert_with_outbox must run inside write_transaction()")
    columns = ", ".join(row)
    placeholders = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(row.values()))
    stamp = utc_iso(now)
    outbox_sql.insert(db, str(row["uuid"]), kind,
                      json.dumps(dict(row), ensure_ascii=False, sort_keys=True), stamp)


def outbox_counts(db: Database) -> dict[OutboxState, int]:
    """How many outbox rows are in each state (zero included).

    Read from the counters the outbox's triggers keep (three rows), not by counting.
    """
    counts = dict.fromkeys(OutboxState, 0)
    for state, count in outbox_sql.counts(db):
        counts[OutboxState(state)] = count
    return counts


def commit_record(db: Database, table: str, kind: str, now: dt.datetime,
                  build: Callable[[], tuple[T, Mapping[str, Any]]]) -> T:
    """Build a record inside a write transaction and commit it with its outbox row.

    ``build`` runs under the write lock (so it may bump counters and count rows) and
    returns the record and its table row. A collision of the random tracking code (a
    45-bit draw) rolls back and builds again; any other constraint error propagates.
    """
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            with write_transaction(db):
                record, row = build()
                insert_with_outbox(db, table, row, kind, now)
                return record
        except sqlite3.IntegrityError as exc:
            if "tracking_code" not in str(exc):
                raise
    raise RuntimeError(f"could not draw a unique tracking code {_CODE_ATTEMPTS} times")
