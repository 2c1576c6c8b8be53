"""Desk accounts on the kiosk: department + room + specialist, a password, a lockout.

Made in maintenance mode or by ``kiosk desk add``; a desk signs in on the akimat's LAN.
Only a scrypt hash of the password is kept. Twenty wrong passwords lock the desk for
15 minutes (kept in the database, so a restart does not reset it); the lock is measured
from the time of the failure, and a clock set far ahead cannot lock a desk for longer
than the lockout itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import N_
from kiosk.passwords import check_password, hash_password, verify_password
from kiosk.queue.errors import DeskSignInRefused
from kiosk.storage import utc_iso
from kiosk.storage.connection import write_transaction

logger = logging.getLogger(__name__)

#: scrypt cost for desk passwords: 16 MiB, about 50 ms on a kiosk PC.
DESK_SCRYPT_N = 2 ** 14
#: Wrong passwords before a desk is locked. Higher than a person needs: the desk server
#: also stops each address after 5 wrong tries at one desk, so one phone on the akimat's
#: Wi-Fi cannot lock a specialist out.
MAX_FAILURES = 20
LOCKOUT = dt.timedelta(minutes=15)
SESSION_IDLE = dt.timedelta(hours=10)
DESK_STATES = ("open", "paused", "disabled")
_ROOM = re.compile(r"^[\w][\w ./-]*$")
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against for an unknown login (so it costs what a real check costs)."""
    return hash_password("not-a-desk-password", n=DESK_SCRYPT_N)


@dataclass(frozen=True)
class Desk:
    """A desk as stored: who sits there and for which department."""

    id: int
    login: str
    department: str
    room: str
    specialist: str
    state: str

    @property
    def paused(self) -> bool:
        """True while the specialist has paused the desk (no calls)."""
        return self.state == "paused"


@dataclass(frozen=True)
class DeskSession:
    """A signed-in desk: its session token (cookie) and the form token (CSRF)."""

    token: str
    csrf: str
    desk: Desk


PASSWORD_DIGITS = 16


def desk_password() -> str:
    """16 random digits: nothing to mistake when written by hand, read aloud or typed on a
    Russian or Kazakh keyboard layout (Latin letters there come out as Cyrillic look-alikes).

    10^16 is about 2^53; with scrypt and the desk lockout that is far beyond guessing.
    """
    while True:
        password = "".join(str(secrets.randbelow(10)) for _ in range(PASSWORD_DIGITS))
        if check_password(password) is None:
            return password


def typed_password(text: str) -> str:
    """A password as typed: the spaces it is shown with (``9588 9187 …``) and any a phone's
    autofill adds are not part of it."""
    return "".join(text.split())


def _checked_password(password: str | None) -> str:
    password = typed_password(password) if password else desk_password()
    problem = check_password(password)
    if problem:
        raise ValueError(problem)
    return password


def check_login(login: str) -> str:
    """The login in lower case, or ValueError saying what a login may contain."""
    cleaned = login.strip().lower()
    if not _LOGIN.match(cleaned):
        raise ValueError("a desk login is 2-40 lowercase Latin letters, digits, '.', '_' or "
                         "'-', starting with a letter or digit")
    return cleaned


def add_desk(db: Database, catalogue: Catalogue, login: str, *, department: str, room: str,
             specialist: str, now: dt.datetime, password: str | None = None) -> str:
    """Create a desk and return its password (16 random digits unless given; spaces dropped).

    :raises ValueError: for a bad login, unknown department, empty room or specialist, a weak
        password, or a login already in use.
    """
    login = check_login(login)
    if department not in catalogue.departments:
        known = ", ".join(catalogue.departments)
        raise ValueError(f"no department {department!r} in the catalogue; known: {known}")
    room = room.strip() or catalogue.department(department).room
    specialist = " ".join(specialist.split())
    if not specialist or len(specialist) > 80:
        raise ValueError("give the specialist's name (1-80 characters)")
    if len(room) > 20 or not _ROOM.match(room):
        raise ValueError("a room is 1-20 letters, digits, spaces and - / . (e.g. 103 or 2А)")
    password = _checked_password(password)
    with write_transaction(db):
        if db.execute("SELECT 1 FROM desks WHERE login = ?", [login]).fetchone():
            raise ValueError(f"a desk with the login {login!r} already exists")
        db.execute("INSERT INTO desks (login, department, room, specialist, password_hash, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                   [login, department, room, specialist,
                    hash_password(password, n=DESK_SCRYPT_N), utc_iso(now)])
    logger.info("desk %s added: %s, room %s, %s", login, department, room, specialist)
    return password


def list_desks(db: Database) -> list[Desk]:
    """Every desk, in login order."""
    return [_desk(row) for row in db.execute(
        "SELECT id, login, department, room, specialist, state FROM desks ORDER BY login")]


def get_desk(db: Database, login: str) -> Desk | None:
    """The desk with this login, or None."""
    row = db.execute("SELECT id, login, department, room, specialist, state FROM desks "
                     "WHERE login = ?", [login.strip().lower()]).fetchone()
    return _desk(row) if row else None


def set_desk_state(db: Database, login: str, state: str) -> None:
    """Open, pause or disable a desk; disabling also signs it out everywhere.

    :raises ValueError: for an unknown desk or state.
    """
    if state not in DESK_STATES:
        raise ValueError(f"a desk state is one of {', '.join(DESK_STATES)}")
    with write_transaction(db):
        desk = get_desk(db, login)
        if desk is None:
            raise ValueError(f"no desk has the login {login!r}")
        db.execute("UPDATE desks SET state = ? WHERE id = ?", [state, desk.id])
        if state == "disabled":
            db.execute("DELETE FROM desk_sessions WHERE desk_id = ?", [desk.id])


def reset_desk_password(db: Database, login: str, password: str | None = None) -> str:
    """Set a new password (random unless given), clear the lockout, end the desk's sessions."""
    password = _checked_password(password)
    digest = hash_password(password, n=DESK_SCRYPT_N)
    with write_transaction(db):
        desk = get_desk(db, login)
        if desk is None:
            raise ValueError(f"no desk has the login {login!r}")
        db.execute("UPDATE desks SET password_hash = ?, failures = 0, locked_until = NULL "
                   "WHERE id = ?", [digest, desk.id])
        db.execute("DELETE FROM desk_sessions WHERE desk_id = ?", [desk.id])
    return password


def sign_in(db: Database, login: str, password: str, now: dt.datetime) -> DeskSession:
    """Check a desk's password and open a session.

    :raises DeskSignInRefused: wrong login or password (the same words for both), a locked
        desk (with the time it opens again) or a disabled desk.
    """
    try:
        login = check_login(login)
    except ValueError:
        login = ""
    row = db.execute("SELECT id, password_hash, state, failures, locked_until FROM desks "
                     "WHERE login = ?", [login]).fetchone() if login else None
    if row is None:
        verify_password(_dummy_hash(), password)  # the same time as a real check
        raise DeskSignInRefused(N_("Wrong login or password."))
    desk_id, stored, state, _failures, locked_until = row
    # The attempt is counted before the password is checked, in one statement: a burst of
    # parallel sign-ins cannot all be checked before the first failure is written.
    if (locked_until and _locked(str(locked_until), now)) or not _attempt(db, int(desk_id),
                                                                        now):
        raise DeskSignInRefused(N_("Too many wrong passwords: this desk is locked for "
                                   "15 minutes. Ask the kiosk's technician if it stays locked."))
    if not verify_password(str(stored), typed_password(password)):
        raise DeskSignInRefused(N_("Wrong login or password."))
    if state == "disabled":
        raise DeskSignInRefused(N_("This desk is switched off. Ask the kiosk's technician."))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    stamp = utc_iso(now)
    with write_transaction(db):
        db.execute("UPDATE desks SET failures = 0, locked_until = NULL WHERE id = ?", [desk_id])
        db.execute("DELETE FROM desk_sessions WHERE last_seen_at < ?",
                   [utc_iso(now - SESSION_IDLE)])
        db.execute("INSERT INTO desk_sessions (token_hash, desk_id, csrf, created_at, "
                   "last_seen_at) VALUES (?, ?, ?, ?, ?)",
                   [_digest(token), desk_id, csrf, stamp, stamp])
    desk = get_desk(db, login)
    if desk is None:  # deleted between the check and now
        raise DeskSignInRefused(N_("Wrong login or password."))
    logger.info("desk %s signed in", login)
    return DeskSession(token, csrf, desk)


def session_desk(db: Database, token: str, now: dt.datetime) -> DeskSession | None:
    """The signed-in desk of a session token, or None (unknown, expired or disabled)."""
    if not token or len(token) > 100:
        return None
    row = db.execute(
        "SELECT d.id, d.login, d.department, d.room, d.specialist, d.state, s.csrf, "
        "s.last_seen_at FROM desk_sessions s JOIN desks d ON d.id = s.desk_id "
        "WHERE s.token_hash = ?", [_digest(token)]).fetchone()
    if row is None or row[5] == "disabled":
        return None
    last_seen = dt.datetime.fromisoformat(str(row[7]))
    if now - last_seen > SESSION_IDLE:
        return None
    if now - last_seen > dt.timedelta(minutes=1):  # at most one write a minute per desk
        with write_transaction(db):
            db.execute("UPDATE desk_sessions SET last_seen_at = ? WHERE token_hash = ?",
                       [utc_iso(now), _digest(token)])
    return DeskSession(token, str(row[6]), _desk(row[:6]))


def sign_out(db: Database, token: str) -> None:
    """End one session."""
    with write_transaction(db):
        db.execute("DELETE FROM desk_sessions WHERE token_hash = ?", [_digest(token)])


def _attempt(db: Database, desk_id: int, now: dt.datetime) -> bool:
    """Count one sign-in attempt (a success sets the count back to 0); False when this one
    is over the limit, which locks the desk for :data:`LOCKOUT`."""
    with write_transaction(db):
        row = db.execute("UPDATE desks SET failures = failures + 1 WHERE id = ? "
                         "RETURNING failures", [desk_id]).fetchone()
        if row and int(row[0]) > MAX_FAILURES:
            db.execute("UPDATE desks SET failures = 0, locked_until = ? WHERE id = ?",
                       [utc_iso(now + LOCKOUT), desk_id])
            logger.warning("desk id %d locked for %s after %d wrong passwords", desk_id,
                           LOCKOUT, MAX_FAILURES)
            return False
    return True


def _locked(until_text: str, now: dt.datetime) -> bool:
    until = dt.datetime.fromisoformat(until_text)
    # A lock set under a clock far ahead ends when the lockout would have, not years later.
    return now < until <= now + LOCKOUT


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _desk(row: tuple[object, ...]) -> Desk:
    return Desk(int(str(row[0])), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                str(row[5]))
