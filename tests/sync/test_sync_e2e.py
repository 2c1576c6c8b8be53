"""The kiosk's sync against the real regional server on loopback — no HTTP mocks."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database

from kiosk.catalogue import CatalogueStore
from kiosk.storage import insert_with_outbox, open_database, outbox_counts, write_transaction
from kiosk.storage.outbox import OutboxState
from sync.protocol import MAX_BATCH_RECORDS, canonical_json, content_hash
from sync.sender import Backoff, OutboxSender
from sync.worker import SyncWorker
from tests.conftest import CATALOGUE_DIR, OPEN_MORNING
from tests.sync.chaos_proxy import FAULTS, ChaosProxy, random_plan
from tests.sync.conftest import Regional, client, kiosk_config


def _fill(db: Database, count: int, seed: int = 1) -> list[str]:
    """``count`` audit records with outbox rows, in transactions of 500."""
    rng = random.Random(seed)
    uuids = [f"{rng.getrandbits(32):08x}-0000-4000-8000-{i:012x}" for i in range(count)]
    for start in range(0, count, 500):
        with write_transaction(db):
            for index in range(start, min(count, start + 500)):
                insert_with_outbox(db, "audit_events", {
                    "uuid": uuids[index], "actor": "kiosk", "action": "load.test",
                    "details": json.dumps({"index": index, "text": "Қазақ тілі — " * 3}),
                    "at": OPEN_MORNING.isoformat()}, "audit", OPEN_MORNING)
    return uuids


class FastForward:
    """A clock that jumps an hour each call, so backoff never holds a test up."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(hours=1)
        return self.now


def test_ten_thousand_records_arrive_exactly_once_through_faults(
        tmp_path: Path, regional: Regional) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    uuids = _fill(db, 10_000)
    token = regional.add_kiosk("karasu-01")
    with ChaosProxy(regional.port, random_plan(seed=7), hang_seconds=1.5) as proxy:
        kiosk = client(proxy.url, token, timeout=1.0)
        runs = 0
        while outbox_counts(db)[OutboxState.PENDING] and runs < 2000:
            runs += 1
            OutboxSender(db, kiosk, "karasu-01", batch_count=MAX_BATCH_RECORDS, clock=FastForward(),
                         backoff=Backoff(1, 1)).send_due(max_batches=3)
    assert outbox_counts(db) == {OutboxState.PENDING: 0, OutboxState.SENT: 10_000,
                                 OutboxState.REJECTED: 0}
    assert regional.count("karasu-01") == (10_000, 10_000)
    assert regional.uuids("karasu-01") == set(uuids)
    assert runs > 10, "the records must have taken many runs"
    for fault in FAULTS:
        assert proxy.counts[fault] > 0, f"fault {fault} never happened"


def test_a_bad_token_stores_nothing_and_keeps_the_records(tmp_path: Path,
                                                          regional: Regional) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    _fill(db, 5)
    regional.add_kiosk("karasu-01")
    report = OutboxSender(db, client(regional.url, "not-a-token"), "karasu-01").send_due()
    assert "401" in report.error
    assert outbox_counts(db)[OutboxState.PENDING] == 5
    assert regional.count("karasu-01") == (0, 0)


def test_kiosk_a_cannot_write_as_kiosk_b(tmp_path: Path, regional: Regional) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    _fill(db, 3)
    token_a = regional.add_kiosk("kiosk-a")
    regional.add_kiosk("kiosk-b")
    report = OutboxSender(db, client(regional.url, token_a), "kiosk-b").send_due()
    assert "403" in report.error
    assert regional.count("kiosk-b") == (0, 0) and regional.count("kiosk-a") == (0, 0)


def test_conflicting_resend_is_rejected_and_kept_for_technicians(
        tmp_path: Path, regional: Regional) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    [uuid] = _fill(db, 1)
    token = regional.add_kiosk("karasu-01")
    sender = OutboxSender(db, client(regional.url, token), "karasu-01", clock=FastForward())
    assert sender.send_due().sent == 1
    # The same UUID comes back with other content (a bug or tampering): never overwritten.
    db.execute("UPDATE outbox SET state = 'pending', payload = json_set(payload, '$.action', "
               "'changed') WHERE record_uuid = ?", [uuid])
    report = sender.send_due()
    assert report.rejected == 1
    state, reason = db.execute("SELECT state, reason FROM outbox").fetchone()
    assert state == "rejected" and reason.startswith("conflict")


def test_clock_skew_is_measured_from_the_server_date(tmp_path: Path,
                                                     regional: Regional) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    _fill(db, 1)
    token = regional.add_kiosk("karasu-01")
    report = OutboxSender(db, client(regional.url, token), "karasu-01").send_due()
    assert report.skew_seconds is not None and abs(report.skew_seconds) < 5


def _store_unchecked(regional: Regional, files: dict[str, str], version: str) -> None:
    """Store a catalogue straight in the server's database, as a server without the publishing
    check would have (the server now refuses a broken one: the kiosk must refuse it too)."""
    with regional.store.db.transaction() as tx:
        tx.execute("INSERT INTO documents (kind, version, content_hash, files, target_kind, "
                   "target, published_at) VALUES ('catalogue', ?, ?, ?, 'all', '', ?)",
                   (version, content_hash({"kind": "catalogue", "files": files}),
                    canonical_json(files).decode(), regional.store.now()))


def test_broken_catalogue_update_is_rejected_and_the_old_one_keeps_working(
        tmp_path: Path, regional: Regional) -> None:
    token = regional.add_kiosk("karasu-01")
    config = kiosk_config(tmp_path, regional.url, token)
    db = open_database(config.paths.database)
    store = CatalogueStore(config.paths.active_catalogue)
    worker = SyncWorker(config, db, client(regional.url, token), store)
    files = {p.name: p.read_text(encoding="utf-8") for p in CATALOGUE_DIR.glob("*.toml")}
    broken = dict(files)
    broken["services.toml"] = broken["services.toml"].replace("cost = ", "price = ", 1)
    broken["manifest.toml"] = 'version = "2026.12.1-broken"\n'
    _store_unchecked(regional, broken, "2026.12.1-broken")
    report = worker.run_once()
    [catalogue_pull] = [p for p in report.pulls if p.kind == "catalogue"]
    assert catalogue_pull.outcome == "rejected" and "price" in catalogue_pull.error
    assert store.current.version == "2026.11.2"
    assert config.paths.active_catalogue == config.paths.catalogue_dir
    # The bad version is not downloaded and validated again and again.
    assert [p.outcome for p in worker.run_once().pulls if p.kind == "catalogue"] == ["unchanged"]
    good = dict(files)
    good["manifest.toml"] = 'version = "2026.12.2"\n'
    regional.publish_catalogue(good, "2026.12.2")
    worker.run_once()
    assert store.current.version == "2026.12.2"
    assert config.paths.active_catalogue == config.paths.synced_catalogue


def test_heartbeat_reaches_the_fleet_view(tmp_path: Path, regional: Regional) -> None:
    token = regional.add_kiosk("karasu-01")
    config = kiosk_config(tmp_path, regional.url, token)
    db = open_database(config.paths.database)
    _fill(db, 2)
    worker = SyncWorker(config, db, client(regional.url, token),
                        printer_state=lambda: ("paper_near_end", "near end"))
    assert worker.run_once().ok
    fleet = httpx.get(f"{regional.url}/api/v1/staff/fleet",
                      headers={"Authorization": f"Bearer {regional.staff_token}"}).json()
    text = json.dumps(fleet)
    assert "karasu-01" in text and "paper_near_end" in text


@pytest.mark.parametrize("fault", ["captive_portal", "garbage_after", "drop_after"])
def test_a_lying_or_broken_answer_never_marks_records_sent(
        tmp_path: Path, regional: Regional, fault: str) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    _fill(db, 4)
    token = regional.add_kiosk("karasu-01")
    with ChaosProxy(regional.port, lambda: fault) as proxy:
        report = OutboxSender(db, client(proxy.url, token, timeout=2), "karasu-01").send_due()
    assert report.sent == 0 and report.retry_later == 4
    assert outbox_counts(db)[OutboxState.PENDING] == 4
    # Once the line is good, the batch arrives once (the server already had it: duplicates).
    assert OutboxSender(db, client(regional.url, token), "karasu-01",
                        clock=FastForward()).send_due().sent == 4
    assert regional.count("karasu-01") == (4, 4)
