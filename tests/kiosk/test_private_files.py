"""The kiosk's own data is the kiosk user's alone: state folder 0700, files 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.atomic_files import make_private


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def restore_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_make_private_narrows_the_folder_and_what_is_created_after(
        tmp_path: Path, restore_umask: None) -> None:
    state, log = tmp_path / "state", tmp_path / "var" / "kiosk.log"
    state.mkdir(mode=0o755)
    log.parent.mkdir()
    log.write_text("old\n", encoding="utf-8")
    log.chmod(0o644)
    make_private(state, log)
    assert _mode(state) == 0o700 and _mode(log) == 0o600
    (state / "kiosk.sqlite3").write_text("", encoding="utf-8")
    (state / "receipts").mkdir()
    assert _mode(state / "kiosk.sqlite3") == 0o600 and _mode(state / "receipts") == 0o700


def test_after_a_start_nothing_is_readable_by_group_or_others(tmp_path: Path) -> None:
    """``kiosk run`` outside systemd (as ./scripts/run starts it), with the usual umask 022."""
    script = Path(sys.executable).parent / "kiosk"
    environment = {**os.environ, "KIOSK_STATE_DIR": str(tmp_path / "state"), "KIOSK_CONFIG": "",
                   "QT_QPA_PLATFORM": "offscreen", "KIOSK_SERVER_URL": "http://127.0.0.1:9",
                   "INVOCATION_ID": "", "NOTIFY_SOCKET": ""}
    result = subprocess.run(f"umask 022 && exec {script} run --exit-after 3", shell=True,
                            env=environment, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    state = tmp_path / "state"
    assert _mode(state) == 0o700
    for name in ("kiosk.sqlite3", "maintenance-pin.hash", "maintenance-pin.initial",
                 "kiosk.log"):
        assert (state / name).exists(), name
        assert _mode(state / name) & 0o077 == 0, f"{name} is {oct(_mode(state / name))}"
