"""Old records become daily counts: the database stays the size of its statistics horizon.

A record confirmed by the server, whose personal data retention already looked at, and
created before the horizon is added to ``daily_counts`` and deleted (business row and
outbox row) in one transaction, so every reader that sums ``daily_counts`` and the remaining
rows (:mod:`kiosk.report_data`) gives the same figures before and after.

Kept per record: a ticket's local day and department, an appeal's registration day and
type, a rating's UTC hour and score. Bookings, audit and queue events leave nothing (no
report counts them once they are this old).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlite_utils import Database

from kiosk.storage import outbox_sql
from kiosk.storage.connection import write_transaction
from kiosk.storage.outbox import utc_iso

logger = logging.getLogger(__name__)

#: Days a record stays whole on the kiosk (statistics, reprints, status look-ups).
STATISTICS_HORIZON_DAYS = 400

_TABLES = {"ticket": "tickets", "appeal": "appeals", "booking": "bookings", "rating": "ratings",
           "audit": "audit_events", "queue": "queue_events"}
#: kind → (daily_counts kind, SQL giving (period, key) of the record by uuid)
_COUNTED = {
    "ticket": ("tickets", "SELECT day, department FROM tickets WHERE uuid = ?"),
    "appeal": ("appeals", "SELECT registered_on, appeal_type FROM appeals WHERE uuid = ?"),
    "rating": ("ratings", "SELECT substr(rated_at, 1, 13), CAST(score AS TEXT) FROM ratings "
                          "WHERE uuid = ?"),
}
_ADD = ("INSERT INTO daily_counts (kind, period, key, n) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (kind, period, key) DO UPDATE SET n = n + 1")


def compact_old_records(db: Database, now: dt.datetime, horizon_days: int, batch: int,
                        max_batches: int | None = None) -> int:
    """Compact due records created more than ``horizon_days`` before ``now``.

    Runs in transactions of ``batch`` rows, at most ``max_batches`` of them (all when None);
    returns how many records were compacted.
    """
    horizon = utc_iso(now - dt.timedelta(days=horizon_days))
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        with write_transaction(db):
            rows = outbox_sql.compact_due(db, horizon, batch)
            for row_id, uuid, kind in rows:
                _compact(db, uuid, kind)
                outbox_sql.delete(db, row_id)
            if rows:
                _forget_old_ticket_counters(db, now.date() - dt.timedelta(days=horizon_days))
        done += len(rows)
        if len(rows) < batch:
            break
    if done:
        logger.info("compacted %d records older than %d days into daily counts", done,
                    horizon_days)
    return done


def _compact(db: Database, uuid: str, kind: str) -> None:
    counted = _COUNTED.get(kind)
    if counted is not None:
        row = db.execute(counted[1], [uuid]).fetchone()
        if row is not None:
            db.execute(_ADD, [counted[0], str(row[0]), str(row[1])])
    table = _TABLES.get(kind)
    if table is not None:
        db.execute(f"DELETE FROM {table} WHERE uuid = ?", [uuid])


def _forget_old_ticket_counters(db: Database, before: dt.date) -> None:
    """Ticket number counters of days before the horizon (``ticket:<day>:<department>``)."""
    db.execute("DELETE FROM counters WHERE scope >= 'ticket:' AND scope < ?",
               [f"ticket:{before.isoformat()}"])
