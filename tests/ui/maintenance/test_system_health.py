"""The System page shows what a technician must act on: a damaged database kept aside at start
("service needed") and the sync loop's restarts; the heartbeat carries the same."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.storage import open_database
from kiosk.storage.integrity import check_at_start
from sync.heartbeat import build_heartbeat
from sync.server.batches import read_heartbeat
from sync.worker import record_restart
from tests.kiosk.test_damaged_database import damaged_database
from tests.ui.maintenance.support import enter, page
from ui.app import KioskWindow
from ui.maintenance.system_panel import SystemPanel

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _damaged_start(tmp_path: Path, state_dir: Path) -> str:
    """A damaged database found at start in ``state_dir``; returns where it was kept."""
    damaged = tmp_path / "old" / "kiosk.sqlite3"
    damaged.parent.mkdir()
    damaged_database(damaged, rows=500)
    notice = check_at_start(damaged, state_dir, NOW)
    assert notice is not None
    return notice.damaged_file


def test_the_system_page_says_service_is_needed_and_counts_sync_restarts(
        qtbot: QtBot, mwindow: KioskWindow, mconfig: Config, tmp_path: Path) -> None:
    state_dir = mconfig.paths.state_dir
    kept = _damaged_start(tmp_path, state_dir)
    record_restart(state_dir, "MemoryError: no room", NOW)
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, SystemPanel)
    values = panel.facts.values()
    assert kept in values["Service needed"] and "kiosk doctor" in values["Service needed"]
    assert values["Sync restarts"].startswith("1 — ")
    assert values["Sync restarts"].endswith("MemoryError: no room")
    warned = {label.text() for label in panel.facts.findChildren(QLabel)
              if label.objectName() == "factWarn"}
    assert {values["Service needed"], values["Sync restarts"]} <= warned


def test_the_heartbeat_says_service_is_needed(tmp_path: Path) -> None:
    state_dir = tmp_path / "state"
    kept = _damaged_start(tmp_path, state_dir)
    db = open_database(state_dir / "kiosk.sqlite3")
    beat = build_heartbeat(db, "karasu-01", state_dir, printer_state="ready", paper="ok",
                           last_error="", skew=None, catalogue_version="")
    assert kept in beat.service_needed and "damaged" in beat.service_needed
    wire = json.loads(json.dumps(beat.__dict__))
    assert read_heartbeat(wire).service_needed == beat.service_needed, "the server keeps it"
