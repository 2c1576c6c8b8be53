"""The ``kiosk`` command as a technician uses it: clear output, clear errors, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args: str, state: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (falls back to ``python -m kiosk``)."""
    script = Path(sys.executable).parent / "kiosk"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]
    environment = {**os.environ, "KIOSK_STATE_DIR": str(state), "KIOSK_CONFIG": "", **env}
    return subprocess.run([*command, *args], check=False, capture_output=True, text=True,
                          timeout=120, env=environment)


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = kiosk("--help", state=tmp_path)
    assert result.returncode == 0
    for command in ("init", "run", "catalog", "stats"):
        assert command in result.stdout


def test_init_creates_the_database_and_checks_the_catalogue(tmp_path: Path) -> None:
    result = kiosk("--lang", "en", "init", state=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kiosk.sqlite3").is_file()
    assert (tmp_path / "receipts").is_dir()
    assert "Karasu" in result.stdout and "services" in result.stdout


def test_run_prints_a_summary_in_kazakh_and_starts_the_kiosk(tmp_path: Path) -> None:
    result = kiosk("run", "--exit-after", "4", state=tmp_path, QT_QPA_PLATFORM="offscreen",
                   KIOSK_SERVER_URL="http://127.0.0.1:9")
    assert result.returncode == 0, result.stderr
    assert "Қарасу ауылдық округі әкімінің аппараты" in result.stdout
    assert "Printer emulator" in result.stdout  # started once the home screen was painted


def test_first_run_makes_a_maintenance_pin_and_a_log_file(tmp_path: Path) -> None:
    from kiosk.maintenance_pin import verify_pin

    result = kiosk("run", "--exit-after", "3", state=tmp_path, QT_QPA_PLATFORM="offscreen",
                   KIOSK_SERVER_URL="http://127.0.0.1:9", INVOCATION_ID="", NOTIFY_SOCKET="")
    assert result.returncode == 0, result.stderr
    pin = (tmp_path / "maintenance-pin.initial").read_text(encoding="utf-8").strip()
    assert f"PIN {pin}" in result.stdout
    assert verify_pin(pin, (tmp_path / "maintenance-pin.hash").read_text(encoding="utf-8"))
    assert "sync is off" in (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    again = kiosk("run", "--exit-after", "3", state=tmp_path, QT_QPA_PLATFORM="offscreen",
                  KIOSK_SERVER_URL="http://127.0.0.1:9")
    assert again.returncode == 0 and "PIN" not in again.stdout, "made once, never printed again"


def test_stats_counts_tables_and_outbox(tmp_path: Path) -> None:
    kiosk("init", state=tmp_path)
    result = kiosk("--lang", "en", "stats", state=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "tickets" in result.stdout and "outbox pending" in result.stdout


def test_catalog_check_accepts_the_default(tmp_path: Path) -> None:
    result = kiosk("--lang", "ru", "catalog", "check", str(ROOT / "assets" / "catalogue"),
                   state=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Каталог" in result.stdout


def test_catalog_check_rejects_a_broken_folder(tmp_path: Path, catalogue_copy: Path) -> None:
    path = catalogue_copy / "services.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("cost = ", "price = ", 1),
                    encoding="utf-8")
    result = kiosk("--lang", "en", "catalog", "check", str(catalogue_copy), state=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("kiosk: services.toml: service ")
    assert "price" in result.stderr


def test_catalog_check_refuses_what_publishing_would_refuse(tmp_path: Path,
                                                           catalogue_copy: Path) -> None:
    """Е and Э load (a kiosk keeps working) but cannot be published: the check says so."""
    path = catalogue_copy / "departments.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('prefix = "О"', 'prefix = "Э"'),
                    encoding="utf-8")
    result = kiosk("--lang", "ru", "catalog", "check", str(catalogue_copy), state=tmp_path)
    assert result.returncode == 1
    assert "Каталог в порядке" not in result.stdout and "Traceback" not in result.stderr
    assert "Этот каталог нельзя опубликовать или установить" in result.stderr
    assert "свободные буквы: " in result.stderr


@pytest.mark.parametrize("args", [["catalog", "check", "/no/such/folder"], ["frobnicate"],
                                  ["catalog"]])
def test_bad_arguments_fail_without_traceback(tmp_path: Path, args: list[str]) -> None:
    result = kiosk(*args, state=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_bad_config_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[printer]\nbaudrate = "fast"\n', encoding="utf-8")
    result = kiosk("--lang", "en", "--config", str(config), "init", state=tmp_path)
    assert result.returncode == 2
    assert "printer.baudrate" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_state_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = kiosk("--lang", "en", "init", state=blocker / "state")
    assert result.returncode == 1
    assert "Cannot open the database" in result.stderr and "Traceback" not in result.stderr


def test_kiosk_run_reports_the_printer_and_paper_in_its_heartbeat(tmp_path: Path) -> None:
    """Through `kiosk run`'s own wiring: the sync worker gets the print service's state
    (it used to report "unknown" for both, always)."""
    import json
    import sqlite3

    result = kiosk("run", "--exit-after", "8", state=tmp_path, QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "regional.sqlite3") as db:
        [(beat,)] = db.execute("SELECT last_heartbeat FROM kiosks").fetchall()
    assert beat, "no heartbeat reached the local regional server"
    heartbeat = json.loads(beat)
    assert heartbeat["printer_state"] == "ready"
    assert heartbeat["paper"] == "ok"


@pytest.mark.parametrize(("typed", "url"), [
    ("192.168.1.20:8480", "http://192.168.1.20:8480"),
    ("http://192.168.1.20:8480/desk", "http://192.168.1.20:8480"),
    (" HTTP://kiosk.local:8480/ ", "http://kiosk.local:8480"),
])
def test_the_display_takes_the_kiosk_address_as_a_technician_types_it(typed: str,
                                                                      url: str) -> None:
    from kiosk.cli.desk_cmds import board_url

    assert board_url(typed) == url


def test_a_display_address_that_is_not_a_web_address_is_refused_in_words() -> None:
    from kiosk.cli.desk_cmds import board_url
    from kiosk.errors import ConfigError

    with pytest.raises(ConfigError, match=r"http://192\.168\.1\.20:8480"):
        board_url("ftp://kiosk:8480")
