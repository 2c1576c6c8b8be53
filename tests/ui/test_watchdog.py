"""READY=1 once Home is painted; WATCHDOG=1 from the GUI event loop — and none when it hangs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from ui.watchdog import Watchdog

ROOT = Path(__file__).resolve().parents[2]


def test_pings_stop_while_the_gui_thread_is_blocked(qtbot: QtBot) -> None:
    pings: list[float] = []
    watchdog = Watchdog(0.1, send=lambda message: pings.append(time.monotonic()) or True)
    watchdog.start()
    qtbot.wait(600)
    assert len(pings) >= 4
    blocked_from = time.monotonic()
    QTimer.singleShot(0, lambda: time.sleep(1.2))  # the GUI thread hangs for 1.2 s
    qtbot.wait(1800)
    watchdog.stop()
    during = [t for t in pings if blocked_from + 0.1 < t < blocked_from + 1.2]
    assert not during, "a ping came while the GUI thread was blocked"
    assert pings[-1] > blocked_from + 1.2, "pings resume when the GUI thread is free again"


def test_kiosk_run_notifies_ready_and_pings(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        server.settimeout(30)
        env = {**os.environ, "NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000",
               "QT_QPA_PLATFORM": "offscreen", "KIOSK_STATE_DIR": str(tmp_path / "state"),
               "KIOSK_SERVER_URL": "http://127.0.0.1:9", "KIOSK_CONFIG": ""}
        env.pop("WATCHDOG_PID", None)
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--exit-after", "4"],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        messages: list[str] = []
        try:
            while "STOPPING=1" not in messages:
                messages.append(server.recv(200).decode())
        finally:
            _, err = kiosk.communicate(timeout=60)
        assert kiosk.returncode == 0, err.decode()
    assert messages[0] == "READY=1"
    assert messages.count("WATCHDOG=1") >= 5
