"""Passwords for people who sign in (console staff, akimat desks): scrypt hashes, checks.

Shared by the regional server's staff accounts and the kiosk's desk accounts, so both
store ``scrypt$N$r$p$salt$hash`` and compare in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading

logger = logging.getLogger(__name__)

#: scrypt with N=2^15, r=8: 32 MiB of memory per hash, about 0.1 s.
SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
PASSWORD_MIN = 10
PASSWORD_MAX = 200
_MAXMEM = 256 * 1024 * 1024
#: At most this many scrypt computations at once per process (32 MiB each): a burst of
#: sign-ins queues instead of taking the machine's memory.
_SCRYPT_SLOTS = threading.BoundedSemaphore(4)
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """``scrypt$N$r$p$salt$hash`` for ``password`` (memory-hard; salt 16 random bytes)."""
    salt = secrets.token_bytes(16)
    with _SCRYPT_SLOTS:
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R,
                                p=SCRYPT_P, maxmem=_MAXMEM, dklen=32)
    return "$".join(("scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()))


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches the stored scrypt hash (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        with _SCRYPT_SLOTS:
            actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                    n=int(n), r=int(r), p=int(p), maxmem=_MAXMEM,
                                    dklen=len(expected))
    except (ValueError, TypeError) as exc:
        logger.error("unreadable password hash: %s", exc)
        return False
    return hmac.compare_digest(expected, actual)


def check_password(password: str) -> str | None:
    """Why ``password`` is not acceptable, or None."""
    if len(password) < PASSWORD_MIN:
        return f"the password must have at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"the password must have at most {PASSWORD_MAX} characters"
    if len(set(password)) < 4:
        return "the password must not repeat one or two characters"
    return None


def new_password() -> str:
    """A random password of 16 letters and digits, to be handed over once."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))
