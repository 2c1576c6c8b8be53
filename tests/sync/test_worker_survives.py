"""The sync worker survives any exception in one step: logged, recorded, backed off, and the
other steps (uploads above all) go on — in the real background thread against the real
regional server on loopback."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.catalogue import CatalogueStore
from kiosk.i18n import Language
from kiosk.storage import insert_with_outbox, open_database, write_transaction
from kiosk.tickets import issue_ticket
from sync.diagnostics import sync_overview
from sync.worker import SyncWorker, client_from_config, read_sync_state
from tests.conftest import OPEN_MORNING
from tests.helpers.waiting import wait_until
from tests.sync.conftest import Regional, kiosk_config

_wait = wait_until


def _heartbeat(regional: Regional) -> dict[str, object] | None:
    [(text,)] = regional.store.db.query("SELECT last_heartbeat FROM kiosks "
                                        "WHERE kiosk_id = 'karasu-01'")
    return json.loads(text) if text else None


def _audit(db: Database, number: int) -> str:
    uuid = f"00000000-0000-4000-8000-{number:012x}"
    with write_transaction(db):
        insert_with_outbox(db, "audit_events", {
            "uuid": uuid, "actor": "kiosk", "action": "test", "details": "{}",
            "at": OPEN_MORNING.isoformat()}, "audit", OPEN_MORNING)
    return uuid


@pytest.mark.parametrize("fault", [RuntimeError("print service lost its device"),
                                   RecursionError("maximum recursion depth exceeded"),
                                   ValueError("bad paper sensor reading")],
                         ids=lambda exc: type(exc).__name__)
def test_a_crashing_heartbeat_builder_does_not_end_the_sync_thread(
        tmp_path: Path, regional: Regional, fault: Exception,
        caplog: pytest.LogCaptureFixture) -> None:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    store = CatalogueStore(config.paths.active_catalogue)
    crashes: list[int] = []

    def printer_state() -> tuple[str, str]:  # the print service's state, as kiosk run wires it
        crashes.append(1)
        raise fault

    worker = SyncWorker(config, open_database(config.paths.database),
                        client_from_config(config), store, printer_state=printer_state)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop, 0.05), name="sync",
                              daemon=True)
    thread.start()
    try:
        _wait(lambda: crashes, "the heartbeat step has crashed once")
        time.sleep(0.2)  # a few cycles later
        ticket = issue_ticket(open_database(config.paths.database), store.current, "social",
                              OPEN_MORNING, Language.KK)
        _wait(lambda: ticket.uuid in regional.uuids("karasu-01"),
              "the ticket issued after the crash reaches the server")
        _wait(lambda: len(crashes) >= 2, "the heartbeat step is tried again")
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=30)
    overview = sync_overview(open_database(config.paths.database), config.paths.state_dir)
    name = type(fault).__name__
    assert f"heartbeat failed: {name}" in overview.last_error or \
        "heartbeat paused after" in overview.last_error, overview.last_error
    assert name in overview.last_error and overview.step_failures >= 2
    logged = [r for r in caplog.records if r.name == "sync.worker" and r.exc_info]
    assert logged and logged[0].levelno == logging.ERROR and logged[0].exc_info is not None
    assert logged[0].exc_info[1] is fault, "logged with its traceback"


def test_a_failing_retention_pass_backs_off_while_records_and_heartbeats_flow(
        tmp_path: Path, regional: Regional) -> None:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    db = open_database(config.paths.database)
    calls: list[int] = []
    cycle = 0

    def erase(db: Database, now: dt.datetime, days: int) -> int:  # the retention pass
        calls.append(cycle)
        if len(calls) <= 3:
            raise RuntimeError("disk gremlin")
        return 0

    worker = SyncWorker(config, db, client_from_config(config), erase=erase)
    for cycle in range(1, 12):
        uuid = _audit(db, cycle)
        report = worker.run_once()
        assert report.send.sent == 1 and uuid in regional.uuids("karasu-01"), \
            f"cycle {cycle}: the record still goes up"
        state = read_sync_state(config.paths.state_dir)
        if cycle == 1:
            assert report.failed_steps == ["retention"]
            assert "retention failed: RuntimeError: disk gremlin" in state.last_error
        if cycle == 2:
            assert report.paused_steps == ["retention"] and "retention paused" in state.last_error
            beat = _heartbeat(regional)
            assert beat is not None and "retention failed: RuntimeError" in str(
                beat["last_error"]), "the next heartbeat carries the error to the region"
        if cycle < 11:
            assert not report.ok and state.last_success is None
    # Backed off: tried in cycles 1, 3 and 6 (failing), then 11 after sitting out 1, 2, 4.
    assert calls == [1, 3, 6, 11]
    assert report.ok, report.errors
    state = read_sync_state(config.paths.state_dir)
    assert state.last_error == "" and state.last_success is not None
    assert state.step_failures == 3
    assert sync_overview(db, config.paths.state_dir).step_failures == 3
