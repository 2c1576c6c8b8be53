"""The technician's PIN: scrypt hash, five wrong tries lock for five minutes, across restarts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.maintenance_pin import PinFormatError, PinGuard, hash_pin, verify_pin

NOW = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)


def test_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_pin("482913"), hash_pin("482913")
    assert first.startswith("scrypt$") and first != second
    assert "482913" not in first
    assert verify_pin("482913", first) and not verify_pin("482914", first)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", ""])
def test_pins_are_four_to_eight_digits(pin: str) -> None:
    with pytest.raises(PinFormatError):
        hash_pin(pin)


def test_five_wrong_pins_lock_even_after_a_restart(tmp_path: Path) -> None:
    stored = hash_pin("482913")
    guard = PinGuard(tmp_path / "lock.json", stored)
    for _ in range(5):
        assert not guard.check("000000", NOW)
    restarted = PinGuard(tmp_path / "lock.json", stored)  # a new process reads the file
    assert restarted.locked_until(NOW) == NOW + dt.timedelta(minutes=5)
    assert not restarted.check("482913", NOW + dt.timedelta(minutes=4))
    assert restarted.check("482913", NOW + dt.timedelta(minutes=5, seconds=1))


def test_a_right_pin_resets_the_count(tmp_path: Path) -> None:
    guard = PinGuard(tmp_path / "lock.json", hash_pin("4829"))
    for _ in range(4):
        guard.check("0000", NOW)
    assert guard.check("4829", NOW)
    for _ in range(4):
        assert not guard.check("0000", NOW)
    assert guard.locked_until(NOW) is None


def test_a_damaged_lock_file_keeps_the_pad_locked(tmp_path: Path) -> None:
    path = tmp_path / "lock.json"
    path.write_text("{not json", encoding="utf-8")
    guard = PinGuard(path, hash_pin("4829"))
    assert guard.locked_until(dt.datetime.now(dt.UTC)) is not None
