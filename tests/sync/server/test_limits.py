"""Bounded batches: a gzip bomb of tiny items costs little memory, big batches never freeze pages.

Each request is refused before the server builds Python objects for what it will refuse,
and the work on a batch (decoding, checking, storing, answering) runs off the event loop.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

import sync.protocol
from kiosk.tracking import new_tracking_code
from sync.protocol import MAX_BATCH_RECORDS, canonical_json, to_json
from tests.sync.server.live import LiveServer, appeal, audit

ROOT = Path(__file__).resolve().parents[3]

#: 4 MB of "0," under 4 KB of gzip: two million items, the shape that took 2 GB.
BOMB_ITEMS = 2_000_000

_MEASURE = """
import gzip, json, resource, sys
from kiosk.assets import assets_dir
from kiosk.i18n import Translator
from sync.server.app import create_app
from sync.server.store import ServerStore
from tests.sync.server.live import LiveServer, audit, serving

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

items = int(sys.argv[2])
bomb = gzip.compress(b'{"kiosk_id": "karasu-01", "version": 1, "records": ['
                     + b"0," * (items - 1) + b"0]}", 9)
store = ServerStore.open(sys.argv[1])
app = create_app(store, translator=Translator.load(assets_dir() / "locale"))
with serving(app) as base:
    live = LiveServer(base, store, "")
    token = live.kiosk("karasu-01")
    warm = live.send(token, "karasu-01", [audit(i) for i in range(50)])  # every path loaded
    before = peak_mb()
    answer = live.post("/api/v1/records", token, bomb)
    after = peak_mb()
    print(json.dumps({"warm": warm.status_code, "status": answer.status_code,
                      "body": answer.text[:300], "bomb_bytes": len(bomb),
                      "before_mb": before, "after_mb": after,
                      "stored": store.record_count()}))
    live.http.close()
"""


def test_a_gzip_bomb_of_tiny_items_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    """A fresh process, so the peak resident size measures this one request alone."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", _MEASURE,
                          f"sqlite:///{tmp_path / 'regional.sqlite3'}", str(BOMB_ITEMS)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["warm"] == 201
    assert result["bomb_bytes"] < 8 * 1024
    assert result["status"] in (400, 413), result
    assert "error" in json.loads(result["body"])
    assert result["stored"] == 50
    growth = result["after_mb"] - result["before_mb"]
    assert growth < 100, f"the bomb grew the server by {growth:.0f} MB"


def test_a_batch_over_the_kiosk_limit_is_refused_with_the_reason(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    answer = any_server.send(token, "karasu-01", [audit(i) for i in
                                                   range(MAX_BATCH_RECORDS + 1)])
    assert answer.status_code == 413, answer.text
    assert str(MAX_BATCH_RECORDS) in answer.json()["error"]
    assert any_server.store.record_count() == 0
    full = any_server.send(token, "karasu-01", [audit(i) for i in range(MAX_BATCH_RECORDS)])
    assert [s for _, s in any_server.results(full)] == ["accepted"] * MAX_BATCH_RECORDS


def test_a_body_of_too_many_values_is_refused_before_it_is_parsed(server: LiveServer) -> None:
    """Under the byte limit and with one record, yet 300,000 values in its payload."""
    token = server.kiosk("karasu-01")
    record = to_json(audit())
    record["payload"]["numbers"] = [0] * 300_000
    body = canonical_json({"kiosk_id": "karasu-01", "version": 1, "records": [record]})
    answer = server.post("/api/v1/records", token, gzip.compress(body))
    assert answer.status_code == 413, answer.text
    assert "values" in answer.json()["error"]
    assert server.store.record_count() == 0
    # Commas inside texts are not values: a record full of them is stored.
    record["payload"]["numbers"] = []
    record["payload"]["text"] = "," * 300_000
    body = canonical_json({"kiosk_id": "karasu-01", "version": 1, "records": [record]})
    answer = server.post("/api/v1/records", token, gzip.compress(body))
    assert server.results(answer) == [(record["uuid"], "accepted")]


@pytest.mark.parametrize("path", ["/api/v1/heartbeat", "/api/v1/staff/documents"])
def test_other_bodies_have_the_same_gzip_bomb_guard(server: LiveServer, path: str) -> None:
    token = server.kiosk("karasu-01")
    bomb = gzip.compress(b"[" + b"0," * BOMB_ITEMS + b"0]", 9)
    answer = server.post(path, token if "staff" not in path else server.staff_token, bomb)
    assert answer.status_code == 413, answer.text


def test_status_pages_are_served_while_a_big_batch_is_being_read(
        any_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch is held in the middle of reading its records until a status page is served:
    if reading ran on the event loop, the page could not be served and the batch would give up
    waiting (the order of events shows which happened; no timing threshold)."""
    token = any_server.kiosk("karasu-01")
    code = new_tracking_code()
    assert any_server.send(token, "karasu-01", [appeal(code=code)]).status_code == 201
    records = [appeal() for _ in range(MAX_BATCH_RECORDS)]
    held = records[MAX_BATCH_RECORDS // 2].uuid
    reading, released = threading.Event(), threading.Event()
    order: list[str] = []
    parse_record = sync.protocol.parse_record

    def held_parse_record(data: Any) -> sync.protocol.Record:
        if isinstance(data, dict) and data.get("uuid") == held:
            reading.set()
            order.append("batch went on" if released.wait(20) else "batch gave up waiting")
        return parse_record(data)

    monkeypatch.setattr(sync.protocol, "parse_record", held_parse_record)
    answers: list[httpx.Response] = []
    sender = threading.Thread(target=lambda: answers.append(
        any_server.send(token, "karasu-01", records)))
    sender.start()
    try:
        assert reading.wait(20), "the batch never reached the held record"
        with httpx.Client(base_url=any_server.url, timeout=60) as citizen:
            page = citizen.get(f"/t/{code}")
        order.append("page served")
    finally:
        released.set()
        sender.join(timeout=60)
    assert page.status_code == 200
    assert order == ["page served", "batch went on"]
    assert [s for _, s in any_server.results(answers[0])] == ["accepted"] * MAX_BATCH_RECORDS
