"""What the maintenance tests share: a kiosk config with a known PIN, the way in, page helpers."""



from __future__ import annotations

import shutil
from pathlib import Path
from typing import TypeVar, overload

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from kiosk.assets import assets_dir
from kiosk.config import Config, load_config
from kiosk.i18n import Language
from kiosk.maintenance import set_pin
from tests.ui.conftest import click
from ui.app import KioskWindow
from ui.maintenance.controller import MaintenanceController
from ui.maintenance.panel import Panel
from ui.maintenance.pin_pad import PinPad
from ui.maintenance.screen import MaintenanceScreen
from ui.screens.base import ScreenId

PIN = "246802"
P = TypeVar("P", bound=Panel)


def maintenance_config(tmp_path: Path, idle_seconds: int = 120, server: str = "") -> Config:
    """A kiosk config with a known PIN and a folder standing in for /media."""
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nid = "karasu-01"\n[paths]\nstate_dir = "{tmp_path / "state"}"\n'
                    f"[maintenance]\nidle_seconds = {idle_seconds}\n{server}",
                    encoding="utf-8")
    config = load_config(path, environ={})
    set_pin(config.paths.state_dir, PIN)
    return config


def ready(qtbot: QtBot, window: KioskWindow) -> MaintenanceController:
    """Wait for Home's first paint, after which the gesture is listened for."""
    qtbot.waitUntil(lambda: window.maintenance is not None, timeout=5000)
    assert window.maintenance is not None
    return window.maintenance


def pad_of(window: KioskWindow) -> PinPad:
    """The PIN pad."""
    assert window.maintenance is not None, "not painted yet"
    return window.maintenance.pad


def corner_taps(qtbot: QtBot, window: KioskWindow, count: int = 5) -> None:
    """Taps at the window's top-left corner (over the header)."""
    ready(qtbot, window)
    header = window.navigator.header
    for _ in range(count):
        qtbot.mouseClick(header, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))


def type_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> None:
    """Touch the digits and the ✓ key of the PIN pad."""
    pad = pad_of(window)
    for digit in pin:
        click(qtbot, pad.keys[digit])
    click(qtbot, pad.keys["✓"])


def enter(qtbot: QtBot, window: KioskWindow) -> MaintenanceScreen:
    """Gesture + PIN: the maintenance screen."""
    corner_taps(qtbot, window)
    type_pin(qtbot, window, PIN)
    assert window.navigator.current is ScreenId.MAINTENANCE
    window.navigator.ctx.language.set(Language.EN)
    return window.navigator.screen_of(MaintenanceScreen)


def audit_actions(db: Database) -> list[str]:
    """The audit log's actions, oldest first."""
    return [str(r[0]) for r in db.execute("SELECT action FROM audit_events ORDER BY id")]


@overload
def page(qtbot: QtBot, screen: MaintenanceScreen, kind: type[P]) -> P: ...


@overload
def page(qtbot: QtBot, screen: MaintenanceScreen, kind: str) -> Panel: ...


def page(qtbot: QtBot, screen: MaintenanceScreen, kind: type[Panel] | str) -> Panel:
    """Touch the page's button in the left column: the page of class ``kind`` (or of that
    class name), typed as its class when ``kind`` is the class."""
    if isinstance(kind, str):
        index = [type(p).__name__ for p in screen.panels].index(kind)
    else:
        index = next(i for i, p in enumerate(screen.panels) if isinstance(p, kind))
    click(qtbot, screen.nav_buttons[index])
    return screen.panels[index]


def showing(screen: MaintenanceScreen, kind: type[P]) -> P:
    """The page on show, which must be of class ``kind``."""
    panel = screen.panel
    assert isinstance(panel, kind), f"{type(panel).__name__} is on show, not {kind.__name__}"
    return panel


def wait_done(qtbot: QtBot, panel: Panel) -> None:
    """Wait until the page's background work has reported back."""
    qtbot.waitUntil(lambda: not panel.tasks, timeout=20_000)


def stick_with_catalogue(tmp_path: Path, version: str) -> Path:
    """A copy of the catalogue as ``version`` on a fake USB stick under ``tmp_path/media``."""
    folder = tmp_path / "media" / "technician" / "KIOSK" / "catalogue"
    shutil.copytree(assets_dir() / "catalogue", folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    lines = [f'version = "{version}"' if line.startswith("version") else line
             for line in text.splitlines()]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
