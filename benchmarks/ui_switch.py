"""ui_switch: screen switch latency — from the touch to the new screen painted (offscreen).

Each sample is ``show_screen`` plus one ``processEvents``: the new screen's layout and the
repaint of the changed region, until the event loop is idle again. Measured with audio mode
off, and with audio mode on (``ui_switch_audio``: the voice hands each screen's words to
its threads, which play them into a player that discards them), compared with off.
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


def _samples(runs: int, workdir: Path, audio: bool) -> list[float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.ui_switch", str(runs), str(workdir),
                          "audio" if audio else "silent"],
                         capture_output=True, text=True, timeout=1800, cwd=ROOT, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              "PYTHONPATH": str(ROOT)})
    samples: list[float] = json.loads(out.stdout.strip().splitlines()[-1])
    return samples


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure in fresh processes (Qt is started and torn down there, not here): audio mode
    off, then on (compared with off)."""
    off = _samples(runs, workdir, audio=False)
    on = _samples(runs, workdir, audio=True)
    off_p50, off_p99 = statistics.median(off) * 1000, percentile_ms(off, 0.99)
    return [Result(NAME, off_p50, "ms (median)"),
            Result(f"{NAME}_p99", off_p99, "ms (p99)"),
            Result.compared(f"{NAME}_audio", statistics.median(on) * 1000, "ms (median)",
                            "audio mode off", off_p50),
            Result.compared(f"{NAME}_audio_p99", percentile_ms(on, 0.99), "ms (p99)",
                            "audio mode off", off_p99)]


def measure(runs: int, workdir: Path, audio: bool = False) -> list[float]:
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
        if audio:
            from kiosk.speech.guide import Guide
            from ui.access.voice import install_voice

            guide = Guide(state / "guidance", command=["sh", "-c", "cat > /dev/null"])
            window.install_filters()  # the kiosk's own voice (keys too), as after Home shows
            if window.voice is not None:  # it would play through this machine's player:
                window.voice.close()  # this one plays into a sink
            window.voice = install_voice(nav, window.keys, guide=guide, prerender_delay_ms=-1,
                                         watch_headphones=False)
            nav.audio_default = True  # as with headphones in: Home keeps audio mode on
            nav.set_audio_mode(True)
        payloads = {"service": "targeted-social-assistance"}
        for name in SEQUENCE:  # warm-up: first visits build lists and load icons
            nav.show_screen(ScreenId(name), payloads.get(name))
            window.repaint()
            if audio:  # the words of each screen are made once here (then cached)
                guide.wait_idle(60)
        for _ in range(runs):
            for name in SEQUENCE:
                start = time.perf_counter()
                nav.show_screen(ScreenId(name), payloads.get(name))
                app.processEvents()  # layout and paint of what changed, as after a real touch
                samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), Path(sys.argv[2]),
                             audio=sys.argv[3:] == ["audio"])), flush=True)
    os._exit(0)  # skip Qt's teardown at interpreter exit
