"""``kiosk doctor``: healthy, and with the printer out of paper and the server down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.sync.conftest import Regional, regional  # noqa: F401  (the live server fixture)

ROOT = Path(__file__).resolve().parents[2]


def _doctor(tmp_path: Path, config_text: str = "", lang: str = "en",
            ) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n{config_text}',
                      encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "--lang", lang,
                           "doctor"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
                          env={**os.environ, "KIOSK_CONFIG": ""})


def test_healthy_kiosk(tmp_path: Path) -> None:
    result = _doctor(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("database", "disk", "catalogue", "translations", "fonts", "printer"):
        assert f"OK    {check}" in result.stdout
    assert "WARN  server" in result.stdout  # the demo server: see the test below


def test_doctor_speaks_the_technicians_language_in_aligned_lines(tmp_path: Path) -> None:
    """Kazakh check names, details and fixes; no Python dict in the database line."""
    result = _doctor(tmp_path, lang="kk")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OK    дерекқор    "), result.stdout
    assert "жіберілетін жазбалар: 0 күтуде, 0 жіберілді, 0 сервер қабылдамады" in lines[0]
    assert "{" not in result.stdout and "}" not in result.stdout
    assert "OK    қаріптер    " in result.stdout
    [server] = [i for i, line in enumerate(lines) if line.startswith("WARN  сервер")]
    assert lines[server + 1].startswith(" " * 18 + "→ қазір синхрондау үшін `kiosk run`")


def test_the_local_demo_server_is_not_ok_and_says_what_to_do(tmp_path: Path) -> None:
    """`kiosk sync` cannot run against "local": doctor must not call the server OK."""
    result = _doctor(tmp_path, '[server]\nurl = "local"\n', lang="ru")
    assert "OK    сервер" not in result.stdout
    assert 'WARN  сервер' in result.stdout and "только внутри `kiosk run`" in result.stdout


def test_paper_out_and_server_down_fail_with_fixes(tmp_path: Path) -> None:
    faults = tmp_path / "state" / "receipts" / "emulator" / "faults"
    faults.parent.mkdir(parents=True)
    faults.write_text("paper_out\n", encoding="utf-8")
    token = tmp_path / "token"
    token.write_text("x", encoding="utf-8")
    result = _doctor(tmp_path, f'[server]\nurl = "http://127.0.0.1:9"\ntoken_file = "{token}"\n')
    assert result.returncode == 1
    assert "FAIL  printer" in result.stdout and "new paper roll" in result.stdout
    assert "FAIL  server" in result.stdout and "outbox" in result.stdout
    assert "Traceback" not in result.stderr


def test_server_check_is_the_maintenance_connection_test(tmp_path: Path,
                                                         regional: Regional) -> None:  # noqa: F811
    regional.add_kiosk("karasu-01")
    token = tmp_path / "token"
    token.write_text("not-the-token", encoding="utf-8")
    result = _doctor(tmp_path, f'[kiosk]\nid = "karasu-01"\n[server]\nurl = "{regional.url}"\n'
                     f'token_file = "{token}"\n')
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("FAIL  server")]
    assert line.split(maxsplit=2)[2].startswith(
        "the kiosk token was refused (401): issue a new one with kiosk-server add-kiosk "
        "karasu-01"), result.stdout


def test_a_catalogue_with_confusable_prefixes_is_a_warning(tmp_path: Path,
                                                           catalogue_copy: Path) -> None:
    """It works (the kiosk keeps it), but publishing or installing one like it is refused."""
    from kiosk.cli.doctor import Level, check_catalogue
    from kiosk.config import load_config

    path = catalogue_copy / "departments.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('prefix = "О"', 'prefix = "Э"'),
                    encoding="utf-8")
    config = load_config(None, environ={"KIOSK_STATE_DIR": str(tmp_path),
                                        "KIOSK_CATALOGUE_DIR": str(catalogue_copy)})
    finding = check_catalogue(config)
    assert finding.level is Level.WARN and "easily mistaken" in finding.detail
