"""Fixtures of the maintenance tests: the kiosk with PIN 2468, and one synced to a loopback
regional server."""



from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.storage import open_database
from sync.worker import SyncWorker, client_from_config
from tests.sync.conftest import Regional, regional  # noqa: F401  (the fixture)
from tests.ui.harness import FixedClock, kiosk_window
from tests.ui.maintenance.support import maintenance_config, ready
from ui.app import KioskWindow


@pytest.fixture
def mconfig(tmp_path: Path) -> Config:
    """The test kiosk with PIN 2468."""
    return maintenance_config(tmp_path)


@pytest.fixture
def mwindow(qtbot: QtBot, mconfig: Config, clock: FixedClock,
            tmp_path: Path) -> Iterator[KioskWindow]:
    """The whole kiosk with a fake /media folder for USB sticks."""
    db = open_database(mconfig.paths.database)
    with kiosk_window(mconfig, db, clock=clock) as win:
        win.navigator.ctx.maintenance.usb_roots = [tmp_path / "media"]
        qtbot.addWidget(win)
        ready(qtbot, win)
        yield win
    db.close()


@pytest.fixture
def synced(qtbot: QtBot, tmp_path: Path, clock: FixedClock,
           regional: Regional) -> Iterator[tuple[KioskWindow, Regional]]:  # noqa: F811
    """The kiosk with its sync worker pointed at a real regional server on loopback."""
    token = regional.add_kiosk("karasu-01")
    token_file = tmp_path / "kiosk.token"
    token_file.write_text(token, encoding="utf-8")
    config = maintenance_config(tmp_path, server=f'[server]\nurl = "{regional.url}"\n'
                                f'token_file = "{token_file}"\n')
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as window:
        worker = SyncWorker(config, open_database(config.paths.database),
                            client_from_config(config), window.navigator.ctx.catalogue_store)
        window.navigator.ctx.maintenance.sync_worker = worker
        qtbot.addWidget(window)
        ready(qtbot, window)
        yield window, regional
    db.close()
