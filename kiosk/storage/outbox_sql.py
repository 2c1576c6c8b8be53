"""Every SQL statement that reads or writes the outbox, in one place.

The sender (:mod:`sync.sender`), retention (:mod:`sync.retention`) and storage
(:mod:`kiosk.storage.outbox`) call these functions; none of them spells outbox SQL itself.
Each query that runs periodically is listed in :data:`PERIODIC` (checked by
``tests/kiosk/test_query_plans.py``: no full scan, no sort of a big table).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

INSERT = ("INSERT INTO outbox (record_uuid, kind, payload, next_attempt_at, created_at) "
          "VALUES (?, ?, ?, ?, ?)")
#: Rows per state, kept by triggers (migration m003): O(1) however long the history.
COUNTS = "SELECT state, n FROM outbox_state_counts"
#: Pending rows in outbox order, due now or scheduled impossibly far ahead (clock went back);
#: walks the partial index ``outbox_pending`` in id order, no sort.
DUE = ("SELECT id, record_uuid, kind, payload FROM outbox INDEXED BY outbox_pending "
       "WHERE state = 'pending' AND (next_attempt_at <= ? OR next_attempt_at > ?) "
       "ORDER BY id LIMIT ?")
#: Confirmed rows retention has not looked at yet (partial index ``outbox_erase_due``).
ERASE_DUE = ("SELECT id, record_uuid, kind, payload FROM outbox INDEXED BY outbox_erase_due "
             "WHERE state = 'sent' AND redacted_at IS NULL AND sent_at <= ? "
             "ORDER BY sent_at LIMIT ?")
#: Confirmed, looked-at rows older than the statistics horizon (``outbox_compact_due``).
COMPACT_DUE = ("SELECT id, record_uuid, kind FROM outbox INDEXED BY outbox_compact_due "
               "WHERE state = 'sent' AND redacted_at IS NOT NULL AND created_at < ? "
               "ORDER BY created_at LIMIT ?")
#: The newest refused rows (partial index ``outbox_rejected``), for the sync screen.
REJECTED = ("SELECT kind, record_uuid, coalesce(reason, ''), created_at "
            "FROM outbox INDEXED BY outbox_rejected "
            "WHERE state = 'rejected' ORDER BY id DESC LIMIT ?")

#: (name, sql, sample parameters) of every outbox query run periodically.
PERIODIC: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
    ("outbox counts", COUNTS, ()),
    ("outbox due rows", DUE, ("2026-01-01", "2027-01-01", 100)),
    ("retention: erase due", ERASE_DUE, ("2026-01-01", 200)),
    ("retention: compaction due", COMPACT_DUE, ("2025-01-01", 200)),
    ("outbox rejected rows", REJECTED, (20,)),
)


def insert(db: Database, record_uuid: str, kind: str, payload: str, stamp: str) -> None:
    """Queue one record (pending, due at ``stamp``)."""
    db.execute(INSERT, [record_uuid, kind, payload, stamp, stamp])


def counts(db: Database) -> list[tuple[str, int]]:
    """(state, rows) pairs from the counters table."""
    return [(str(s), int(n)) for s, n in db.execute(COUNTS).fetchall()]


def due_rows(db: Database, now: str, horizon: str, limit: int) -> list[tuple[int, str, str, str]]:
    """Up to ``limit`` pending rows due at ``now`` (or scheduled after ``horizon``), by id."""
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]))
            for r in db.execute(DUE, [now, horizon, limit]).fetchall()]


def mark_sent(db: Database, row_id: int, now: str) -> None:
    """The server has the record (accepted or an identical duplicate)."""
    db.execute("UPDATE outbox SET state = 'sent', sent_at = ?, reason = NULL "
               "WHERE id = ? AND state = 'pending'", [now, row_id])


def mark_rejected(db: Database, row_id: int, reason: str) -> None:
    """The server refused the record for good; the reason stays for a technician."""
    db.execute("UPDATE outbox SET state = 'rejected', reason = ?, attempts = attempts + 1 "
               "WHERE id = ? AND state = 'pending'", [reason, row_id])


def attempts(db: Database, row_id: int) -> int:
    """How many times sending this row failed so far."""
    return int(db.execute("SELECT attempts FROM outbox WHERE id = ?", [row_id]).fetchone()[0])


def schedule_retry(db: Database, row_id: int, attempt: int, when: str, reason: str) -> None:
    """Keep a pending row pending, due again at ``when``."""
    db.execute("UPDATE outbox SET attempts = ?, next_attempt_at = ?, reason = ? "
               "WHERE id = ? AND state = 'pending'", [attempt, when, reason, row_id])


def rejected_rows(db: Database, limit: int) -> list[tuple[str, str, str, str]]:
    """The newest refused rows: (kind, record uuid, reason, created_at)."""
    return [(str(a), str(b), str(c), str(d))
            for a, b, c, d in db.execute(REJECTED, [limit]).fetchall()]


def erase_due(db: Database, cutoff: str, limit: int) -> list[tuple[int, str, str, str]]:
    """Up to ``limit`` confirmed rows sent at or before ``cutoff`` not yet redacted."""
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]))
            for r in db.execute(ERASE_DUE, [cutoff, limit]).fetchall()]


def set_redacted(db: Database, row_id: int, payload: str | None, at: str) -> None:
    """Mark a confirmed row as looked at by retention (with its redacted payload, if any)."""
    if payload is None:
        db.execute("UPDATE outbox SET redacted_at = ? WHERE id = ?", [at, row_id])
    else:
        db.execute("UPDATE outbox SET payload = ?, redacted_at = ? WHERE id = ?",
                   [payload, at, row_id])


def compact_due(db: Database, horizon: str, limit: int) -> list[tuple[int, str, str]]:
    """Up to ``limit`` redacted rows created before ``horizon``: (id, record uuid, kind)."""
    return [(int(r[0]), str(r[1]), str(r[2]))
            for r in db.execute(COMPACT_DUE, [horizon, limit]).fetchall()]


def delete(db: Database, row_id: int) -> None:
    """Forget one outbox row (its record was compacted)."""
    db.execute("DELETE FROM outbox WHERE id = ?", [row_id])
