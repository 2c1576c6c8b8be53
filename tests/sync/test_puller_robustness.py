"""A bad document published by the region never stops the kiosk's sync thread.

The regional server on loopback serves each bad document (stored straight in its
database, as a server without checks or an old release would have stored it); the
kiosk's real SyncWorker thread pulls it, rejects it once, keeps the good version, and
goes on uploading tickets and sending heartbeats.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kiosk.announcements import load_announcements
from kiosk.atomic_files import read_install_marker
from kiosk.catalogue import CatalogueStore
from kiosk.config import Config
from kiosk.i18n import Language
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from sync.protocol import content_hash
from sync.worker import CycleReport, SyncWorker, client_from_config
from tests.conftest import OPEN_MORNING
from tests.helpers.documents import DEEP, GOOD_ANNOUNCEMENTS, catalogue_files
from tests.helpers.waiting import wait_until
from tests.sync.conftest import Regional, kiosk_config

_catalogue = catalogue_files


#: name → (kind, files of the bad document). The good one of the same kind comes first.
BAD: dict[str, tuple[str, dict[str, str]]] = {
    "announcement-is-a-number": ("announcements", {"announcements.toml": "announcement = 5\n"}),
    "nested-arrays": ("announcements", {
        "announcements.toml": "x = " + "[" * DEEP + "]" * DEEP + "\n"}),
    "nested-tables": ("announcements", {
        "announcements.toml": "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"}),
    "catalogue-nested-arrays": ("catalogue", _catalogue(**{
        "manifest.toml": 'version = "2026.12.9-deep"\n',
        "services.toml": "x = " + "[" * DEEP + "]" * DEEP + "\n"})),
    "nul-name": ("announcements", {"announcements.toml": GOOD_ANNOUNCEMENTS,
                                   "notes\0.toml": "a = 1\n"}),
    "empty-name": ("announcements", {"": "a = 1\n"}),
    "long-name": ("announcements", {"a" * 296 + ".toml": "a = 1\n"}),
    "parent-name": ("announcements", {"../announcements.toml": "a = 1\n"}),
}


@dataclass
class Kiosk:
    """A kiosk wired to the regional server, with its sync thread running."""

    config: Config
    store: CatalogueStore
    worker: SyncWorker
    thread: threading.Thread
    stop: threading.Event
    cycles: list[int]


def _publish(regional: Regional, kind: str, files: dict[str, str], version: str) -> str:
    """Publish through the staff API (the way a good document arrives); returns its hash."""
    digest = content_hash({"kind": kind, "files": files})
    answer = httpx.post(f"{regional.url}/api/v1/staff/documents",
                        headers={"Authorization": f"Bearer {regional.staff_token}"},
                        json={"kind": kind, "version": version, "files": files,
                              "content_hash": digest, "protocol": 1, "target_kind": "all",
                              "target": ""})
    assert answer.status_code == 201, answer.text
    return digest


def _store_unchecked(regional: Regional, kind: str, files: dict[str, str], version: str) -> str:
    """Put a document in the server's database as an unchecking server would; its hash."""
    digest = content_hash({"kind": kind, "files": files})
    with regional.store.db.transaction() as tx:
        tx.execute("INSERT INTO documents (kind, version, content_hash, files, target_kind, "
                   "target, published_at) VALUES (?, ?, ?, ?, 'all', '', ?)",
                   (kind, version, digest, json.dumps(files), "2026-12-01"))
    return digest


_wait = wait_until


@pytest.fixture
def kiosk(tmp_path: Path, regional: Regional) -> Iterator[Kiosk]:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    store = CatalogueStore(config.paths.active_catalogue)
    worker = SyncWorker(config, open_database(config.paths.database),
                        client_from_config(config), store)
    cycles: list[int] = []
    run_once = worker.run_once

    def counted() -> CycleReport:  # counts cycles; the real cycle runs unchanged
        cycles.append(1)
        return run_once()

    worker.run_once = counted  # type: ignore[method-assign]
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop, 0.05), name="sync",
                              daemon=True)
    thread.start()
    yield Kiosk(config, store, worker, thread, stop, cycles)
    stop.set()
    thread.join(timeout=30)


def _good(regional: Regional, kiosk: Kiosk, kind: str) -> Callable[[], bool]:
    """Publish a good document of ``kind``, wait until it is installed; a check it still is."""
    if kind == "announcements":
        _publish(regional, kind, {"announcements.toml": GOOD_ANNOUNCEMENTS}, "ann-1")
        folder = kiosk.config.paths.announcements

        def in_use() -> bool:
            try:
                return [a.id for a in load_announcements(folder)] == ["water"]
            except FileNotFoundError:
                return False
    else:
        _publish(regional, kind, _catalogue(**{"manifest.toml": 'version = "2026.12.2"\n'}),
                 "2026.12.2")
        folder = kiosk.config.paths.synced_catalogue

        def in_use() -> bool:
            return kiosk.store.current.version == "2026.12.2"
    _wait(lambda: in_use() and getattr(read_install_marker(folder), "origin", "") == "server",
          f"the good {kind} is installed")
    return in_use


def _last_seen(kiosk: Kiosk, kind: str) -> tuple[str, str]:
    """What the puller remembers of the last document of ``kind`` it saw (tag, outcome)."""
    try:
        data = json.loads((kiosk.config.paths.state_dir / f".{kind}-sync.json").read_text())
    except FileNotFoundError:
        return "", ""
    return data["seen"], data["outcome"]


def _heartbeat(regional: Regional) -> dict[str, object] | None:
    [(text,)] = regional.store.db.query("SELECT last_heartbeat FROM kiosks "
                                        "WHERE kiosk_id = 'karasu-01'")
    return json.loads(text) if text else None


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_document_is_rejected_once_and_sync_goes_on(
        case: str, regional: Regional, kiosk: Kiosk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    kind, files = BAD[case]
    still_good = _good(regional, kiosk, kind)
    bad_hash = _store_unchecked(regional, kind, files, f"{case}-1")
    _wait(lambda: _last_seen(kiosk, kind) == (bad_hash, "rejected"),
          f"the bad {kind} is remembered as rejected")

    # Uploads and heartbeats go on in the same run: a ticket issued now reaches the server.
    ui_db = open_database(kiosk.config.paths.database)  # the UI's own connection
    ticket = issue_ticket(ui_db, kiosk.store.current, "social", OPEN_MORNING, Language.KK)
    _wait(lambda: ticket.uuid in regional.uuids("karasu-01"), "the ticket reaches the server")
    with regional.store.db.transaction() as tx:
        tx.execute("UPDATE kiosks SET last_heartbeat = NULL WHERE kiosk_id = 'karasu-01'")
    _wait(lambda: _heartbeat(regional) is not None, "a heartbeat arrives after the ticket")
    seen_cycles = len(kiosk.cycles)
    _wait(lambda: len(kiosk.cycles) >= seen_cycles + 3, "three more cycles run")
    assert kiosk.thread.is_alive()

    assert still_good(), "the good document stays in use"
    parent = kiosk.config.paths.state_dir
    assert not [p.name for p in parent.iterdir() if p.is_dir() and p.name.startswith(".")], \
        "no staging folder is left behind"
    rejections = [r for r in caplog.records
                  if r.name == "sync.documents" and "rejected" in r.getMessage()]
    assert len(rejections) == 1, "checked once, not again every cycle"
    assert rejections[0].levelno == logging.ERROR and kind in rejections[0].getMessage()
    failures = [r for r in caplog.records if r.name == "sync.worker" and r.exc_info]
    assert not failures, "a bad document is an expected rejection, not a crashed step"

    # After a restart the same document is neither downloaded nor checked again.
    kiosk.stop.set()
    kiosk.thread.join(timeout=30)
    restarted = SyncWorker(kiosk.config, open_database(kiosk.config.paths.database),
                           client_from_config(kiosk.config), kiosk.store)
    report = restarted.run_once()
    assert report.ok, report.errors
    assert {p.kind: p.outcome for p in report.pulls}[kind] == "unchanged"
    assert still_good()


@pytest.mark.parametrize("remembered", ["[]", '{"seen": "a\\r\\nX-Evil: 1"}', "\0"])
def test_a_damaged_puller_state_file_is_ignored(tmp_path: Path, regional: Regional,
                                                remembered: str) -> None:
    config = kiosk_config(tmp_path, regional.url, regional.add_kiosk("karasu-01"))
    _publish(regional, "announcements", {"announcements.toml": GOOD_ANNOUNCEMENTS}, "ann-1")
    config.paths.state_dir.mkdir(parents=True)
    (config.paths.state_dir / ".announcements-sync.json").write_text(remembered)
    worker = SyncWorker(config, open_database(config.paths.database), client_from_config(config))
    report = worker.run_once()
    assert report.ok, report.errors
    assert {p.kind: p.outcome for p in report.pulls}["announcements"] == "changed"
    assert [a.id for a in load_announcements(config.paths.announcements)] == ["water"]
