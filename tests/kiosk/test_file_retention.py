"""File retention: old files go, young ones and everything else stay, links are never followed."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest

from kiosk.config import Config, PathsSection
from kiosk.file_retention import purge_files

NOW = dt.datetime.now(dt.UTC)


def _aged(path: Path, days: float, text: str = "Әлия Нұрланқызы") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = (NOW - dt.timedelta(days=days)).timestamp()
    os.utime(path, (stamp, stamp), follow_symlinks=False)
    return path


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(paths=PathsSection(state_dir=tmp_path / "state"))


def test_each_folder_keeps_its_files_for_its_own_time(config: Config) -> None:
    state, receipts = config.paths.state_dir, config.paths.receipts
    gone = [_aged(receipts / "emulator" / "0001.txt", 2),
            _aged(state / "cache" / "previews" / "a.png", 2),
            _aged(receipts / "copy.pdf", 31),
            _aged(state / "kiosk.log.2", 31)]
    kept = [_aged(receipts / "emulator" / "0002.png", 0.5),
            _aged(receipts / "emulator" / "faults", 40, "paper_out"),  # the control file
            _aged(receipts / "copy.txt", 20),
            _aged(state / "kiosk.log", 40),  # the live log
            _aged(state / "kiosk.sqlite3", 40)]
    report = purge_files(config, NOW)
    assert report.removed == {"emulator": 1, "previews": 1, "receipts": 1, "logs": 1}
    assert [p.name for p in gone if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_links_are_never_followed_out_of_the_state_folder(config: Config, tmp_path: Path) -> None:
    outside = tmp_path / "home"
    precious = _aged(outside / "photo.png", 90)
    _aged(outside / "0001.txt", 90)
    previews = config.paths.state_dir / "cache" / "previews"
    previews.parent.mkdir(parents=True)
    previews.symlink_to(outside, target_is_directory=True)  # the whole folder is a link
    emulator = config.paths.receipts / "emulator"
    emulator.mkdir(parents=True)
    link = emulator / "0001.txt"
    link.symlink_to(outside / "0001.txt")  # one file is a link
    os.utime(link, (0, 0), follow_symlinks=False)
    assert purge_files(config, NOW).total == 0
    assert precious.exists() and (outside / "0001.txt").exists() and link.is_symlink()


def test_a_big_backlog_goes_in_batches_and_the_log_says_counts_not_names(
        config: Config, caplog: pytest.LogCaptureFixture) -> None:
    emulator = config.paths.receipts / "emulator"
    for number in range(1, 6):
        _aged(emulator / f"{number:04d}.txt", 3)
    caplog.set_level(logging.INFO, logger="kiosk.file_retention")
    first = purge_files(config, NOW, batch=2)
    assert (first.total, first.more) == (2, True)
    assert len(list(emulator.iterdir())) == 3
    assert "2 emulator" in caplog.text and ".txt" not in caplog.text
    assert purge_files(config, NOW, batch=2).total == 2
    last = purge_files(config, NOW, batch=2)
    assert (last.total, last.more) == (1, False)
    assert purge_files(config, NOW).total == 0


def test_a_missing_state_folder_is_nothing_to_do(config: Config) -> None:
    assert purge_files(config, NOW).total == 0


def test_without_sync_a_thread_purges_now_and_stops(tmp_path: Path) -> None:
    """A kiosk with no regional server has no sync cycle to purge for it."""
    import time

    from kiosk.config import load_config
    from kiosk.file_retention import start_purge_thread

    config = load_config(None, environ={"KIOSK_STATE_DIR": str(tmp_path)})
    folder = config.paths.receipts / "emulator"
    folder.mkdir(parents=True)
    old = folder / "000001.png"
    old.write_bytes(b"talon")
    os.utime(old, (time.time() - 3 * 86400,) * 2)
    stop = start_purge_thread(config, interval=3600.0)
    try:
        deadline = time.monotonic() + 30
        while old.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop()
    assert not old.exists()
