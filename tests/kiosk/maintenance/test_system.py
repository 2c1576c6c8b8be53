"""System facts: version, uptime, disk, database size, integrity, the log tail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk import __version__
from kiosk.config import Config
from kiosk.maintenance import human_bytes, integrity_check, recent_log_lines, system_info
from kiosk.storage import open_database

STARTED = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)


def test_system_info(config: Config) -> None:
    db = open_database(config.paths.database)
    db.execute("CREATE TABLE filler (x TEXT)")
    db.close()
    info = system_info(config, STARTED, STARTED + dt.timedelta(hours=26, minutes=3))
    assert info.version == __version__
    assert info.started_at == STARTED
    assert info.uptime == dt.timedelta(hours=26, minutes=3)
    assert 0 < info.free_disk_bytes <= info.total_disk_bytes
    assert info.database_bytes >= config.paths.database.stat().st_size > 0


def test_system_info_before_the_state_dir_exists(config: Config) -> None:
    info = system_info(config, STARTED, STARTED)
    assert info.database_bytes == 0 and info.total_disk_bytes > 0


def test_integrity_check_of_a_healthy_database(db: Database) -> None:
    assert integrity_check(db) == ["ok"]


def test_log_tail_returns_the_last_lines(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    log.write_text("".join(f"line {i} — жол\n" for i in range(5000)), encoding="utf-8")
    assert recent_log_lines(log, 3) == ["line 4997 — жол", "line 4998 — жол", "line 4999 — жол"]
    assert len(recent_log_lines(log)) == 40


def test_log_tail_of_a_short_or_unterminated_log(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    log.write_text("first\nsecond", encoding="utf-8")
    assert recent_log_lines(log, 40) == ["first", "second"]


def test_missing_log_is_empty(tmp_path: Path) -> None:
    assert recent_log_lines(tmp_path / "nope.log") == []


def test_log_tail_continues_into_the_rotated_file(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    (tmp_path / "kiosk.log.1").write_text("old 1\nold 2\nold 3\n", encoding="utf-8")
    log.write_text("new 1\n", encoding="utf-8")
    assert recent_log_lines(log, 3) == ["old 2", "old 3", "new 1"]
    log.write_text("", encoding="utf-8")  # just rotated
    assert recent_log_lines(log, 2) == ["old 2", "old 3"]


def test_log_file_defaults_to_the_state_dir(config: Config) -> None:
    assert config.log_file == config.paths.state_dir / "kiosk.log"


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 B"), (1023, "1023 B"), (1536, "1.5 KB"), (5 * 1024**2, "5.0 MB"),
    (int(2.25 * 1024**3), "2.2 GB"), (3 * 1024**5, "3072.0 TB"),
])
def test_human_bytes(size: int, text: str) -> None:
    assert human_bytes(size) == text
