"""A full disk when a visitor taps a department: a plain message, maintenance told, nothing
half-saved, and the kiosk works again once there is room.

Found when the kiosk was tried as a new user would: the tap raised sqlite3.OperationalError
inside the Qt slot and the visitor saw nothing at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_disk_that_cannot_grow_shows_the_visitor_a_message(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "tests.helpers.disk_full_child", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == "queue", "the visitor stays where they were"
    assert report["card_visible"], "the visitor is told, not left with a silent screen"
    assert "Nothing was registered" in report["message"]
    assert "staff" in report["message"]
    assert report["spoken"] == [report["message"]], "audio mode says it too"
    assert report["tickets_after_failure"] == 0, "no half-saved ticket"
    assert report["problems"] and "disk" in report["problems"][0], "maintenance sees the cause"
    assert report["card_after_ok"] is False
    assert report["screen_after_retry"] == "result"
    assert report["tickets_after_retry"] == 1
