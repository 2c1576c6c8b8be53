"""The technician's PIN: a salted scrypt hash, and a lockout that grows and survives restarts.

New PINs are 6 to 8 digits (:data:`NEW_PIN_DIGITS`); a 4- or 5-digit PIN set before that
rule still opens maintenance, which then asks for a longer one (:func:`pin_is_short`).

The lockout rule
----------------
* Every :data:`ROUND` (5) wrong PINs in a row end a round and lock the pad. The first lock
  lasts :data:`BASE_LOCK` (1 minute), each further one twice the last (2, 4, 8 ... minutes),
  never more than :data:`MAX_LOCK` (24 hours). While locked, PINs are not even checked.
* A right PIN resets the count and the doubling.
* The wall clock is never used (a clock set to 2031 neither locks the pad for years nor
  opens it early). ``<state>/maintenance-lock.json`` keeps the boot id
  (``/proc/sys/kernel/random/boot_id``) and the time since boot (``CLOCK_BOOTTIME``) when
  the lock began. On the same boot the lock ends when that clock has advanced by the lock's
  length. After a reboot (another boot id) the time before the reboot cannot be measured
  without the wall clock, so the whole lock counts again from the new boot; the file
  is rewritten for the new boot at the first look.
  (A lock that ended before the reboot with nobody
  looking at the pad counts once more: only a look on the same boot sees it end.)
* A lock file that cannot be read as written here (``[]``, ``{}``, garbage, wrong types,
  NaN, negative numbers, a start in the future) means the pad is locked for
  :data:`BASE_LOCK` from now; the file is rewritten well-formed at once. Nothing raises.

The PIN itself is never stored, only ``scrypt$N$r$p$salt$hash``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic_files import write_text_atomic

logger = logging.getLogger(__name__)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
#: Wrong PINs in a row that end a round and lock the pad.
ROUND = 5
#: The first lock; each further round doubles it, up to :data:`MAX_LOCK` (seconds).
BASE_LOCK = 60.0
MAX_LOCK = 24 * 3600.0
#: A new PIN has this many digits at least (and at most :data:`MAX_DIGITS`).
NEW_PIN_DIGITS = 6
MAX_DIGITS = 8
#: PINs set before the 6-digit rule (still accepted, with a request to change them).
OLD_PIN_DIGITS = 4
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


class PinFormatError(ValueError):
    """A new PIN that is not 6-8 digits, or a stored hash that cannot be read."""


def pin_is_short(pin: str) -> bool:
    """True for a PIN that opens maintenance but is shorter than a new PIN may be."""
    return len(pin) < NEW_PIN_DIGITS


def valid_new_pin(pin: str) -> bool:
    """True when ``pin`` may be set as a new PIN: 6 to 8 digits."""
    return pin.isascii() and pin.isdigit() and NEW_PIN_DIGITS <= len(pin) <= MAX_DIGITS


def hash_pin(pin: str, *, min_digits: int = NEW_PIN_DIGITS) -> str:
    """A salted scrypt hash of ``pin`` in the form stored in config/state.

    ``min_digits`` is lowered only to reproduce a PIN set before the 6-digit rule (tests).

    :raises PinFormatError: when ``pin`` is not ``min_digits`` to 8 digits.
    """
    if not (pin.isascii() and pin.isdigit() and min_digits <= len(pin) <= MAX_DIGITS):
        raise PinFormatError(f"a new PIN is {min_digits} to {MAX_DIGITS} digits")
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


def lock_seconds(rounds: int) -> float:
    """How long the ``rounds``-th lock in a row lasts: 1, 2, 4 ... minutes, at most 24 h."""
    if rounds <= 0:
        return 0.0
    return min(MAX_LOCK, BASE_LOCK * 2.0 ** min(rounds - 1, 64))


def read_boot_id(path: Path = BOOT_ID) -> str:
    """This boot's id ("" when the kernel does not say: every start counts as a new boot)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("cannot read the boot id from %s: %s", path, exc)
        return ""


def seconds_since_boot() -> float:
    """``CLOCK_BOOTTIME`` (counts suspend too; never set by anyone), else ``time.monotonic``."""
    clock = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(clock) if clock is not None else time.monotonic()


@dataclass(frozen=True)
class PinClocks:
    """The clocks the lockout uses (injected by tests): time since boot and the boot id."""

    since_boot: Callable[[], float] = seconds_since_boot
    boot_id: Callable[[], str] = read_boot_id


@dataclass
class _Lock:
    failures: int = 0  # wrong PINs in the current round
    rounds: int = 0  # rounds ended since the last right PIN
    boot_id: str = ""
    locked_at: float = 0.0  # seconds since boot when the lock began
    lock_seconds: float = 0.0  # 0: not locked

    def to_json(self) -> str:
        return json.dumps({"failures": self.failures, "rounds": self.rounds,
                           "boot_id": self.boot_id, "locked_at": self.locked_at,
                           "lock_seconds": self.lock_seconds})


def _count(data: dict[str, object], key: str) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"{key} is {value!r}")
    return value


def _seconds(data: dict[str, object], key: str) -> float:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            not math.isfinite(value) or value < 0:
        raise TypeError(f"{key} is {value!r}")
    return float(value)


def _parse(text: str) -> _Lock:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError(f"not an object: {type(data).__name__}")
    lock = _Lock(failures=_count(data, "failures"), rounds=_count(data, "rounds"),
                 boot_id=data["boot_id"] if isinstance(data["boot_id"], str) else "",
                 locked_at=_seconds(data, "locked_at"),
                 lock_seconds=_seconds(data, "lock_seconds"))
    if not isinstance(data["boot_id"], str) or lock.failures >= ROUND or \
            lock.lock_seconds > MAX_LOCK:
        raise TypeError("inconsistent values")
    return lock


@dataclass
class PinGuard:
    """Checks PINs and keeps the failures and the lock on disk (see the module's rule)."""

    state_file: Path
    pin_hash: str
    clocks: PinClocks = field(default_factory=PinClocks)

    def _load(self) -> _Lock:
        """The lock as it stands now (repairing a damaged file, moving it to this boot)."""
        boot, now = self.clocks.boot_id(), self.clocks.since_boot()
        try:
            lock = _parse(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _Lock(boot_id=boot)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            logger.warning("%s is damaged (%s): the pad is locked for %d s and the file "
                           "rewritten", self.state_file, exc, BASE_LOCK)
            lock = _Lock(rounds=1, boot_id=boot, locked_at=now, lock_seconds=BASE_LOCK)
            self._save(lock)
            return lock
        if lock.lock_seconds <= 0:
            return lock
        if not boot or lock.boot_id != boot:
            # A reboot: the time the power was off is unknown, so the rest counts from boot.
            lock.boot_id, lock.locked_at = boot, 0.0
            self._save(lock)
        elif lock.locked_at > now:  # a start in the future on this boot: damaged
            logger.warning("%s starts its lock in the future: locked for %d s from now",
                           self.state_file, BASE_LOCK)
            lock.locked_at, lock.lock_seconds = now, BASE_LOCK
            self._save(lock)
        elif lock.locked_at + lock.lock_seconds <= now:  # over: a reboot must not renew it
            lock.lock_seconds = 0.0
            self._save(lock)
        return lock

    def _save(self, lock: _Lock) -> None:
        try:
            write_text_atomic(self.state_file, lock.to_json(), mode=0o600)
        except OSError as exc:
            logger.error("cannot write %s: %s", self.state_file, exc)

    def locked_for(self) -> float | None:
        """Seconds until the pad opens again (None: it is open now)."""
        lock = self._load()
        remaining = lock.locked_at + lock.lock_seconds - self.clocks.since_boot()
        return remaining if lock.lock_seconds > 0 and remaining > 0 else None

    def check(self, pin: str) -> bool:
        """Try a PIN; the fifth wrong one in a row locks the pad (1, 2, 4 ... minutes)."""
        lock = self._load()
        now = self.clocks.since_boot()
        if lock.lock_seconds > 0 and lock.locked_at + lock.lock_seconds > now:
            return False
        if verify_pin(pin, self.pin_hash):
            if lock.failures or lock.rounds or lock.lock_seconds:
                self._save(_Lock(boot_id=lock.boot_id))
            return True
        lock.failures += 1
        lock.lock_seconds = 0.0
        if lock.failures >= ROUND:
            lock.rounds += 1
            lock.failures, lock.locked_at = 0, now
            lock.lock_seconds = lock_seconds(lock.rounds)
            lock.boot_id = self.clocks.boot_id()
        self._save(lock)
        logger.warning("wrong maintenance PIN%s", f"; pad locked for {lock.lock_seconds:.0f} s "
                       f"(lock {lock.rounds} in a row)" if lock.lock_seconds else
                       f" ({lock.failures} in a row)")
        return False
