"""The staff audit trail and staff actions on records, each written with its audit row.

Every view of a citizen's personal data and every change is a row of ``staff_audit``:
who, when, which record, what, from where. A status change, its history row and its
audit row are written in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.kinds import transition_problem
from sync.server.accounts import Account
from sync.server.backend import Backend, Transaction
from sync.server.errors import NotFound, Rejected
from sync.server.records import REPLY_MAX, clean_reply, single_line

logger = logging.getLogger(__name__)

REASON_MAX = 500


def write_audit(tx: Transaction, at: str, login: str, action: str, record_id: int | None, *,
                detail: str = "", client: str = "") -> None:
    """Add one audit row inside an open transaction."""
    tx.execute("INSERT INTO staff_audit (at, login, action, record_id, detail, client) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (at, login, action, record_id, single_line(detail)[:500], client[:100]))


def audit(db: Backend, now: str, account: Account, action: str, record_id: int | None, *,
          detail: str = "", client: str = "") -> None:
    """Write one audit row (a view of personal data, an export, a sign-in)."""
    with db.transaction() as tx:
        write_audit(tx, now, account.login, action, record_id, detail=detail, client=client)


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit trail."""

    at: str
    login: str
    action: str
    record_id: int | None
    detail: str
    client: str


def audit_trail(db: Backend, record_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    """The newest audit rows (of one record when given), newest first."""
    where, params = ("WHERE record_id = ? ", (record_id,)) if record_id is not None else ("", ())
    rows = db.query("SELECT at, login, action, record_id, detail, client FROM staff_audit "
                    f"{where}ORDER BY id DESC LIMIT {int(limit)}", params)
    return [AuditEntry(str(r[0]), str(r[1]), str(r[2]), None if r[3] is None else int(r[3]),
                       str(r[4]), str(r[5])) for r in rows]


def change_status(db: Backend, clock: Callable[[], str], account: Account, record_id: int,
                  kind: str, *, status: str, reply: str | None = None, reason: str = "",
                  client: str = "") -> str:
    """Move a record in the account's scope to ``status`` (with a reply or reason); returns
    the old status.

    :raises NotFound: when the record is not within the account's scope.
    :raises Rejected: for a transition the registry refuses or a reply too long.
    """
    cleaned = clean_reply(reply) if reply is not None else None
    if cleaned is not None and len(cleaned) > REPLY_MAX:  # counted as stored (\r\n is one)
        raise Rejected(f"the reply is {len(cleaned)} characters; the limit is {REPLY_MAX}")
    reason = single_line(reason).strip()[:REASON_MAX]
    where, params = account.scope.where()
    with db.transaction() as tx:
        rows = tx.query(f"SELECT r.status FROM records r WHERE r.id = ? AND r.kind = ? "
                        f"AND {where}", (record_id, kind, *params))
        if not rows:
            raise NotFound(f"no {kind} {record_id}")
        old = str(rows[0][0])
        problem = transition_problem(kind, old, status)
        if problem:
            raise Rejected(problem)
        now = clock()
        # Only from the status just checked: on PostgreSQL another clerk's change committed
        # since the SELECT makes this match nothing (the row lock waits for it), instead of
        # a second "final" step over the first.
        changed = tx.execute("UPDATE records SET status = ?, reply = coalesce(?, reply), "
                             "status_updated_at = ? WHERE id = ? AND status = ?",
                             (status, cleaned, now, record_id, old))
        if not changed:
            raise Rejected("someone else changed this status a moment ago; reload the page "
                           "to see it")
        tx.execute("INSERT INTO status_history (record_id, at, login, old_status, new_status, "
                   "reply, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (record_id, now, account.login, old, status, cleaned or "", reason))
        write_audit(tx, now, account.login, "status", record_id, detail=f"{old} -> {status}",
                    client=client)
    logger.info("%s set %s %d from %s to %s", account.login, kind, record_id, old, status)
    return old
