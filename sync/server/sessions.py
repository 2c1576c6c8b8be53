"""Console sessions in the database (shared by every server process) and their CSRF tokens.

The browser holds a random session id in a Secure, HttpOnly, SameSite=Lax cookie scoped to
``/staff`` (Lax, so a link to an appeal opened from mail or a chat finds the clerk signed
in; no GET changes a record, and every form carries its token); the table keeps only its
SHA-256. A session ends after 30 idle minutes or 10 hours in all,
on logout, on "log out everywhere", or when the account is disabled or its password set.
Every form carries the session's CSRF token, compared in constant time.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.storage import utc_iso
from sync.server.accounts import Account, Accounts
from sync.server.backend import Backend
from sync.server.tokens import token_hash

logger = logging.getLogger(__name__)

IDLE = dt.timedelta(minutes=30)
LIFETIME = dt.timedelta(hours=10)
#: How often a used session's last-seen time is written (not on every request).
_TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Session:
    """A signed-in staff member: their account and the CSRF token of their forms."""

    account: Account
    csrf: str
    id_hash: str


class Sessions:
    """Create, find, end the ``staff_sessions`` rows."""

    def __init__(self, db: Backend, accounts: Accounts,
                 clock: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.accounts = accounts
        self._clock = clock

    def start(self, account: Account, client: str) -> tuple[str, Session]:
        """A new session for ``account``: the cookie value (shown once) and the session."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = self._clock()
        digest = token_hash(session_id)
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM staff_sessions WHERE expires_at < ?", (utc_iso(now),))
            tx.execute("INSERT INTO staff_sessions (id_hash, login, csrf, created_at, "
                       "last_seen_at, expires_at, client) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (digest, account.login, csrf, utc_iso(now), utc_iso(now),
                        utc_iso(now + LIFETIME), client[:100]))
        logger.info("staff %s signed in from %s", account.login, client)
        return session_id, Session(account, csrf, digest)

    def find(self, session_id: str | None) -> Session | None:
        """The live session for a cookie value, or None (unknown, idle, expired, disabled)."""
        if not session_id or len(session_id) > 100:
            return None
        digest = token_hash(session_id)
        rows = self.db.query("SELECT login, csrf, last_seen_at, expires_at FROM staff_sessions "
                             "WHERE id_hash = ?", (digest,))
        if not rows:
            return None
        login, csrf, last_seen, expires = rows[0]
        now = self._clock()
        seen = dt.datetime.fromisoformat(str(last_seen))
        if now >= dt.datetime.fromisoformat(str(expires)) or now - seen >= IDLE:
            self.end(session_id)
            return None
        account = self.accounts.get(str(login))
        if account is None or account.disabled:
            self.end(session_id)
            return None
        if now - seen >= _TOUCH_EVERY:
            with self.db.transaction() as tx:
                tx.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?",
                           (utc_iso(now), digest))
        return Session(account, str(csrf), digest)

    def end(self, session_id: str) -> None:
        """End one session (logout)."""
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM staff_sessions WHERE id_hash = ?", (token_hash(session_id),))

    def end_all(self, login: str) -> int:
        """End every session of ``login`` (log out everywhere); returns how many."""
        with self.db.transaction() as tx:
            count = tx.execute("DELETE FROM staff_sessions WHERE login = ?", (login,))
        logger.info("staff %s logged out everywhere (%d sessions)", login, count)
        return count


def csrf_matches(session: Session, presented: str | None) -> bool:
    """True when a form's CSRF token is the session's (constant-time)."""
    if not presented:
        return False
    return hmac.compare_digest(session.csrf.encode(), presented.encode("utf-8", "replace"))
