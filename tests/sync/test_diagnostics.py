"""The technician's view of sync: overview, connection test and "reload from the server"."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.storage import OutboxState, insert_with_outbox, open_database, write_transaction
from sync.diagnostics import connection_test, pull_catalogue_now, sync_overview
from sync.worker import SyncWorker, client_from_config
from tests.conftest import CATALOGUE_DIR, OPEN_MORNING
from tests.sync.chaos_proxy import _read_request
from tests.sync.conftest import Regional, free_port, kiosk_config


class ShiftedClockProxy:
    """A real TCP proxy in front of the server that moves its ``Date`` header by ``shift``."""

    def __init__(self, upstream_port: int, shift: dt.timedelta) -> None:
        proxy = self
        self.upstream_port = upstream_port
        self.shift = shift

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ShiftedClockProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, conn: socket.socket) -> None:
        request = _read_request(conn)
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10) as up:
            up.sendall(request)  # urllib sends "Connection: close": read to the end
            answer = b""
            while chunk := up.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        moved = email.utils.format_datetime(dt.datetime.now(dt.UTC) + self.shift, usegmt=True)
        lines = [b"date: " + moved.encode() if line.lower().startswith(b"date:") else line
                 for line in head.split(b"\r\n")]
        conn.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)


def _records(db_path: Path, count: int) -> list[str]:
    uuids = [f"00000000-0000-4000-8000-{n:012x}" for n in range(1, count + 1)]
    db = open_database(db_path)
    with write_transaction(db):
        for uuid in uuids:
            insert_with_outbox(db, "audit_events", {
                "uuid": uuid, "actor": "kiosk", "action": "test", "details": "{}",
                "at": OPEN_MORNING.isoformat()}, "audit", OPEN_MORNING)
    db.close()
    return uuids


@pytest.fixture
def worker(tmp_path: Path, regional: Regional) -> Iterator[SyncWorker]:
    """A kiosk's sync worker pointed at the live regional server."""
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    db = open_database(config.paths.database)
    yield SyncWorker(config, db, client_from_config(config))
    db.close()


def test_overview_counts_every_state_and_names_rejected_records(worker: SyncWorker) -> None:
    state_dir = worker.config.paths.state_dir
    fresh = sync_overview(worker.db, state_dir)
    assert fresh.counts == dict.fromkeys(OutboxState, 0)
    assert (fresh.last_attempt, fresh.last_success, fresh.rejected) == (None, None, [])
    first, second, _third = _records(worker.config.paths.database, 3)
    assert worker.run_once().send.sent == 3
    # The same UUID comes back with other content: the server answers "conflict".
    worker.db.execute("UPDATE outbox SET state = 'pending', payload = json_set(payload, "
                      "'$.action', 'changed') WHERE record_uuid IN (?, ?)", [first, second])
    report = worker.run_once()
    assert report.send.rejected == 2 and report.ok
    overview = sync_overview(worker.db, state_dir, rejected_limit=1)
    assert overview.counts == {OutboxState.PENDING: 0, OutboxState.SENT: 1,
                               OutboxState.REJECTED: 2}
    [item] = overview.rejected  # the newest one only
    assert (item.kind, item.uuid) == ("audit", second)
    assert item.reason.startswith("conflict") and "uuid" in item.reason
    assert item.created_at == OPEN_MORNING
    assert overview.last_success is not None and overview.last_success == overview.last_attempt
    assert overview.last_error == "" and overview.skew_seconds is not None


def test_connection_test_passes_against_the_live_server(worker: SyncWorker) -> None:
    checks = connection_test(worker.config)
    assert [c.name for c in checks] == ["reach", "auth", "clock"]
    assert all(c.ok for c in checks), checks
    assert "karasu-01" in checks[1].detail


def test_a_refused_token_fails_auth_with_what_to_do(worker: SyncWorker) -> None:
    token_file = worker.config.server.token_file
    assert token_file is not None
    token_file.write_text("not-the-token\n", encoding="utf-8")
    reach, auth, _clock = connection_test(worker.config)
    assert reach.ok and not auth.ok
    assert auth.detail.startswith("the kiosk token was refused (401): issue a new one with "
                                  "kiosk-server add-kiosk karasu-01")
    assert str(token_file) in auth.detail


def test_a_server_that_is_down_fails_reach(tmp_path: Path) -> None:
    config = kiosk_config(tmp_path, f"http://127.0.0.1:{free_port()}", "token")
    reach, auth, clock = connection_test(config, timeout=3)
    assert not reach.ok and not auth.ok and not clock.ok
    assert re.fullmatch(r"server 127\.0\.0\.1:\d+ refused the connection: check the network "
                        r"cable / VPN.*outbox meanwhile", reach.detail), reach.detail
    assert "not tested" in auth.detail


def test_a_kiosk_clock_seven_minutes_behind_is_named(tmp_path: Path,
                                                     regional: Regional) -> None:
    token = regional.add_kiosk("karasu-01")
    with ShiftedClockProxy(regional.port, dt.timedelta(seconds=412)) as proxy:
        reach, auth, clock = connection_test(kiosk_config(tmp_path, proxy.url, token))
    assert reach.ok and auth.ok and not clock.ok
    assert re.fullmatch(r"kiosk clock is 41[123] s behind the server: enable NTP "
                        r"\(timedatectl set-ntp true\)", clock.detail), clock.detail


def test_without_server_settings_every_check_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n', encoding="utf-8")
    local = connection_test(load_config(path, environ={}))  # server.url = "local"
    assert not any(c.ok for c in local) and all("server.url" in c.detail for c in local)
    path.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n'
                    f'[server]\nurl = "https://region.example"\n', encoding="utf-8")
    no_token = connection_test(load_config(path, environ={}))
    assert not any(c.ok for c in no_token)
    assert all("server.token_file" in c.detail for c in no_token)


def test_reload_pulls_only_the_catalogue(worker: SyncWorker, regional: Regional) -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in CATALOGUE_DIR.glob("*.toml")}
    files["manifest.toml"] = 'version = "2026.12.5"\n'
    regional.publish_catalogue(files, "2026.12.5")
    first = pull_catalogue_now(worker)
    assert (first.kind, first.outcome, first.version) == ("catalogue", "changed", "2026.12.5")
    assert (worker.config.paths.synced_catalogue / "manifest.toml").is_file()
    assert pull_catalogue_now(worker).outcome == "unchanged"
    assert sync_overview(worker.db, worker.config.paths.state_dir).last_attempt is None, \
        "a reload is not a sync cycle"
