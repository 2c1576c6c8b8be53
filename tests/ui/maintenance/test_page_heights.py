"""Every maintenance page fits the screen (the sound page with the guidance's volume and
speed under the call sound made the window 1298 px tall, and every later screen with it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.storage import open_database
from tests.ui.conftest import make_config
from tests.ui.harness import kiosk_window
from ui.maintenance.screen import MaintenanceScreen
from ui.maintenance.sound_panel import SoundPanel
from ui.screens.base import ScreenId


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_maintenance_page_fits_the_screen(tmp_path: Path, qtbot: QtBot,
                                                size: tuple[int, int]) -> None:
    config = make_config(tmp_path)
    db = open_database(config.paths.database)
    with kiosk_window(config, db, *size) as window:
        nav = window.navigator
        nav.show_screen(ScreenId.MAINTENANCE)
        screen = nav.screen_of(MaintenanceScreen)
        too_tall = []
        sound = screen.findChildren(SoundPanel)[0]  # opened from the Queue page
        for index, page in [*enumerate(screen.panels), (-1, sound)]:
            if index < 0:
                screen.show_page(page)
            else:
                screen.show_panel(index)
            QApplication.processEvents()
            if window.size().height() > size[1] or window.size().width() > size[0]:
                too_tall.append((type(page).__name__, window.width(), window.height()))
                window.resize(*size)
        assert too_tall == []
    db.close()
