"""speech_start: from a screen change in audio mode to the first audio delivered to the output.

The kiosk window runs offscreen with its voice on. The "player" is ``dd`` writing its
stdin into a FIFO that this process reads: a sample ends when the first bytes of the new
screen's speech come out of the FIFO (what a sound card's driver would be handed; the
device's own buffer latency, a few ms with ``aplay``, is not measured here — this machine
has no sound card). Each switch starts from silence. Cached: every screen's words were
rendered ahead; baseline (uncached): the same switches with an empty cache, so each phrase
is synthesized by espeak-ng on demand. Cached and uncached switches alternate.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.harness import Result, percentile_ms

NAME = "speech_start"
ROOT = Path(__file__).resolve().parent.parent
SEQUENCE = ["menu", "queue", "services", "status", "appeal_type", "booking_slot", "rating",
            "about", "closed"]


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure in a fresh process (Qt is started and torn down there, not here)."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.speech_start", str(runs),
                          str(workdir)], capture_output=True, text=True, timeout=1800, cwd=ROOT,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                          "PYTHONPATH": str(ROOT)})
    samples = json.loads(out.stdout.strip().splitlines()[-1])
    cached, uncached = samples["cached"], samples["uncached"]
    return [Result.compared(NAME, statistics.median(cached) * 1000, "ms (median)",
                            "synthesized on demand", statistics.median(uncached) * 1000),
            Result.compared(f"{NAME}_p99", percentile_ms(cached, 0.99), "ms (p99)",
                            "synthesized on demand", percentile_ms(uncached, 0.99))]


class FirstBytes:
    """Reads the FIFO the player writes to; notes when bytes first come after :meth:`arm`."""

    def __init__(self, fifo: Path) -> None:
        self.fd = os.open(fifo, os.O_RDWR)  # never sees end-of-file between players
        self.armed = False
        self.at = 0.0
        self.got = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def arm(self) -> None:
        self.got.clear()
        self.armed = True

    def _read(self) -> None:
        while True:
            data = os.read(self.fd, 65536)
            if data and self.armed:
                self.at = time.perf_counter()
                self.armed = False
                self.got.set()


def measure(runs: int, workdir: Path) -> dict[str, list[float]]:
    """Switch through :data:`SEQUENCE` ``runs`` times, each switch cached and uncached."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.config import load_config
    from kiosk.i18n import Language
    from kiosk.speech.guide import Guide
    from kiosk.storage import open_database
    from tests.ui.harness import kiosk_window
    from ui.access.voice import install_voice
    from ui.access.voice_describe import screen_words
    from ui.screens.base import ScreenId

    app = QApplication.instance() or QApplication([])
    state = Path(tempfile.mkdtemp(prefix="speech-start-", dir=workdir))
    fifo = state / "output.fifo"
    os.mkfifo(fifo)
    reader = FirstBytes(fifo)
    config = load_config(None, environ={"KIOSK_STATE_DIR": str(state)})
    warm, cold = state / "warm", state / "cold"
    guide = Guide(warm, command=["dd", f"of={fifo}", "bs=4096", "status=none"])
    samples: dict[str, list[float]] = {"cached": [], "uncached": []}
    with kiosk_window(config, open_database(config.paths.database)) as window:
        nav = window.navigator
        install_voice(nav, None, guide=guide, prerender_delay_ms=-1, watch_headphones=False)
        nav.show_screen(ScreenId.MENU)
        prompts = []
        for name in SEQUENCE:  # every screen's words rendered ahead, as at start-up
            nav.show_screen(ScreenId(name))
            prompts += [(w, Language.KK) for w in screen_words(nav.screens[ScreenId(name)])]
        guide.prerender(prompts)
        guide.wait_prerendered(120)
        nav.set_audio_mode(True)
        guide.wait_idle(60)
        for index in range(runs):
            for position, name in enumerate(SEQUENCE):
                order = ("cached", "uncached") if (index + position) % 2 == 0 else \
                    ("uncached", "cached")
                for kind in order:
                    if kind == "uncached":
                        for clip in cold.glob("*.wav"):
                            clip.unlink()
                        guide.forget()  # phrases said before are also kept in memory
                    guide.cache.folder = warm if kind == "cached" else cold
                    nav.show_screen(ScreenId.MENU if name != "menu" else ScreenId.ABOUT)
                    app.processEvents()
                    guide.stop()
                    guide.wait_idle(60)
                    time.sleep(0.02)  # the last bytes of the old speech are read
                    reader.arm()
                    start = time.perf_counter()
                    nav.show_screen(ScreenId(name))
                    app.processEvents()
                    if reader.got.wait(30):
                        samples[kind].append(reader.at - start)
    guide.close()
    return samples


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), Path(sys.argv[2]))), flush=True)
    os._exit(0)  # skip Qt's teardown at interpreter exit
