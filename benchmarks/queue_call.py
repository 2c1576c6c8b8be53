"""queue_call: from a desk's Call next (its HTTP request) to the call shown on the hall display
and on the kiosk's home strip, over loopback.

Ours: a thread posts Call next to the real desk server (``/desk/action``, as the desk page's
form does); the GUI thread runs the real call display (``ui.display``) and the real kiosk
window's home screen, each following the board through its own ``BoardFeed`` long poll, and
the sample ends when both show the called number. Then Served is posted (not timed). The
baseline, measured in the same run: one bare ``GET /board.json`` round trip to the same
server. Runs in its own process (offscreen Qt). Speech is off the path (the display
announces in a thread of its own), so no announcer is attached here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, percentile_ms

NAME = "queue_call"
BASELINE = "one bare GET /board.json round trip"
ROOT = Path(__file__).resolve().parent.parent
#: Long enough that no sample waits on a poll that timed out, never a timing threshold.
SAMPLE_LIMIT_SECONDS = 10.0


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure in a fresh process (Qt is started and torn down there, not here)."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.queue_call", str(runs), str(workdir)],
                         capture_output=True, text=True, timeout=3600, cwd=ROOT, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              "PYTHONPATH": str(ROOT)})
    data = json.loads(out.stdout.strip().splitlines()[-1])
    ours, base = data["ours"], data["baseline"]
    return [
        Result.compared(NAME, statistics.median(ours) * 1000, "ms (p50)", BASELINE,
                        statistics.median(base) * 1000),
        Result.compared(f"{NAME}_p99", percentile_ms(ours, 0.99), "ms (p99)", BASELINE,
                        percentile_ms(base, 0.99)),
    ]


def measure(runs: int, workdir: Path) -> dict[str, list[float]]:
    """``runs`` calls, each timed from the request to both screens showing it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import httpx
    from PySide6.QtWidgets import QApplication

    from benchmarks.queue_setup import DESK_PASSWORD, MORNING, desk_catalogue, fill_day
    from kiosk.catalogue import CatalogueStore
    from kiosk.config import load_config
    from kiosk.i18n import Translator
    from kiosk.queue.line import next_in_line
    from kiosk.storage import open_database
    from kiosk.web.desk_server import DeskServer
    from kiosk.web.desk_service import DeskService
    from ui.app import KioskWindow
    from ui.board_feed import BoardFeed
    from ui.display.main import build_display
    from ui.screens.base import ScreenId
    from ui.window import build_context

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="queue-call-", dir=workdir))
    try:
        catalogue = desk_catalogue(folder)
        config = load_config(None, environ={"KIOSK_STATE_DIR": str(folder / "state"),
                                            "KIOSK_CATALOGUE_DIR": str(folder / "catalogue")})
        db = open_database(config.paths.database)
        fill_day(db, catalogue, runs + 5)
        now = MORNING + dt.timedelta(hours=1)
        service = DeskService(config.paths.database, lambda: catalogue, lambda: now,
                              config.paths.state_dir)
        translator = Translator.load(config.paths.locale_dir)
        with DeskServer(service, translator, "127.0.0.1", 0) as server:
            display = build_display(server.url, translator, None, clock=lambda: now)
            display.board.resize(1920, 1080)
            display.board.show()
            display.start()
            ctx = build_context(config, db, CatalogueStore(config.paths.active_catalogue),
                                opener=None)
            ctx.clock = lambda: now
            window = KioskWindow(ctx, production=False)
            window.resize(1920, 1080)
            window.show()
            feed = BoardFeed(server.url)
            window.navigator.attach_board(feed)
            strip = window.navigator.screens[ScreenId.HOME].strip  # type: ignore[attr-defined]
            desk = httpx.Client(base_url=server.url, timeout=30)
            page = desk.post("/desk/login", data={"login": "bench-1",
                                                  "password": DESK_PASSWORD},
                             follow_redirects=True)
            found = re.search(r'name="csrf" value="([^"]+)"', page.text)
            if found is None:
                raise RuntimeError("the desk did not sign in")
            csrf = found.group(1)
            ours: list[float] = []
            base: list[float] = []
            for _ in range(runs):
                start = time.perf_counter()
                desk.get("/board.json")
                base.append(time.perf_counter() - start)
                upcoming = next_in_line(db, MORNING.date(), "social",
                                        catalogue.queue.priority_in_a_row)
                if upcoming is None:
                    raise RuntimeError("the benchmark's line ran out of tickets")
                ours.append(_one_call(app, desk, csrf, upcoming.number,
                                      (display.board.number, strip)))
                desk.post("/desk/action", data={"csrf": csrf, "action": "serve",
                                                "action_id": str(uuid.uuid4())})
            display.stop()
            feed.stop()
            window.shut_down()
            desk.close()
        service.close()
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"ours": ours, "baseline": base}


def _one_call(app: Any, desk: Any, csrf: str, expected: str, labels: tuple[Any, Any]) -> float:
    """Post Call next from a thread; process Qt events until both screens show ``expected``."""
    display_number, strip = labels
    answer: dict[str, int] = {}

    def press() -> None:
        reply = desk.post("/desk/action", data={"csrf": csrf, "action": "call",
                                                "action_id": str(uuid.uuid4())})
        answer["status"] = reply.status_code

    start = time.perf_counter()
    thread = threading.Thread(target=press)
    thread.start()
    while time.perf_counter() - start < SAMPLE_LIMIT_SECONDS:
        app.processEvents()
        if display_number.text() == expected and expected in strip.text():
            elapsed = time.perf_counter() - start
            thread.join()
            if answer.get("status") != 303:
                raise RuntimeError(f"Call next answered {answer.get('status')}")
            return elapsed
        time.sleep(0.0005)
    thread.join()
    raise RuntimeError(f"call {expected} was not shown within {SAMPLE_LIMIT_SECONDS} s")


if __name__ == "__main__":
    samples = measure(int(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(samples))
