"""Where the PIN lives: a changed PIN beats the config, a first PIN is made up exactly once."""

from __future__ import annotations

import dataclasses
import stat

import pytest

from kiosk.config import Config, MaintenanceSection
from kiosk.maintenance import (
    PinFormatError,
    current_pin_hash,
    ensure_initial_pin,
    initial_pin_file,
    lock_file,
    pin_guard,
    pin_hash_file,
    set_pin,
    verify_pin,
)
from kiosk.maintenance_pin import hash_pin


def _with_hash(config: Config, pin_hash: str) -> Config:
    return dataclasses.replace(config, maintenance=MaintenanceSection(pin_hash=pin_hash))


def test_no_pin_anywhere_is_none(config: Config) -> None:
    assert current_pin_hash(config) is None
    assert pin_guard(config) is None


def test_configured_hash_is_used(config: Config) -> None:
    configured = _with_hash(config, hash_pin("1111", min_digits=4))
    guard = pin_guard(configured)
    assert guard is not None and guard.check("1111")
    assert guard.state_file == lock_file(configured) == config.paths.state_dir / \
        "maintenance-lock.json"


def test_changed_pin_overrides_config_and_survives_reload(config: Config) -> None:
    configured = _with_hash(config, hash_pin("1111", min_digits=4))
    set_pin(config.paths.state_dir, "246810")
    path = pin_hash_file(config.paths.state_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "246810" not in path.read_text(encoding="utf-8")
    reloaded = dataclasses.replace(configured)  # a restart builds the config again
    stored = current_pin_hash(reloaded)
    assert stored is not None and verify_pin("246810", stored)
    guard = pin_guard(reloaded)
    assert guard is not None
    assert not guard.check("1111")
    assert guard.check("246810")


@pytest.mark.parametrize("pin", ["12ab", "1234", "12345"])
def test_bad_or_short_new_pin_changes_nothing(config: Config, pin: str) -> None:
    with pytest.raises(PinFormatError):
        set_pin(config.paths.state_dir, pin)
    assert not pin_hash_file(config.paths.state_dir).exists()


def test_damaged_hash_file_falls_back_to_config(config: Config) -> None:
    configured = _with_hash(config, hash_pin("1111", min_digits=4))
    pin_hash_file(config.paths.state_dir).parent.mkdir(parents=True)
    pin_hash_file(config.paths.state_dir).write_text("garbage", encoding="utf-8")
    assert current_pin_hash(configured) == configured.maintenance.pin_hash


def test_initial_pin_is_made_once_and_verifies(config: Config) -> None:
    pin = ensure_initial_pin(config)
    assert pin is not None and len(pin) == 6 and pin.isdigit()
    clear = initial_pin_file(config)
    assert clear.read_text(encoding="utf-8").strip() == pin
    assert stat.S_IMODE(clear.stat().st_mode) == 0o600
    stored = current_pin_hash(config)
    assert stored is not None and verify_pin(pin, stored)
    assert ensure_initial_pin(config) is None  # second start: nothing new
    assert current_pin_hash(config) == stored
    guard = pin_guard(config)
    assert guard is not None and guard.check(pin)


def test_no_initial_pin_when_one_is_configured(config: Config) -> None:
    assert ensure_initial_pin(_with_hash(config, hash_pin("1111", min_digits=4))) is None
    assert not initial_pin_file(config).exists()


def test_changing_the_pin_removes_the_clear_initial_pin(config: Config) -> None:
    ensure_initial_pin(config)
    set_pin(config.paths.state_dir, "975310")
    assert not initial_pin_file(config).exists()
