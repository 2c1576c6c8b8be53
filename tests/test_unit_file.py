"""kiosk.service: the settings the deployment relies on (systemd-analyze verify when present)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[1] / "kiosk.service"


def _service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT, encoding="utf-8")
    return parser["Service"]


def test_notify_watchdog_restart_and_a_dedicated_user() -> None:
    service = _service()
    assert service["Type"] == "notify"
    assert service["WatchdogSec"]
    assert service["Restart"] == "always"
    assert service["User"] not in ("root", "")
    assert service["StateDirectory"]


def test_restart_and_exit_to_desktop_codes_match_the_app() -> None:
    from kiosk.systemd import EXIT_RESTART, EXIT_TO_DESKTOP

    service = _service()
    assert service["RestartPreventExitStatus"].split() == [str(EXIT_TO_DESKTOP)]
    assert set(service["SuccessExitStatus"].split()) == {str(EXIT_RESTART), str(EXIT_TO_DESKTOP)}


def test_hardening_keeps_devices_for_gpu_touch_and_serial() -> None:
    service = _service()
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert "PrivateDevices" not in service and "MemoryDenyWriteExecute" not in service
    assert "dialout" in service["SupplementaryGroups"]
    assert "-/media" in service["ReadWritePaths"].split(), "USB export under ProtectSystem"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify() -> None:
    result = subprocess.run(["systemd-analyze", "verify", str(UNIT)], capture_output=True,
                            text=True, check=False)
    problems = [line for line in result.stderr.splitlines()
                if "kiosk.service" in line and "Command /opt/akimat-kiosk" not in line]
    assert not problems, result.stderr


def test_files_are_private_and_only_the_main_process_may_notify() -> None:
    service = _service()
    assert service["UMask"] == "0077", "database, PIN hash and log readable by the owner only"
    assert service["StateDirectoryMode"] == "0700"
    assert service["NotifyAccess"] == "main", "READY/WATCHDOG come from the kiosk process"


def test_device_allow_list_covers_gpu_input_printers_and_sound() -> None:
    lines = UNIT.read_text(encoding="utf-8").splitlines()  # DeviceAllow= repeats
    allowed = {line.split("=", 1)[1].split()[0] for line in lines
               if line.startswith("DeviceAllow=")}
    assert {"char-drm", "char-input", "char-ttyS", "char-ttyUSB", "char-usb",
            "char-alsa"} <= allowed


def test_the_kiosk_leaves_no_core_dump_of_what_visitors_typed() -> None:
    assert _service()["LimitCORE"] == "0"
