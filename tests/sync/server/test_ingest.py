"""Records arrive exactly once: tokens, per-kiosk writes, duplicates, conflicts, bad bodies.

Runs against the real server on loopback, over SQLite and over PostgreSQL.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import replace

import pytest

from kiosk.tracking import format_tracking_code, new_tracking_code
from sync.protocol import Record, canonical_json, parse_batch_result, to_json
from tests.sync.server.live import LiveServer, appeal, audit, ticket


def test_a_batch_is_stored_and_answered_201_per_item(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    records = [appeal(), ticket(), audit(1)]
    answer = any_server.send(token, "karasu-01", records)
    assert answer.status_code == 201
    result = parse_batch_result(answer.json())
    assert [(r.uuid, r.status.value) for r in result.results] == \
        [(r.uuid, "accepted") for r in records]
    assert any_server.store.record_count() == 3
    assert any_server.store.stored_record("karasu-01", records[0].uuid) == \
        ("appeal", dict(records[0].payload))


def test_plain_json_without_gzip_is_accepted(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    answer = any_server.send(token, "karasu-01", [audit()], gzipped=False)
    assert any_server.results(answer)[0][1] == "accepted"


def test_identical_resubmission_is_a_duplicate(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    records = [appeal(), audit()]
    any_server.send(token, "karasu-01", records)
    again = any_server.send(token, "karasu-01", [*records, audit(2)])
    assert [s for _, s in any_server.results(again)] == ["duplicate", "duplicate", "accepted"]
    assert any_server.store.record_count() == 3


def test_a_changed_body_under_the_same_uuid_is_a_conflict_and_never_overwrites(
        any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    original = appeal(topic="Су құбыры")
    any_server.send(token, "karasu-01", [original])
    changed = replace(original, payload={**original.payload, "topic": "Changed"})
    answer = any_server.send(token, "karasu-01", [changed])
    [(uuid, status)] = any_server.results(answer)
    assert (uuid, status) == (original.uuid, "conflict")
    assert "different content" in answer.json()["results"][0]["reason"]
    assert any_server.store.stored_record("karasu-01", original.uuid) == \
        ("appeal", dict(original.payload))


def test_the_same_uuid_twice_in_one_batch(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    record = audit()
    other = replace(record, payload={**record.payload, "action": "other"})
    answer = any_server.send(token, "karasu-01", [record, record, other])
    assert [s for _, s in any_server.results(answer)] == ["accepted", "duplicate", "conflict"]


def test_the_same_uuid_from_two_kiosks_is_two_records(any_server: LiveServer) -> None:
    record = audit()
    for kiosk_id in ("kiosk-a", "kiosk-b"):
        answer = any_server.send(any_server.kiosk(kiosk_id), kiosk_id, [record])
        assert any_server.results(answer) == [(record.uuid, "accepted")]


def test_invalid_items_are_reported_and_the_good_ones_kept(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    good = [audit(1), appeal()]
    bad_kind = {"uuid": "0b7e8c57-5a43-4e0b-9d3e-6c2f1f0a7b11", "kind": "parcel",
                "payload": {"uuid": "0b7e8c57-5a43-4e0b-9d3e-6c2f1f0a7b11"}}
    wrong_payload_uuid = {"uuid": "1c8f9d68-6b54-4f1c-8e4f-7d3a2a1b8c22", "kind": "audit",
                          "payload": {"uuid": "somebody-else"}}
    answer = any_server.send(token, "karasu-01",
                             [good[0], bad_kind, "not an object", wrong_payload_uuid, good[1]])
    items = answer.json()["results"]
    assert [(i["uuid"], i["status"]) for i in items] == [
        (good[0].uuid, "accepted"), (bad_kind["uuid"], "invalid"), ("", "invalid"),
        (wrong_payload_uuid["uuid"], "invalid"), (good[1].uuid, "accepted")]
    assert "record.kind" in items[1]["reason"] and "record.payload" in items[3]["reason"]
    assert any_server.store.record_count() == 2


@pytest.mark.parametrize("authorization", [
    None, "Bearer", "Bearer wrong-token-" + "x" * 30, "Basic dXNlcjpwYXNz", "Token abc"])
def test_a_missing_or_wrong_token_gets_401_and_nothing_is_stored(
        any_server: LiveServer, authorization: str | None) -> None:
    any_server.kiosk("karasu-01")
    body = gzip.compress(canonical_json({"kiosk_id": "karasu-01", "version": 1,
                                         "records": [to_json(audit())]}))
    headers = {"Content-Encoding": "gzip"}
    if authorization is not None:
        headers["Authorization"] = authorization
    answer = any_server.http.post("/api/v1/records", content=body, headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert "error" in answer.json()
    assert any_server.store.record_count() == 0


def test_a_revoked_token_gets_401_and_nothing_is_stored(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    assert any_server.send(token, "karasu-01", [audit()]).status_code == 201
    any_server.store.revoke_kiosk("karasu-01")
    assert any_server.send(token, "karasu-01", [audit()]).status_code == 401
    assert any_server.store.record_count() == 1


def test_kiosk_a_cannot_write_as_kiosk_b(any_server: LiveServer) -> None:
    token_a = any_server.kiosk("kiosk-a")
    any_server.kiosk("kiosk-b")
    answer = any_server.send(token_a, "kiosk-b", [audit()])
    assert answer.status_code == 403
    assert "kiosk-a" in answer.json()["error"]
    assert any_server.store.record_count() == 0


@pytest.mark.parametrize(("body", "gzipped", "expected"), [
    (b"\x00\x01garbage", False, "not JSON"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-after-a-gzip-header", True, "gzip"),
    (b'{"kiosk_id": "karasu-01", "records": [], "version": 1}', True, "gzip"),
    (gzip.compress(b'{"kiosk_id": "karasu-01", "records": []'), True, "JSON"),
    (gzip.compress(b'{"kiosk_id": "karasu-01", "records": [], "version": 2}'), True, "version"),
    (gzip.compress(b'{"kiosk_id": "karasu-01", "records": {}, "version": 1}'), True, "records"),
    (gzip.compress(b'[1, 2, 3]'), True, "object"),
    (gzip.compress(b""), True, "JSON"),
])
def test_a_malformed_body_gets_400_and_nothing_is_stored(
        any_server: LiveServer, body: bytes, gzipped: bool, expected: str) -> None:
    token = any_server.kiosk("karasu-01")
    answer = any_server.post("/api/v1/records", token, body, gzipped=gzipped)
    assert answer.status_code == 400, answer.text
    assert expected in answer.json()["error"]
    assert any_server.store.record_count() == 0


def test_a_gzip_bomb_is_refused_without_unzipping_it_all(server: LiveServer) -> None:
    token = server.kiosk("karasu-01")
    bomb = gzip.compress(b'{"kiosk_id": "karasu-01", "records": [' + b" " * 50_000_000 + b"]}")
    answer = server.post("/api/v1/records", token, bomb)
    assert answer.status_code == 413
    assert server.store.record_count() == 0


def test_concurrent_resends_store_each_record_once(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    records = [audit(i) for i in range(150)]
    body = gzip.compress(canonical_json({"kiosk_id": "karasu-01", "version": 1,
                                         "records": [to_json(r) for r in records]}))
    statuses: list[str] = []
    lock = threading.Lock()

    def resend() -> None:
        answer = any_server.post("/api/v1/records", token, body)
        with lock:
            statuses.extend(item["status"] for item in answer.json()["results"])

    threads = [threading.Thread(target=resend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count("accepted") == 150 and statuses.count("duplicate") == 450
    assert any_server.store.record_count() == 150


def test_look_up_fields_are_extracted_from_the_payload(any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    code = new_tracking_code()
    records: list[Record] = [appeal(code=format_tracking_code(code)), ticket(),
                             appeal(code="NOT-A-CODE"), audit()]
    answer = any_server.send(token, "karasu-01", records)
    assert {s for _, s in any_server.results(answer)} == {"accepted"}
    rows = any_server.store.db.query(
        "SELECT kind, tracking_code, number, deadline, status FROM records ORDER BY id")
    assert rows == [
        ("appeal", code, "KARASU-01-2026-00017", "2026-12-16", "registered"),
        ("ticket", records[1].payload["tracking_code"], "Ә-017", "", "waiting"),
        ("appeal", None, "KARASU-01-2026-00017", "2026-12-16", "registered"),
        ("audit", None, "", "", ""),
    ]
    stored = json.loads(any_server.store.db.query("SELECT payload FROM records")[0][0])
    assert stored["iin"] == records[0].payload["iin"]  # the server keeps the whole record


def test_nul_and_control_characters_never_block_a_batch(any_server: LiveServer) -> None:
    """PostgreSQL refuses NUL in text: a stray one must not make a batch fail forever."""
    token = any_server.kiosk("karasu-01")
    record = appeal(topic="a\x00b\x1b[31m", registration_number="KARASU\x00-01")
    answer = any_server.send(token, "karasu-01", [record])
    assert any_server.results(answer) == [(record.uuid, "accepted")]
    assert any_server.store.stored_record("karasu-01", record.uuid) == \
        ("appeal", dict(record.payload))
    code = str(record.payload["tracking_code"])
    reply = any_server.staff("POST", f"/api/v1/staff/records/{code}/status",
                             {"status": "answered", "reply": "line 1\r\nline\x00 2\x07"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["reply"] == "line 1\nline 2"
    assert reply.json()["number"] == "KARASU-01"


def test_a_body_nested_too_deeply_is_400(server: LiveServer) -> None:
    token = server.kiosk("karasu-01")
    body = b'{"kiosk_id": "karasu-01", "version": 1, "records": ' + b"[" * 50_000 + \
        b"]" * 50_000 + b"}"
    answer = server.post("/api/v1/records", token, gzip.compress(body))
    assert answer.status_code == 400 and "nested" in answer.json()["error"]
