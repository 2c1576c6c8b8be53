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
    assert "queue tickets" in result.stdout and "outbox: waiting to be sent" in result.stdout


@pytest.mark.parametrize(("lang", "rows"), [
    ("kk", ["кезек талондары", "өтініштер", "жіберу кезегі: жіберуді күтуде"]),
    ("ru", ["талоны очереди", "обращения", "очередь отправки: ждут отправки"]),
])
def test_stats_rows_in_the_technicians_language(tmp_path: Path, lang: str,
                                                rows: list[str]) -> None:
    result = kiosk("--lang", lang, "stats", state=tmp_path)
    assert result.returncode == 0, result.stderr
    for row in rows:
        assert f"  {row} " in result.stdout, result.stdout
    assert "outbox" not in result.stdout and "tickets" not in result.stdout


def test_sync_once_on_the_demo_server_says_what_it_means_and_the_fix(tmp_path: Path) -> None:
    result = kiosk("--lang", "kk", "sync", "--once", state=tmp_path)
    assert result.returncode == 1
    problem, fix = result.stderr.splitlines()
    assert problem.startswith("kiosk: server.url мәні \"local\": киосктің өз демо-сервері тек "
                              "`kiosk run` ішінде"), result.stderr
    assert fix.startswith("  → қазір синхрондау үшін `kiosk run` іске қосыңыз")
    assert "must be" not in result.stderr and "address" not in result.stderr


def test_kiosk_server_help_prints_the_regional_servers_help(tmp_path: Path) -> None:
    result = kiosk("server", "--help", state=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: kiosk-server") and "add-kiosk" in result.stdout


def test_plain_kiosk_uses_the_state_folder_of_scripts_run(tmp_path: Path) -> None:
    """`./scripts/run` exports KIOSK_STATE_DIR (default <checkout>/.kiosk-state); a plain
    `kiosk stats` in the same checkout, without that variable, reads the same database."""
    line = next(line for line in (ROOT / "scripts" / "run").read_text().splitlines()
                if line.startswith("export KIOSK_STATE_DIR="))
    folder = subprocess.run(["bash", "-c", f'ROOT="{ROOT}"; unset KIOSK_STATE_DIR; {line}; '
                             'echo "$KIOSK_STATE_DIR"'], check=True, capture_output=True,
                            text=True).stdout.strip()
    started = kiosk("--lang", "en", "init", state=Path(folder))  # as ./scripts/run starts
    assert f"Database ready: {folder}/kiosk.sqlite3" in started.stdout, started.stderr
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("KIOSK_STATE_DIR", "STATE_DIRECTORY", "XDG_STATE_HOME")}
    plain = subprocess.run([str(Path(sys.executable).parent / "kiosk"), "--lang", "en", "stats"],
                           check=False, capture_output=True, text=True, timeout=120,
                           env={**environment, "HOME": str(tmp_path), "KIOSK_CONFIG": ""})
    assert f"Database: {folder}/kiosk.sqlite3" in plain.stdout, plain.stdout + plain.stderr


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


def test_the_checkout_folder_never_beats_systemd_or_an_installed_package(tmp_path: Path) -> None:
    from kiosk.cli.main import checkout_state_dir, state_environ
    from kiosk.config import load_config

    assert checkout_state_dir(tmp_path) is None  # no scripts/run: an installed package
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run").touch()
    folder = checkout_state_dir(tmp_path)
    assert folder == tmp_path / ".kiosk-state"
    unit = {"STATE_DIRECTORY": "/var/lib/akimat-kiosk"}
    assert load_config(None, state_environ(unit, folder)).paths.state_dir == Path(
        "/var/lib/akimat-kiosk")
    assert load_config(None, state_environ({}, folder)).paths.state_dir == folder


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any checkout")
def test_a_deployed_checkout_the_user_cannot_write_is_not_the_state_folder(
        tmp_path: Path) -> None:
    from kiosk.cli.main import checkout_state_dir

    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run").touch()
    tmp_path.chmod(0o555)
    try:
        assert checkout_state_dir(tmp_path) is None
    finally:
        tmp_path.chmod(0o755)


def test_sync_once_with_an_unreadable_token_file_names_it_in_one_language(tmp_path: Path) -> None:
    missing = tmp_path / "token"
    result = kiosk("--lang", "ru", "sync", "--once", state=tmp_path,
                   KIOSK_SERVER_URL="http://127.0.0.1:9", KIOSK_CONFIG=str(_token_config(
                       tmp_path, missing)))
    assert result.returncode == 1
    problem, fix = result.stderr.splitlines()
    assert problem.startswith(f"kiosk: не удаётся прочитать файл токена {missing}: ")
    assert fix == "  → проверьте server.token_file и что пользователь киоска может читать этот файл"


def _token_config(tmp_path: Path, token: Path) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[server]\ntoken_file = "{token}"\n', encoding="utf-8")
    return config
