"""The touch UI's database connection gives up on another connection's lock well within
systemd's watchdog period (its writes run on the GUI thread that pings the watchdog).

Found by the hostile review: a lock held by another process froze the screen for 30.3 s
(busy timeout 30 s) — past WatchdogSec=30s, so systemd restarted the kiosk mid-visit.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.ui.conftest import make_config
from ui.runtime import open_ui_database

ROOT = Path(__file__).resolve().parents[2]


def test_a_lock_elsewhere_is_waited_for_a_third_of_the_watchdog_at_most(tmp_path: Path) -> None:
    unit = (ROOT / "kiosk.service").read_text(encoding="utf-8")
    watchdog = re.search(r"^WatchdogSec=(\d+)s$", unit, re.MULTILINE)
    assert watchdog is not None
    db = open_ui_database(make_config(tmp_path))
    try:
        waited_ms = db.execute("PRAGMA busy_timeout").fetchone()[0]
    finally:
        db.close()
    assert 0 < waited_ms <= int(watchdog.group(1)) * 1000 / 3
