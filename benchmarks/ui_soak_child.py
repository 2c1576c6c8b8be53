"""The soak run in its own process: navigations and complete ticket flows, RSS before/after.

``python -m benchmarks.ui_soak_child STATE_DIR NAVIGATIONS FLOWS`` prints one JSON line.
The printer emulator runs in a separate process (its receipts are not the kiosk's memory).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_bytes() -> int:
    """Resident set size of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> int:
    """Soak and report."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from kiosk.catalogue import CatalogueStore
    from kiosk.config import load_config
    from kiosk.storage import open_database
    from printers.printer import Printer
    from printers.profiles import load_profile
    from printers.transport import SerialLine
    from tests.ui.harness import FixedClock
    from ui.app import KioskWindow
    from ui.screens.base import ScreenId
    from ui.theme import Theme, apply_theme
    from ui.window import build_context

    state, navigations, flows = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    app = QApplication(sys.argv[:1])
    emulator = subprocess.Popen([sys.executable, "-m", "kiosk", "--lang", "en", "printer",
                                 "emulate", "--out", str(state / "emulator")],
                                stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "KIOSK_STATE_DIR": str(state)})
    assert emulator.stdout is not None
    port = re.search(r"on (\S+)", emulator.stdout.readline())
    if port is None:
        raise RuntimeError("the emulator did not say its port")
    config = load_config(None, environ={"KIOSK_STATE_DIR": str(state)})
    profile = load_profile(config.printer.profile)

    @contextmanager
    def opener() -> Iterator[Printer]:
        with SerialLine(port.group(1), profile) as line:
            yield Printer(line, profile)

    apply_theme(app, Theme())
    clock = FixedClock()
    ctx = build_context(config, open_database(config.paths.database),
                        CatalogueStore(config.paths.active_catalogue), opener)
    ctx.clock = clock
    window = KioskWindow(ctx, production=False)
    window.resize(1920, 1080)
    window.show()
    nav = window.navigator
    cycle = [ScreenId.MENU, ScreenId.SERVICES, ScreenId.ABOUT, ScreenId.STATUS,
             ScreenId.APPEAL_TYPE, ScreenId.BOOKING_SLOT, ScreenId.RATING, ScreenId.HOME]

    def navigate(count: int) -> None:
        for index in range(count):
            nav.show_screen(cycle[index % len(cycle)])
            app.processEvents()

    departments = list(ctx.catalogue.departments)
    queue = nav.screens[ScreenId.QUEUE]
    result = nav.screens[ScreenId.RESULT]
    issued = 0

    def ticket_flows(count: int) -> None:
        nonlocal issued
        for _ in range(count):
            if issued and issued % (len(departments) * 20) == 0:
                clock.now += dt.timedelta(days=7)  # stay under the daily limits
            nav.show_screen(ScreenId.MENU)
            nav.show_screen(ScreenId.QUEUE)
            queue.take(departments[issued % len(departments)])  # type: ignore[attr-defined]
            issued += 1
            while result.printing:  # type: ignore[attr-defined]
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
                time.sleep(0.005)
            result._done()  # type: ignore[attr-defined]
            app.processEvents()

    # Warm-up, not measured: first use imports the printing modules and fills caches
    # (about 10 MB once); what follows must stay flat.
    navigate(200)
    ticket_flows(20)
    gc.collect()
    start = rss_bytes()
    navigate(navigations)
    gc.collect()
    after_navigation = rss_bytes()
    ticket_flows(flows)
    gc.collect()
    end = rss_bytes()
    emulator.terminate()
    print(json.dumps({"start": start, "after_navigation": after_navigation, "end": end}),
          flush=True)
    os._exit(0)  # skip Qt's teardown at interpreter exit


if __name__ == "__main__":
    sys.exit(main())
