"""The sync cycle removes old files that may show a citizen's data (its own "files" step)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kiosk.catalogue import CatalogueStore
from kiosk.storage import open_database
from sync.worker import SyncWorker, client_from_config
from tests.sync.conftest import Regional, kiosk_config


def _aged(path: Path, text: str, days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_a_cycle_removes_yesterdays_emulator_talons_and_previews(
        tmp_path: Path, regional: Regional) -> None:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    emulator = config.paths.receipts / "emulator"
    old = [_aged(emulator / "0001.txt", "Әлия Нұрланқызы 9001******03", 2),
           _aged(emulator / "0001.png", "picture", 2),
           _aged(config.paths.state_dir / "cache" / "previews" / "u.png", "picture", 2)]
    today = _aged(emulator / "0002.txt", "printed an hour ago", 1 / 24)
    worker = SyncWorker(config, open_database(config.paths.database),
                        client_from_config(config),
                        CatalogueStore(config.paths.active_catalogue))
    try:
        report = worker.run_once()
    finally:
        worker.db.close()
    assert "files" not in report.failed_steps, report.errors
    assert report.files_removed == 3
    assert [p for p in old if p.exists()] == []
    assert today.exists()
