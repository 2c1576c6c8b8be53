"""The systemd notify protocol over a real Unix datagram socket, and the units' hardening."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from kiosk.systemd import notify, watchdog_period


def test_notify_sends_a_datagram(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        assert notify("READY=1", {"NOTIFY_SOCKET": str(path)})
        assert server.recv(100) == b"READY=1"


def test_notify_to_an_abstract_socket() -> None:
    name = f"kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind("\0" + name)
        assert notify("WATCHDOG=1", {"NOTIFY_SOCKET": "@" + name})
        assert server.recv(100) == b"WATCHDOG=1"


def test_without_systemd_nothing_is_sent() -> None:
    assert notify("READY=1", {}) is False


def test_watchdog_period_is_half_the_timeout() -> None:
    assert watchdog_period({"WATCHDOG_USEC": "30000000"}) == 15.0
    assert watchdog_period({}) is None
    assert watchdog_period({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None


ROOT = Path(__file__).resolve().parents[2]
UNITS = [ROOT / "kiosk.service", ROOT / "docs" / "kiosk-display.service"]
#: ``systemd-analyze security`` rates exposure 0.0-10.0; ``--threshold`` takes it times ten.
MAX_EXPOSURE = 3.0


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed here (Debian: the systemd package)")
@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_units_are_rated_at_most_3_by_systemd_analyze_security(unit: Path) -> None:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true",
         f"--threshold={int(MAX_EXPOSURE * 10)}", str(unit)],
        capture_output=True, text=True, check=False)
    overall = re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout)
    if overall is None and "Unknown option" in result.stderr + result.stdout:
        pytest.skip("this systemd-analyze has no --offline (systemd < 250)")
    assert overall is not None, result.stdout + result.stderr
    exceptions = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert float(overall.group(1)) <= MAX_EXPOSURE, "\n".join(exceptions)
    assert result.returncode == 0, result.stdout + result.stderr
