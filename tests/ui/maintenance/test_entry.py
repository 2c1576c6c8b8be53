"""Maintenance mode by a finger: the gesture, the PIN pad and its lockout, leaving it."""


from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.i18n import Language
from kiosk.storage import open_database
from tests.ui.conftest import click
from tests.ui.harness import FixedClock, kiosk_window
from tests.ui.maintenance.support import (
    PIN,
    audit_actions,
    corner_taps,
    enter,
    maintenance_config,
    pad_of,
    ready,
    type_pin,
)
from tests.ui.test_flows import start
from ui.app import KioskWindow
from ui.screens.base import ScreenId


# -- the way in ----------------------------------------------------------------------------
def test_five_corner_taps_and_the_pin_open_maintenance(qtbot: QtBot,
                                                        mwindow: KioskWindow) -> None:
    pad = pad_of(mwindow)
    corner_taps(qtbot, mwindow, 4)
    assert not pad.isVisible(), "four taps are not the gesture"
    corner_taps(qtbot, mwindow, 1)
    assert pad.isVisible()
    type_pin(qtbot, mwindow, PIN)
    assert not pad.isVisible()
    assert mwindow.navigator.current is ScreenId.MAINTENANCE
    assert not mwindow.navigator.footer.isVisible()
    assert "maintenance.enter" in audit_actions(mwindow.navigator.ctx.db)


def test_taps_elsewhere_or_too_slow_do_not_open_the_pad(qtbot: QtBot,
                                                        mwindow: KioskWindow) -> None:
    pad = pad_of(mwindow)
    gesture = ready(qtbot, mwindow).gesture
    moments = iter([0.0, 1.0, 2.0, 3.5, 4.0, 4.5, 7.0])
    gesture.clock = lambda: next(moments)
    corner_taps(qtbot, mwindow, 6)  # 0, 1, 2, 3.5, 4, 4.5: never five within 3 s
    assert not pad.isVisible()
    header = mwindow.navigator.header
    qtbot.mouseClick(header, Qt.MouseButton.LeftButton, pos=QPoint(600, 40))
    assert not pad.isVisible()


def test_ctrl_alt_m_opens_the_pad_and_cancel_closes_it(qtbot: QtBot,
                                                       mwindow: KioskWindow) -> None:
    pad = pad_of(mwindow)
    qtbot.keyClick(mwindow, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.AltModifier)
    assert pad.isVisible()
    click(qtbot, pad.cancel_button)
    assert not pad.isVisible()
    assert mwindow.navigator.current is ScreenId.HOME


def test_entering_maintenance_wipes_what_a_visitor_typed(qtbot: QtBot,
                                                         mwindow: KioskWindow) -> None:
    start(qtbot, mwindow, Language.KK)
    mwindow.navigator.ctx.form.update(full_name="Әлия", iin="900101400003")
    enter(qtbot, mwindow)
    assert not mwindow.navigator.ctx.form


def _current(window: KioskWindow) -> ScreenId:
    return window.navigator.current


def test_maintenance_leaves_by_itself_when_nobody_touches_it(
        qtbot: QtBot, tmp_path: Path, clock: FixedClock) -> None:
    """Time is the kiosk's clock, moved by the test: the timer only wakes the screen to look
    at it (a real 1 s timer raced the PIN typing on a busy machine)."""
    config = maintenance_config(tmp_path, idle_seconds=120)
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as window:
        screen = enter(qtbot, window)
        clock.now += dt.timedelta(seconds=119)
        screen.idle_timer.timeout.emit()  # woken early: the clock says a second is left
        assert _current(window) is ScreenId.MAINTENANCE
        assert screen.idle_timer.isActive()
        clock.now += dt.timedelta(seconds=1)
        screen.idle_timer.timeout.emit()
        assert _current(window) is ScreenId.HOME
        row = db.execute("SELECT details FROM audit_events WHERE action = 'maintenance.exit'"
                         ).fetchone()
        assert json.loads(row[0]) == {"reason": "idle"}
    db.close()


def test_exit_button_returns_home(qtbot: QtBot, mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    click(qtbot, screen.exit_button)
    assert mwindow.navigator.current is ScreenId.HOME
    assert mwindow.navigator.footer.isVisible() is False  # home has no footer



def test_exit_to_the_desktop_ends_the_app_with_the_code_systemd_leaves_stopped(
        qtbot: QtBot, mconfig: Config) -> None:
    import signal

    from kiosk.catalogue import CatalogueStore
    from kiosk.systemd import EXIT_RESTART, EXIT_TO_DESKTOP
    from ui.window import run_window

    def leave() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, KioskWindow):
                widget.shut_down(EXIT_TO_DESKTOP)

    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        code = run_window(mconfig, lambda: open_database(mconfig.paths.database),
                          CatalogueStore(mconfig.paths.active_catalogue), None, windowed=True,
                          after_show=leave)
    finally:
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
    assert code == EXIT_TO_DESKTOP != EXIT_RESTART
