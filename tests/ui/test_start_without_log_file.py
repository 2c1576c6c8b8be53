"""A log file that cannot be opened (the example config's /var/log/… under
ProtectSystem=strict) is a warning in the journal; the emulator, sync and the first PIN
still start."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import load_config
from ui.runtime import log_to_file

ROOT = Path(__file__).resolve().parents[2]


def _blocked_log(tmp_path: Path) -> Path:
    """A log path whose parent is a regular file: unopenable even for root (CI runs as root)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    return blocker / "kiosk.log"


def test_an_unopenable_log_file_is_a_warning_not_an_exception(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = _blocked_log(tmp_path)
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n'
                           f'[maintenance]\nlog_file = "{log}"\n', encoding="utf-8")
    config = load_config(config_file, environ={})
    handlers = list(logging.getLogger().handlers)
    with caplog.at_level(logging.WARNING):
        assert log_to_file(config) is None
    assert logging.getLogger().handlers == handlers
    [warning] = [r for r in caplog.records if r.name == "ui.runtime"]
    assert warning.levelno == logging.WARNING
    text = warning.getMessage()
    assert str(log) in text and "[maintenance] log_file" in text
    assert str(tmp_path / "state" / "kiosk.log") in text


def test_kiosk_run_starts_the_emulator_sync_and_pin_without_its_log_file(
        tmp_path: Path) -> None:
    state = tmp_path / "state"
    log = _blocked_log(tmp_path)
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(f'[paths]\nstate_dir = "{state}"\n'
                           f'[maintenance]\nlog_file = "{log}"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config_file), "run",
                             "--exit-after", "8"], capture_output=True, text=True, timeout=120,
                            check=False, cwd=ROOT,
                            env={**os.environ, "KIOSK_CONFIG": "", "QT_QPA_PLATFORM": "offscreen",
                                 "INVOCATION_ID": "", "NOTIFY_SOCKET": ""})
    assert result.returncode == 0, result.stderr
    assert f"cannot write the log file {log}" in result.stderr
    assert "Printer emulator" in result.stdout
    assert "Maintenance: tap the top-left corner" in result.stdout, "the first PIN is made"
    with sqlite3.connect(state / "regional.sqlite3") as db:
        [(beat,)] = db.execute("SELECT last_heartbeat FROM kiosks").fetchall()
    assert beat and json.loads(beat)["printer_state"] == "ready", "sync ran: a heartbeat came"
