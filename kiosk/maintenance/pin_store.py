"""Where the technician's PIN lives: a changed PIN in the state dir overrides the config file.

The hash (never the PIN) is kept in ``<state>/maintenance-pin.hash`` with mode 0600. A kiosk
installed without any PIN makes one up on first start and leaves it, in clear, in
``<state>/maintenance-pin.initial`` for the installer to read once; the first PIN change
removes that file.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from kiosk.atomic_files import write_text_atomic
from kiosk.config import PIN_HASH_PATTERN, Config
from kiosk.maintenance_pin import PinClocks, PinGuard, hash_pin

logger = logging.getLogger(__name__)

PIN_HASH_FILE = "maintenance-pin.hash"
INITIAL_PIN_FILE = "maintenance-pin.initial"
LOCK_FILE = "maintenance-lock.json"
INITIAL_PIN_DIGITS = 6
_PRIVATE = 0o600


def pin_hash_file(state_dir: Path) -> Path:
    """The file a PIN change writes: ``<state_dir>/maintenance-pin.hash``."""
    return state_dir / PIN_HASH_FILE


def initial_pin_file(config: Config) -> Path:
    """The clear-text first PIN left for the installer: ``<state_dir>/maintenance-pin.initial``."""
    return config.paths.state_dir / INITIAL_PIN_FILE


def current_pin_hash(config: Config) -> str | None:
    """The PIN hash in force: the state dir's (a changed PIN), else the config's, else None.

    A damaged hash file is logged and ignored. Other read errors propagate as ``OSError``.
    """
    path = pin_hash_file(config.paths.state_dir)
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        stored = ""
    if stored and PIN_HASH_PATTERN.match(stored):
        return stored
    if stored:
        logger.error("%s does not hold a PIN hash; using the configured PIN instead", path)
    return config.maintenance.pin_hash or None


def set_pin(state_dir: Path, pin: str) -> None:
    """Hash ``pin`` and store it atomically (mode 0600); it overrides the config's hash.

    :raises kiosk.maintenance_pin.PinFormatError: when the PIN is not 6-8 digits (a 4- or
        5-digit PIN set earlier still opens maintenance, but none is set any more).
    """
    stored = hash_pin(pin)
    write_text_atomic(pin_hash_file(state_dir), stored + "\n", mode=_PRIVATE)
    (state_dir / INITIAL_PIN_FILE).unlink(missing_ok=True)  # a clear PIN must not outlive it
    logger.info("maintenance PIN changed")


def ensure_initial_pin(config: Config) -> str | None:
    """Make up a 6-digit PIN when none is configured anywhere; returns it (else None).

    Its hash is stored as by :func:`set_pin`, and the PIN itself is written to
    ``maintenance-pin.initial`` (0600) for the installer.
    """
    if current_pin_hash(config) is not None:
        return None
    pin = f"{secrets.randbelow(10**INITIAL_PIN_DIGITS):0{INITIAL_PIN_DIGITS}d}"
    set_pin(config.paths.state_dir, pin)
    write_text_atomic(initial_pin_file(config), pin + "\n", mode=_PRIVATE)
    logger.warning("no maintenance PIN was configured: a new one is in %s",
                   initial_pin_file(config))
    return pin


def lock_file(config: Config) -> Path:
    """The PIN pad's failure count and lockout: ``<state_dir>/maintenance-lock.json``."""
    return config.paths.state_dir / LOCK_FILE


def pin_guard(config: Config, clocks: PinClocks | None = None) -> PinGuard | None:
    """A guard checking PINs against the PIN in force (None when no PIN is set at all).

    ``clocks`` replaces the time since boot and the boot id (tests); see PinGuard's rule.
    """
    stored = current_pin_hash(config)
    if stored is None:
        return None
    return PinGuard(lock_file(config), stored, clocks if clocks is not None else PinClocks())
