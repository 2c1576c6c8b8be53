"""The sync loop cannot die: its thread is supervised, restarted with back-off, and each
restart is logged with its traceback, counted in the sync state and sent with the heartbeat."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from contextlib import ExitStack
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueStore
from kiosk.storage import open_database
from sync.supervisor import Supervisor, Wait
from sync.worker import SyncWorker, client_from_config, read_sync_state, record_restart
from tests.helpers.waiting import wait_until
from tests.sync.conftest import Regional, kiosk_config


class Fault(BaseException):
    """Not an Exception: passes every ``except Exception`` of the worker's steps."""


def _no_wait(pauses: list[float], stop_after: int = 0) -> Wait:
    """A wait that records each pause and returns at once (stopping after ``stop_after``)."""
    def wait(stop: threading.Event, seconds: float) -> bool:
        pauses.append(seconds)
        if stop_after and len(pauses) >= stop_after:
            stop.set()
        return stop.is_set()
    return wait


def test_a_worker_whose_loop_raises_is_restarted_and_the_restart_recorded(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = kiosk_config(tmp_path, "http://127.0.0.1:9", "token")  # nothing listens there
    calls: list[int] = []

    def printer_state() -> tuple[str, str]:  # the heartbeat step asks first
        calls.append(1)
        if len(calls) == 1:
            raise Fault("escapes the step")
        return ("ready", "ok")

    worker = SyncWorker(config, open_database(config.paths.database), client_from_config(config),
                        printer_state=printer_state)
    pauses: list[float] = []
    supervisor = Supervisor(lambda stop: worker.run_forever(stop, 0.01), config.paths.state_dir,
                            wait=_no_wait(pauses))
    supervisor.start()
    try:
        wait_until(lambda: len(calls) >= 3, "the loop runs cycles again after the crash")
        assert supervisor.loop_alive
    finally:
        supervisor.stop()
        assert supervisor.join(30)
    assert pauses == [1.0] and supervisor.restarts == 1
    state = read_sync_state(config.paths.state_dir)
    assert state.restarts == 1 and state.last_crash == "Fault: escapes the step"
    assert state.last_crash_at is not None
    logged = [r for r in caplog.records if r.name == "sync.supervisor" and r.exc_info]
    assert logged and logged[0].levelno == logging.ERROR
    assert logged[0].exc_info is not None and isinstance(logged[0].exc_info[1], Fault)


def test_stop_ends_the_loop_without_a_restart(tmp_path: Path) -> None:
    runs: list[int] = []

    def loop(stop: threading.Event) -> None:
        runs.append(1)
        stop.wait()

    pauses: list[float] = []
    supervisor = Supervisor(loop, tmp_path, wait=_no_wait(pauses)).start()
    wait_until(lambda: runs, "the loop started")
    supervisor.stop()
    assert supervisor.join(30)
    assert runs == [1] and pauses == [] and supervisor.restarts == 0
    assert read_sync_state(tmp_path).restarts == 0


def test_a_crash_loop_backs_off_up_to_a_minute_and_a_long_run_starts_again_at_one_second(
        tmp_path: Path) -> None:
    now = [0.0]
    runs: list[int] = []

    def loop(stop: threading.Event) -> None:
        runs.append(1)
        if len(runs) == 9:
            now[0] += 3600  # this run lasted an hour before it crashed
        raise MemoryError("no room")

    pauses: list[float] = []
    supervisor = Supervisor(loop, tmp_path, monotonic=lambda: now[0],
                            wait=_no_wait(pauses, stop_after=10))
    supervisor.start()
    assert supervisor.join(30)
    assert pauses == [1, 2, 4, 8, 16, 32, 60, 60, 1, 2]
    state = read_sync_state(tmp_path)
    assert state.restarts == 10 and state.last_crash == "MemoryError: no room"


def test_a_loop_that_returns_by_itself_is_restarted(tmp_path: Path) -> None:
    runs: list[int] = []
    pauses: list[float] = []
    supervisor = Supervisor(lambda stop: runs.append(1), tmp_path,
                            wait=_no_wait(pauses, stop_after=2))
    supervisor.start()
    assert supervisor.join(30)
    assert len(runs) == 2 and "returned" in read_sync_state(tmp_path).last_crash


def test_kiosk_run_restarts_its_sync_thread(tmp_path: Path) -> None:
    """Through ``ui.runtime._start_sync`` (what ``kiosk run`` calls): a crash that escapes the
    cycle used to end the sync thread for good."""
    from ui.runtime import _start_sync

    config = kiosk_config(tmp_path, "http://127.0.0.1:9", "token")
    calls: list[int] = []

    def printer_state() -> tuple[str, str]:
        calls.append(1)
        if len(calls) == 1:
            raise Fault("escapes the step")
        return ("ready", "ok")

    with ExitStack() as stack:
        worker, _ = _start_sync(config, config.paths.database,
                                CatalogueStore(config.paths.active_catalogue), stack,
                                printer_state)
        assert worker is not None
        wait_until(lambda: len(calls) >= 2, "the sync loop runs again after the crash")
    assert read_sync_state(config.paths.state_dir).restarts == 1


def test_the_heartbeat_carries_the_restarts_to_the_region(tmp_path: Path,
                                                          regional: Regional) -> None:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    record_restart(config.paths.state_dir, "Fault: escapes the step",
                   dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    worker = SyncWorker(config, open_database(config.paths.database), client_from_config(config))
    report = worker.run_once()
    assert report.ok, report.errors
    [(text,)] = regional.store.db.query("SELECT last_heartbeat FROM kiosks "
                                        "WHERE kiosk_id = 'karasu-01'")
    beat = json.loads(text)
    assert beat["sync_restarts"] == 1 and beat["last_crash"] == "Fault: escapes the step"
    assert beat["service_needed"] == ""
    assert read_sync_state(config.paths.state_dir).restarts == 1, "a cycle keeps the count"


@pytest.mark.parametrize(("extra", "problem"), [
    ({"last_crash": "\x00bad"}, "heartbeat.last_crash: must be text without NUL"),
    ({"service_needed": ["a"]}, "heartbeat.service_needed: must be text"),
])
def test_a_heartbeat_with_a_bad_crash_or_service_text_is_refused(extra: dict[str, object],
                                                                 problem: str) -> None:
    from sync.protocol import PROTOCOL_VERSION, ProtocolError
    from sync.server.batches import read_heartbeat

    beat = {"version": PROTOCOL_VERSION, "kiosk_id": "karasu-01", "app_version": "1",
            "printer_state": "ready", "paper": "ok", "free_disk_bytes": 1,
            "outbox": {"pending": 0}, **extra}
    with pytest.raises(ProtocolError, match=problem):
        read_heartbeat(beat)


def test_a_long_crash_text_is_cut_short() -> None:
    from sync.protocol import MAX_NOTE_CHARS, PROTOCOL_VERSION
    from sync.server.batches import read_heartbeat

    beat = read_heartbeat({"version": PROTOCOL_VERSION, "kiosk_id": "karasu-01",
                           "app_version": "1", "printer_state": "ready", "paper": "ok",
                           "free_disk_bytes": 1, "outbox": {}, "last_crash": "x" * 2_000_000})
    assert len(beat.last_crash) == MAX_NOTE_CHARS
