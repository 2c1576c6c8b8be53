"""The technician's PIN: a salted scrypt hash, and a lockout that survives restarts.

Five wrong PINs lock the pad for five minutes. The failures and the lock end are kept in
``<state>/maintenance-lock.json`` (wall-clock UTC), so pulling the power does not reset
them. The PIN itself is never stored, only ``scrypt$N$r$p$salt$hash``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=5)
PIN_LENGTHS = range(4, 9)


class PinFormatError(ValueError):
    """A PIN that is not 4-8 digits, or a stored hash that cannot be read."""


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of ``pin`` in the form stored in config/state."""
    if not (pin.isdigit() and len(pin) in PIN_LENGTHS):
        raise PinFormatError("a PIN is 4 to 8 digits")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    encode = base64.b64encode
    return (f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}$"
            f"{encode(digest).decode()}")


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except ValueError as exc:
        raise PinFormatError(f"the stored PIN hash is not readable: {exc}") from exc
    return hmac.compare_digest(actual, expected)


@dataclass
class PinGuard:
    """Checks PINs and keeps count of failures on disk."""

    state_file: Path
    pin_hash: str

    def _load(self) -> tuple[int, dt.datetime | None]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            until = data.get("locked_until")
            return int(data.get("failures", 0)), dt.datetime.fromisoformat(until) if until else None
        except FileNotFoundError:
            return 0, None
        except (ValueError, TypeError) as exc:
            logger.warning("%s is damaged (%s): treating the pad as locked", self.state_file, exc)
            return MAX_FAILURES, dt.datetime.now(dt.UTC) + LOCKOUT

    def _save(self, failures: int, until: dt.datetime | None) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"failures": failures,
                                   "locked_until": until.isoformat() if until else None}),
                       encoding="utf-8")
        tmp.replace(self.state_file)

    def locked_until(self, now: dt.datetime) -> dt.datetime | None:
        """When the pad opens again (None: it is open now)."""
        _, until = self._load()
        return until if until is not None and until > now else None

    def check(self, pin: str, now: dt.datetime) -> bool:
        """Try a PIN; the fifth wrong one in a row locks the pad for five minutes."""
        failures, until = self._load()
        if until is not None and until > now:
            return False
        if verify_pin(pin, self.pin_hash):
            self._save(0, None)
            return True
        failures += 1
        lock = now + LOCKOUT if failures >= MAX_FAILURES else None
        self._save(0 if lock else failures, lock)
        logger.warning("wrong maintenance PIN (%d in a row)%s", failures,
                       "; pad locked for 5 minutes" if lock else "")
        return False
