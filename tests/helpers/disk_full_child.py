"""A kiosk whose files cannot grow (RLIMIT_FSIZE): a visitor takes a ticket; prints JSON.

Run as ``python -m tests.helpers.disk_full_child STATE_DIR`` by tests/ui/test_disk_full.py:
the limit is the process's own, so it runs in a child of its own.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk.config import load_config
from kiosk.i18n import Language
from kiosk.storage import open_database
from tests.ui.harness import kiosk_window
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen


def _tickets(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])


def main(state: Path) -> None:
    """Open the kiosk, forbid any file to grow, tap a department, report what is shown."""
    config_file = state / "kiosk.toml"
    config_file.write_text(f'[kiosk]\nid = "karasu-01"\n[paths]\nstate_dir = "{state}"\n',
                           encoding="utf-8")
    config = load_config(config_file, environ={})
    db = open_database(config.paths.database)
    app = QApplication.instance() or QApplication([])
    with kiosk_window(config, db) as window:
        window.show()
        nav = window.navigator
        nav.ctx.language.set(Language.EN)  # the visitor reads English
        nav.show_screen(ScreenId.QUEUE)
        queue = nav.screen_of(QueueScreen)
        app.processEvents()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        spoken: list[str] = []
        nav.announced.connect(spoken.append)
        # A write past the limit fails with EFBIG instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
        try:
            queue.take("social")
            app.processEvents()
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        card = nav.problem
        report = {
            "screen": nav.current.value,
            "card_visible": card is not None and card.isVisible(),
            "title": card.title.text() if card else "",
            "message": card.message.text() if card else "",
            "spoken": list(spoken),  # what was said about the failure (not the retry)
            "problems": [text for _at, text in nav.ctx.maintenance.problems],
            "tickets_after_failure": _tickets(config.paths.database),
        }
        card_ok = card.ok_button if card else None
        if card_ok is not None:
            card_ok.click()
            report["card_after_ok"] = card.isVisible() if card else False
        queue.take("social")  # the disk has room again: the kiosk works on
        app.processEvents()
        result = nav.screen_of(ResultScreen)
        deadline = time.monotonic() + 60
        while result.printing and time.monotonic() < deadline:  # the database stays open
            app.processEvents()  # until the print job has marked the ticket
            time.sleep(0.02)
        report["screen_after_retry"] = nav.current.value
        report["tickets_after_retry"] = _tickets(config.paths.database)
    db.close()
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
