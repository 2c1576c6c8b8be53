"""The PIN pad on screen: a lockout that doubles and follows the clock since boot (not the
wall clock), survives a restart, and a PIN shorter than 6 digits that still opens
maintenance but asks for a longer one."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.i18n import Language
from kiosk.maintenance import pin_hash_file
from kiosk.maintenance_pin import hash_pin, verify_pin
from kiosk.storage import open_database
from tests.kiosk.test_maintenance_pin import Boot
from tests.ui.harness import FixedClock, kiosk_window
from tests.ui.maintenance.support import (
    PIN,
    audit_actions,
    corner_taps,
    maintenance_config,
    pad_of,
    ready,
    type_pin,
)
from ui.maintenance.screen import MaintenanceScreen
from ui.screens.base import ScreenId


def test_wrong_pins_lock_longer_each_round_even_after_a_restart_and_a_2031_clock(
        qtbot: QtBot, mconfig: Config, clock: FixedClock) -> None:
    db = open_database(mconfig.paths.database)
    machine = Boot(now=3600.0)
    with kiosk_window(mconfig, db, clock=clock) as first:
        ready(qtbot, first).pin_clocks = machine.clocks()
        first.navigator.ctx.language.set(Language.EN)
        corner_taps(qtbot, first)
        pad = pad_of(first)
        for _ in range(4):
            type_pin(qtbot, first, "111111")
            assert "Wrong PIN" in pad.message.text()
        type_pin(qtbot, first, "111111")
        assert "10:01" in pad.message.text(), "the first lock: one minute"
        type_pin(qtbot, first, PIN)
        assert first.navigator.current is ScreenId.HOME, "locked: even the right PIN waits"
        clock.now = clock.now.replace(year=2031)  # a wrong wall clock opens nothing
        type_pin(qtbot, first, PIN)
        assert first.navigator.current is ScreenId.HOME
        clock.now = clock.now.replace(year=2026)
    # The power is pulled and the kiosk starts again on the same boot: still locked.
    with kiosk_window(mconfig, db, clock=clock) as second:
        ready(qtbot, second).pin_clocks = machine.clocks()
        second.navigator.ctx.language.set(Language.EN)
        corner_taps(qtbot, second)
        pad = pad_of(second)
        assert "10:01" in pad.message.text()
        machine.now += 60
        for _ in range(5):
            type_pin(qtbot, second, "111111")
        assert "10:02" in pad.message.text(), "the second lock: two minutes"
        machine.now += 119
        type_pin(qtbot, second, PIN)
        assert second.navigator.current is ScreenId.HOME
        machine.now += 1
        type_pin(qtbot, second, PIN)
        assert second.navigator.current is ScreenId.MAINTENANCE
    actions = audit_actions(db)
    assert actions.count("maintenance.pin_wrong") == 10
    assert "maintenance.pin_locked" in actions
    db.close()


def test_a_four_digit_pin_opens_maintenance_and_asks_for_six_digits(
        qtbot: QtBot, tmp_path: Path, clock: FixedClock) -> None:
    config = maintenance_config(tmp_path)
    pin_hash_file(config.paths.state_dir).write_text(hash_pin("2468", min_digits=4) + "\n",
                                                     encoding="utf-8")
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as window:
        ready(qtbot, window).pin_clocks = Boot(now=3600.0).clocks()
        window.navigator.ctx.language.set(Language.EN)
        corner_taps(qtbot, window)
        type_pin(qtbot, window, "2468")
        assert window.navigator.current is ScreenId.MAINTENANCE
        screen = window.navigator.screen_of(MaintenanceScreen)
        assert "change it to one of 6 to 8 digits" in screen.panel.message.text()
        assert screen.panel.message.isVisible()
    db.close()


def test_a_new_pin_shorter_than_six_digits_is_refused(
        qtbot: QtBot, mconfig: Config, clock: FixedClock) -> None:
    from ui.maintenance.system_panel import SystemPanel

    db = open_database(mconfig.paths.database)
    with kiosk_window(mconfig, db, clock=clock) as window:
        ready(qtbot, window).pin_clocks = Boot(now=3600.0).clocks()
        window.navigator.ctx.language.set(Language.EN)
        corner_taps(qtbot, window)
        type_pin(qtbot, window, PIN)
        screen = window.navigator.screen_of(MaintenanceScreen)
        panel = next(p for p in screen.panels if isinstance(p, SystemPanel))
        panel.change_pin()
        type_pin(qtbot, window, "13579")
        type_pin(qtbot, window, "13579")
        pad = pad_of(window)
        assert "6 to 8 digits" in pad.message.text()
        stored = pin_hash_file(mconfig.paths.state_dir).read_text(encoding="utf-8")
        assert verify_pin(PIN, stored.strip()), "the old PIN is kept"
    db.close()
