"""The technician's PIN: scrypt hash, 6 digits for a new PIN, a lockout that doubles per round
of five wrong PINs, measured on the clock since boot (never the wall clock), across restarts
and reboots, and a damaged lock file that locks and is repaired instead of raising."""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.maintenance_pin import (
    BASE_LOCK,
    MAX_LOCK,
    PinClocks,
    PinFormatError,
    PinGuard,
    hash_pin,
    lock_seconds,
    verify_pin,
)

PIN = "482913"


@dataclass
class Boot:
    """A fake machine: seconds since boot and the boot id, moved by the test."""

    now: float = 1000.0
    boot: str = "boot-a"

    def clocks(self) -> PinClocks:
        return PinClocks(since_boot=lambda: self.now, boot_id=lambda: self.boot)

    def reboot(self, uptime: float) -> None:
        self.boot, self.now = self.boot + "'", uptime


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN)


def guard_on(path: Path, stored: str, machine: Boot) -> PinGuard:
    return PinGuard(path, stored, machine.clocks())


def wrong_round(guard: PinGuard) -> None:
    for _ in range(5):
        assert not guard.check("000000")


def test_hash_is_salted_scrypt_and_verifies(stored: str) -> None:
    assert stored.startswith("scrypt$") and stored != hash_pin(PIN)
    assert PIN not in stored
    assert verify_pin(PIN, stored) and not verify_pin("482914", stored)


@pytest.mark.parametrize("pin", ["1234", "12345", "123456789", "12a456", "", "１２３４５６"])
def test_a_new_pin_is_six_to_eight_digits(pin: str) -> None:
    with pytest.raises(PinFormatError):
        hash_pin(pin)


def test_a_four_digit_pin_set_earlier_still_opens(tmp_path: Path) -> None:
    old = hash_pin("4829", min_digits=4)
    assert PinGuard(tmp_path / "lock.json", old, Boot().clocks()).check("4829")


def test_each_round_of_five_wrong_pins_locks_twice_as_long(tmp_path: Path,
                                                           stored: str) -> None:
    machine = Boot()
    guard = guard_on(tmp_path / "lock.json", stored, machine)
    for minutes in (1, 2, 4, 8):
        wrong_round(guard)
        assert guard.locked_for() == minutes * 60
        assert not guard.check(PIN), "locked: even the right PIN waits"
        machine.now += minutes * 60 - 1
        assert guard.locked_for() == 1
        machine.now += 1
        assert guard.locked_for() is None
    assert lock_seconds(11) == 1024 * 60
    assert lock_seconds(12) == MAX_LOCK == 24 * 3600, "capped at a day"
    assert lock_seconds(1000) == MAX_LOCK


def test_a_right_pin_resets_the_count_and_the_doubling(tmp_path: Path, stored: str) -> None:
    machine = Boot()
    guard = guard_on(tmp_path / "lock.json", stored, machine)
    wrong_round(guard)
    machine.now += 60
    wrong_round(guard)
    machine.now += 120
    for _ in range(4):
        guard.check("000000")
    assert guard.check(PIN)
    for _ in range(4):
        assert not guard.check("000000")
    assert guard.locked_for() is None, "the count started again at the right PIN"
    assert not guard.check("000000")
    assert guard.locked_for() == BASE_LOCK, "and so did the doubling"


def test_the_lock_survives_a_restart_on_the_same_boot(tmp_path: Path, stored: str) -> None:
    machine = Boot()
    wrong_round(guard_on(tmp_path / "lock.json", stored, machine))
    machine.now += 30
    restarted = guard_on(tmp_path / "lock.json", stored, machine)  # a new process
    assert restarted.locked_for() == 30
    assert not restarted.check(PIN)
    machine.now += 30
    assert restarted.check(PIN)


def test_after_a_reboot_the_lock_counts_from_the_boot(tmp_path: Path, stored: str) -> None:
    """The time since boot restarts near 0: the lock must not open (or last) by its value."""
    machine = Boot(now=500_000.0)
    guard = guard_on(tmp_path / "lock.json", stored, machine)
    wrong_round(guard)
    machine.now += 60
    wrong_round(guard)  # two minutes
    machine.reboot(uptime=20.0)
    after = guard_on(tmp_path / "lock.json", stored, machine)
    assert after.locked_for() == 100, "120 s from the boot, 20 s of which have passed"
    machine.now += 100
    assert after.check(PIN)


def test_a_lock_that_ended_before_a_reboot_stays_ended(tmp_path: Path, stored: str) -> None:
    machine = Boot()
    guard = guard_on(tmp_path / "lock.json", stored, machine)
    wrong_round(guard)
    machine.now += 61
    assert guard.locked_for() is None
    machine.reboot(uptime=5.0)
    assert guard_on(tmp_path / "lock.json", stored, machine).locked_for() is None


@pytest.mark.parametrize("content", [
    "[]", "{}", "{not json", "", "null", '"locked"',
    '{"failures": "2", "rounds": 0, "boot_id": "boot-a", "locked_at": 0, "lock_seconds": 0}',
    '{"failures": 0, "rounds": 1, "boot_id": "boot-a", "locked_at": NaN, "lock_seconds": 60}',
    '{"failures": 0, "rounds": 1, "boot_id": "boot-a", "locked_at": 990, "lock_seconds": -5}',
    '{"failures": -1, "rounds": 0, "boot_id": "boot-a", "locked_at": 0, "lock_seconds": 0}',
    '{"failures": 0, "rounds": 1, "boot_id": 7, "locked_at": 0, "lock_seconds": 60}',
    '{"failures": 0, "rounds": 1, "boot_id": "boot-a", "locked_at": 0, "lock_seconds": 1e308}',
    '{"failures": true, "rounds": 0, "boot_id": "boot-a", "locked_at": 0, "lock_seconds": 0}',
], ids=lambda text: text[:40])
def test_a_damaged_lock_file_locks_for_the_base_period_and_is_repaired(
        tmp_path: Path, stored: str, content: str) -> None:
    path = tmp_path / "lock.json"
    path.write_text(content, encoding="utf-8")
    machine = Boot()
    guard = guard_on(path, stored, machine)
    assert guard.locked_for() == BASE_LOCK
    assert not guard.check(PIN)
    repaired = json.loads(path.read_text(encoding="utf-8"))
    assert repaired == {"failures": 0, "rounds": 1, "boot_id": "boot-a",
                        "locked_at": machine.now, "lock_seconds": BASE_LOCK}
    machine.now += BASE_LOCK
    assert guard.check(PIN)


def test_a_lock_that_starts_in_the_future_of_this_boot_is_damaged(tmp_path: Path,
                                                                  stored: str) -> None:
    path = tmp_path / "lock.json"
    path.write_text(json.dumps({"failures": 0, "rounds": 3, "boot_id": "boot-a",
                                "locked_at": 9e9, "lock_seconds": 240}), encoding="utf-8")
    machine = Boot()
    assert guard_on(path, stored, machine).locked_for() == BASE_LOCK


def test_the_lock_file_is_private(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "lock.json"
    guard_on(path, stored, Boot()).check("000000")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
