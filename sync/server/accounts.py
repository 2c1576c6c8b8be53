"""Staff accounts of the console: roles, scopes, scrypt password hashes, lockout.

Roles, from the narrowest: a *clerk* sees one akimat's appeals, bookings and ratings;
the *akim's office* sees the same akimat plus the reception list and reports; a *district*
admin sees every akimat of one district, the fleet and publishing; *region* is the
regional IT office (every district). What a role may see is a :class:`Scope`, turned into
SQL in exactly one place (:meth:`Scope.where`) so every query of the console is limited
the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.passwords import (
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    check_password,
    hash_password,
    new_password,
    verify_password,
)
from kiosk.storage import utc_iso
from sync.server.backend import Backend
from sync.server.errors import NotFound, Rejected

logger = logging.getLogger(__name__)

ROLES = ("clerk", "office", "district", "region")
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
_LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class Scope:
    """Which records an account may see: one akimat, one district, or the whole region."""

    role: str
    akimat: str = ""
    district: str = ""

    def where(self, alias: str = "r") -> tuple[str, tuple[str, ...]]:
        """The SQL condition (``AND``-able) and parameters limiting records to this scope."""
        if self.role in ("clerk", "office"):
            return f"{alias}.akimat = ?", (self.akimat,)
        if self.role == "district":
            return f"{alias}.district = ?", (self.district,)
        return "1 = 1", ()

    def may(self, capability: str) -> bool:
        """Whether the role has ``capability``: reception, reports, fleet, publish."""
        needed = {"reception": "office", "reports": "office", "fleet": "district",
                  "publish": "district"}.get(capability, "clerk")
        return ROLES.index(self.role) >= ROLES.index(needed)


@dataclass(frozen=True)
class Account:
    """A staff member as the console knows them (never the password hash)."""

    login: str
    full_name: str
    role: str
    akimat: str
    district: str
    disabled: bool

    @property
    def scope(self) -> Scope:
        """What this account may see."""
        return Scope(self.role, self.akimat, self.district)


class LoginRefused(Exception):
    """A login that did not succeed; ``locked_until`` is set when the account is locked."""

    def __init__(self, message: str, locked_until: str | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


def check_login(login: str) -> str:
    """The login, refused unless 2-40 lowercase Latin letters, digits, dots, dashes."""
    login = login.strip().lower()
    if not 2 <= len(login) <= 40 or not set(login) <= _LOGIN_CHARS:
        raise Rejected("a login is 2-40 lowercase Latin letters, digits, '.', '_' or '-'")
    return login


class Accounts:
    """The ``staff_accounts`` table: add, list, disable, reset, and check a login."""

    def __init__(self, db: Backend, clock: Callable[[], dt.datetime],
                 *, scrypt_n: int = SCRYPT_N) -> None:
        self.db = db
        self._clock = clock
        self._n = scrypt_n
        # An unknown login is checked against this, at the cost of a real hash, so the
        # answer takes as long as for a real account.
        self._dummy = "$".join(("scrypt", str(scrypt_n), str(SCRYPT_R), str(SCRYPT_P),
                                "A" * 22 + "==", "A" * 43 + "="))

    def add(self, login: str, full_name: str, role: str, *, akimat: str = "",
            district: str = "", password: str | None = None) -> str:
        """Create an account; returns its password (generated when not given), shown once.

        :raises Rejected: for a bad login, role, scope or password, or an existing login.
        """
        login = check_login(login)
        full_name = " ".join(full_name.split())
        if not 1 <= len(full_name) <= 100:
            raise Rejected("the full name must have 1-100 characters")
        if role not in ROLES:
            raise Rejected(f"the role must be one of {', '.join(ROLES)}")
        if role in ("clerk", "office") and not akimat.strip():
            raise Rejected(f"{'an' if role == 'office' else 'a'} {role} account needs "
                           "--akimat (the akimat whose records they answer)")
        if role == "district" and not district.strip():
            raise Rejected("a district account needs --district")
        password = password if password is not None else new_password()
        problem = check_password(password)
        if problem:
            raise Rejected(problem)
        now = utc_iso(self._clock())
        with self.db.transaction() as tx:
            if tx.query("SELECT 1 FROM staff_accounts WHERE login = ?", (login,)):
                raise Rejected(f"the login {login} is taken")
            tx.execute("INSERT INTO staff_accounts (login, full_name, role, akimat, district, "
                       "password_hash, created_at, password_changed_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (login, full_name, role, akimat.strip(), district.strip(),
                        hash_password(password, n=self._n), now, now))
        logger.info("staff account %s added (%s)", login, role)
        return password

    def new_or_reset(self, login: str, full_name: str, role: str, *, akimat: str = "",
                     district: str = "") -> str:
        """Create the account, or give an existing one a new password; returns the password."""
        if self.get(check_login(login)) is None:
            return self.add(login, full_name, role, akimat=akimat, district=district)
        return self.set_password(login)

    def list(self) -> list[Account]:
        """Every account, by login."""
        rows = self.db.query("SELECT login, full_name, role, akimat, district, disabled_at "
                             "FROM staff_accounts ORDER BY login")
        return [_account(row) for row in rows]

    def get(self, login: str) -> Account | None:
        """The account with this login, or None."""
        rows = self.db.query("SELECT login, full_name, role, akimat, district, disabled_at "
                             "FROM staff_accounts WHERE login = ?", (login,))
        return _account(rows[0]) if rows else None

    def disable(self, login: str) -> None:
        """Disable the account and end every session of it.

        :raises NotFound: for an unknown login.
        """
        login = login.strip().lower()
        with self.db.transaction() as tx:
            changed = tx.execute("UPDATE staff_accounts SET disabled_at = "
                                 "coalesce(disabled_at, ?) WHERE login = ?",
                                 (utc_iso(self._clock()), login))
            tx.execute("DELETE FROM staff_sessions WHERE login = ?", (login,))
        if not changed:
            raise NotFound(f"no staff account {login}")
        logger.warning("staff account %s disabled", login)

    def set_password(self, login: str, password: str | None = None) -> str:
        """Set (or generate) a password, re-enable and unlock, end every session; returns it.

        :raises NotFound: for an unknown login. :raises Rejected: for a weak password.
        """
        login = login.strip().lower()
        password = password if password is not None else new_password()
        problem = check_password(password)
        if problem:
            raise Rejected(problem)
        with self.db.transaction() as tx:
            changed = tx.execute("UPDATE staff_accounts SET password_hash = ?, "
                                 "password_changed_at = ?, disabled_at = NULL, "
                                 "failed_logins = 0, locked_until = NULL WHERE login = ?",
                                 (hash_password(password, n=self._n),
                                  utc_iso(self._clock()), login))
            tx.execute("DELETE FROM staff_sessions WHERE login = ?", (login,))
        if not changed:
            raise NotFound(f"no staff account {login}")
        logger.info("password of staff account %s set", login)
        return password

    def authenticate(self, login: str, password: str) -> Account:
        """The account, when the login and password match and it is neither disabled nor locked.

        Five wrong passwords in a row lock the account for 15 minutes; the lock is in the
        database, so every server process honours it.

        :raises LoginRefused: with a reason that does not tell whether the login exists.
        """
        login = login.strip().lower()[:40]
        rows = self.db.query("SELECT password_hash, disabled_at, locked_until "
                             "FROM staff_accounts WHERE login = ?", (login,))
        now = self._clock()
        if not rows:
            verify_password(self._dummy, password)  # the same time as a real check
            raise LoginRefused("wrong login or password")
        stored, disabled_at, locked_until = rows[0]
        if _locked(locked_until, now):
            raise LoginRefused("too many wrong passwords", str(locked_until))
        if not verify_password(str(stored), password) or disabled_at:
            self._failed(login, now)
            raise LoginRefused("wrong login or password")
        with self.db.transaction() as tx:
            # Not when another worker locked the account while this password was checked.
            cleared = tx.execute("UPDATE staff_accounts SET failed_logins = 0, "
                                 "locked_until = NULL WHERE login = ? AND disabled_at IS NULL "
                                 "AND (locked_until IS NULL OR locked_until <= ?)",
                                 (login, utc_iso(now)))
        account = self.get(login)
        if not cleared or account is None or account.disabled:
            raise LoginRefused("wrong login or password")
        return account

    def _failed(self, login: str, now: dt.datetime) -> None:
        """Count a wrong password; the fifth in a row locks the account.

        Counted and compared in one transaction by the database, so wrong passwords tried
        at the same moment through several server workers are all counted.
        """
        with self.db.transaction() as tx:
            tx.execute("UPDATE staff_accounts SET failed_logins = failed_logins + 1 "
                       "WHERE login = ?", (login,))
            locked = tx.execute("UPDATE staff_accounts SET failed_logins = 0, "
                                "locked_until = ? WHERE login = ? AND failed_logins >= ?",
                                (utc_iso(now + LOCKOUT), login, MAX_FAILED_LOGINS))
        if locked:
            logger.warning("staff account %s locked for %s after %d wrong passwords",
                           login, LOCKOUT, MAX_FAILED_LOGINS)


def _locked(locked_until: object, now: dt.datetime) -> bool:
    return bool(locked_until) and dt.datetime.fromisoformat(str(locked_until)) > now


def _account(row: tuple[Any, ...]) -> Account:
    login, full_name, role, akimat, district, disabled_at = row
    return Account(str(login), str(full_name), str(role), str(akimat), str(district),
                   disabled_at is not None)
