"""Personal data leaves the kiosk's disk once the server has it and the retention period passed.

Erased: name, IIN, phone, address and free text (topic, appeal text, rating comment) —
in the business row *and* in its outbox payload. Kept: number, tracking code, status,
dates. ``secure_delete`` zeroes the freed bytes and a ``TRUNCATE`` checkpoint (retried while
a reader holds the WAL) empties the WAL, so the old values are not left in free pages or in
the journal.

Constant cost: a pass visits only rows that became due (partial indexes of the outbox, see
migration m003), in transactions of :data:`BATCH` rows, so a pass with nothing to do is two
index probes and the write lock is never held for long. Confirmed, redacted records older
than the statistics horizon are compacted into ``daily_counts`` and deleted
(:mod:`kiosk.storage.compaction`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import weakref

from sqlite_utils import Database

from kiosk.storage import outbox_sql, utc_iso, write_transaction
from kiosk.storage.compaction import STATISTICS_HORIZON_DAYS, compact_old_records

logger = logging.getLogger(__name__)

#: Rows erased per transaction: a few milliseconds of write lock.
BATCH = 200
#: Transactions per pass at most (a backlog, e.g. after an upgrade, drains over a few passes).
MAX_BATCHES = 50
#: ``wal_checkpoint(TRUNCATE)`` attempts while a reader holds the WAL, and the wait between.
CHECKPOINT_TRIES = 5
CHECKPOINT_WAIT_S = 0.05

#: Columns with personal data, per table; cleared to NULL or "" (NOT NULL columns).
PERSONAL: dict[str, dict[str, str | None]] = {
    "appeals": {"full_name": None, "iin": None, "phone": None, "address": None, "topic": "",
                "text": ""},
    "bookings": {"full_name": None, "iin": None, "phone": None, "topic": ""},
    "ratings": {"comment": ""},
}
#: Connections whose last truncation failed: the next pass tries again even with nothing new.
_UNTRUNCATED: weakref.WeakSet[Database] = weakref.WeakSet()
_TABLE_OF_KIND = {"appeal": "appeals", "booking": "bookings", "rating": "ratings"}


def erase_personal_data(db: Database, now: dt.datetime, retention_days: int, *,
                        horizon_days: int = STATISTICS_HORIZON_DAYS) -> int:
    """Erase personal fields of records confirmed more than ``retention_days`` ago.

    Returns the number of records whose personal data was erased. Records still pending or
    rejected keep their data (it is needed to send or to fix them). Afterwards records older
    than ``horizon_days`` are compacted into daily counts and deleted.
    """
    cutoff = utc_iso(now - dt.timedelta(days=retention_days))
    stamp = utc_iso(now)
    db.conn.execute("PRAGMA secure_delete = ON")
    erased = 0
    for _ in range(MAX_BATCHES):
        with write_transaction(db):
            rows = outbox_sql.erase_due(db, cutoff, BATCH)
            for row in rows:
                erased += _redact(db, row, stamp)
        if len(rows) < BATCH:
            break
    compacted = compact_old_records(db, now, max(horizon_days, retention_days), BATCH,
                                    MAX_BATCHES)
    if erased or compacted or db in _UNTRUNCATED:
        if checkpoint_until_truncated(db):
            _UNTRUNCATED.discard(db)
        else:
            _UNTRUNCATED.add(db)
    if erased:
        logger.info("erased personal data of %d records older than %d days", erased,
                    retention_days)
    return erased


def _redact(db: Database, row: tuple[int, str, str, str], stamp: str) -> int:
    """Erase one record's personal fields and its payload's; 1 if the record had any."""
    row_id, uuid, kind, payload = row
    table = _TABLE_OF_KIND.get(kind)
    if table is None:
        outbox_sql.set_redacted(db, row_id, None, stamp)
        return 0
    fields = PERSONAL[table]
    assignments = ", ".join(f"{column} = ?" for column in fields)
    values: list[object] = list(fields.values())
    if table == "ratings":
        where = "comment != ''"
    else:
        assignments += ", erased_at = ?"
        values.append(stamp)
        where = "erased_at IS NULL"
    changed = db.execute(f"UPDATE {table} SET {assignments} WHERE uuid = ? AND {where}",
                         [*values, uuid]).rowcount
    redacted = {k: fields.get(k, v) for k, v in json.loads(payload).items()}
    outbox_sql.set_redacted(db, row_id, json.dumps(redacted, ensure_ascii=False,
                                                   sort_keys=True), stamp)
    return 1 if changed > 0 else 0


def checkpoint_until_truncated(db: Database, tries: int = CHECKPOINT_TRIES,
                               wait_s: float = CHECKPOINT_WAIT_S) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)`` until it is not busy; False (logged) if it never was.

    A reader holding an old snapshot keeps the checkpoint busy; while it is, erased values
    stay in the ``-wal`` file, so the next pass tries again.
    """
    # Without a busy timeout: a TRUNCATE checkpoint waiting in the busy handler blocks every
    # writer (a ticket tap) for as long as the timeout; short tries with pauses between do not.
    timeout = int(db.conn.execute("PRAGMA busy_timeout").fetchone()[0])
    for attempt in range(tries):
        db.conn.execute("PRAGMA busy_timeout = 0")
        try:
            busy, log, done = db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            db.conn.execute(f"PRAGMA busy_timeout = {timeout}")
        if not busy:
            return True
        logger.debug("WAL checkpoint busy (try %d: %s of %s frames)", attempt + 1, done, log)
        if attempt + 1 < tries:
            time.sleep(wait_s)
    logger.warning("the WAL could not be truncated after %d tries (a reader holds it): "
                   "erased personal data stays in the -wal file until a later pass", tries)
    return False
