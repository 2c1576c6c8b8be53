"""The worker keeps each cycle's outcome on disk and never runs two cycles at once."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path

from kiosk.storage import insert_with_outbox, open_database, write_transaction
from sync.http import ServerClient
from sync.worker import STATE_FILE, SyncWorker, client_from_config, read_sync_state
from tests.conftest import OPEN_MORNING
from tests.sync.conftest import Regional, free_port, kiosk_config


class Ticking:
    """A clock that moves a minute a call, so each cycle has its own time."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


def _record(db_path: Path, number: int) -> str:
    uuid = f"00000000-0000-4000-8000-{number:012x}"
    db = open_database(db_path)
    with write_transaction(db):
        insert_with_outbox(db, "audit_events", {
            "uuid": uuid, "actor": "kiosk", "action": "test", "details": "{}",
            "at": OPEN_MORNING.isoformat()}, "audit", OPEN_MORNING)
    db.close()
    return uuid


def _worker(tmp_path: Path, regional: Regional) -> SyncWorker:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    return SyncWorker(config, open_database(config.paths.database), client_from_config(config),
                      clock=Ticking())


def test_a_good_cycle_then_a_failed_one_are_both_on_disk(tmp_path: Path,
                                                         regional: Regional) -> None:
    worker = _worker(tmp_path, regional)
    state_dir = worker.config.paths.state_dir
    _record(worker.config.paths.database, 1)
    assert worker.run_once().ok
    good = read_sync_state(state_dir)
    assert good.last_attempt is not None and good.last_success == good.last_attempt
    assert (good.sent, good.rejected, good.last_error, good.last_error_at) == (1, 0, "", None)
    assert good.skew_seconds is not None and abs(good.skew_seconds) < 5
    raw = json.loads((state_dir / STATE_FILE).read_text(encoding="utf-8"))
    assert raw["last_success"].endswith("+00:00")  # UTC ISO text on disk

    _record(worker.config.paths.database, 2)
    worker.client = ServerClient(f"http://127.0.0.1:{free_port()}", worker.client.token,
                                 timeout=2)  # the server is down now
    assert not worker.run_once().ok
    bad = read_sync_state(state_dir)
    assert bad.last_attempt is not None and good.last_attempt < bad.last_attempt
    assert bad.last_success == good.last_success, "the last success is kept"
    assert "refused" in bad.last_error and bad.last_error_at == bad.last_attempt
    assert (bad.sent, bad.rejected, bad.skew_seconds) == (0, 0, None)
    assert [p.name for p in state_dir.iterdir() if STATE_FILE in p.name] == [STATE_FILE], \
        "no temporary file is left behind"


def test_a_second_caller_waits_for_the_cycle_in_progress(tmp_path: Path,
                                                         regional: Regional) -> None:
    worker = _worker(tmp_path, regional)
    _record(worker.config.paths.database, 1)
    inside = threading.Event()
    release = threading.Event()
    entered: list[str] = []

    def printer_state() -> tuple[str, str]:  # called in the middle of every cycle
        entered.append(threading.current_thread().name)
        inside.set()
        release.wait(timeout=30)
        return "ready", "ok"

    worker.printer_state = printer_state
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(worker.run_once()), name=name)
               for name in ("loop", "button")]
    threads[0].start()
    assert inside.wait(timeout=30)
    threads[1].start()
    time.sleep(0.5)
    assert entered == ["loop"] and threads[1].is_alive(), "the button's cycle must wait"
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert entered == ["loop", "button"]
    assert [r.send.sent for r in reports] == [1, 0] and all(r.ok for r in reports)
    assert regional.count("karasu-01") == (1, 1)
