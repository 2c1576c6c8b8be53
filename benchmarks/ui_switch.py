"""ui_switch: screen switch latency — from the touch to the new screen painted (offscreen).

Each sample is ``show_screen`` plus one ``processEvents``: the new screen's layout and the
repaint of the changed region, until the event loop is idle again.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, percentile_ms

NAME = "ui_switch"
ROOT = Path(__file__).resolve().parent.parent
SEQUENCE = ["menu", "queue", "menu", "services", "service", "services", "menu", "appeal_type",
            "appeal_text", "appeal_person", "menu", "booking_slot", "menu", "rating", "menu",
            "status", "menu", "about", "home"]


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure in a fresh process (Qt is started and torn down there, not here)."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.ui_switch", str(runs), str(workdir)],
                         capture_output=True, text=True, timeout=1800, cwd=ROOT, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              "PYTHONPATH": str(ROOT)})
    samples = json.loads(out.stdout.strip().splitlines()[-1])
    return [Result(NAME, statistics.median(samples) * 1000, "ms (median)"),
            Result(f"{NAME}_p99", percentile_ms(samples, 0.99), "ms (p99)")]


def measure(runs: int, workdir: Path) -> list[float]:
    """Switch through ``SEQUENCE`` ``runs`` times; each switch ends with a full repaint."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.config import load_config
    from kiosk.storage import open_database
    from tests.ui.harness import kiosk_window
    from ui.screens.base import ScreenId

    app = QApplication.instance() or QApplication([])
    state = Path(tempfile.mkdtemp(prefix="ui-switch-", dir=workdir))
    config = load_config(None, environ={"KIOSK_STATE_DIR": str(state)})
    samples: list[float] = []
    with kiosk_window(config, open_database(config.paths.database)) as window:
        nav = window.navigator
        payloads = {"service": "targeted-social-assistance"}
        for name in SEQUENCE:  # warm-up: first visits build lists and load icons
            nav.show_screen(ScreenId(name), payloads.get(name))
            window.repaint()
        for _ in range(runs):
            for name in SEQUENCE:
                start = time.perf_counter()
                nav.show_screen(ScreenId(name), payloads.get(name))
                app.processEvents()  # layout and paint of what changed, as after a real touch
                samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), Path(sys.argv[2]))), flush=True)
    os._exit(0)  # skip Qt's teardown at interpreter exit
