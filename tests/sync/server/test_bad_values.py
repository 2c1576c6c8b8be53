"""Values JSON can carry but nobody can use (NaN, Infinity, 1e400, lone surrogates, numbers of
thousands of digits) are refused with a reason; nothing bad is stored; the fleet keeps working.

Over SQLite and PostgreSQL.
"""

from __future__ import annotations

import gzip
import json

import pytest

from sync.protocol import canonical_json, encode_body, to_json
from sync.server.cli import main
from tests.sync.server.live import LiveServer, appeal, audit
from tests.sync.server.test_fleet import BEAT

HUGE = "9" * 5000


def _beat_with(field: str, raw: str) -> bytes:
    """The test heartbeat with one field's JSON value replaced by ``raw`` (gzip)."""
    data = to_json(BEAT)
    data[field] = "@@"
    return gzip.compress(canonical_json(data).replace(b'"@@"', raw.encode()))


def _fleet_row(server: LiveServer, kiosk_id: str) -> dict[str, object]:
    answer = server.staff("GET", "/api/v1/staff/fleet")
    assert answer.status_code == 200, answer.text
    [row] = [k for k in answer.json()["kiosks"] if k["kiosk_id"] == kiosk_id]
    return dict(row)


@pytest.mark.parametrize(("field", "raw"), [
    ("clock_skew_seconds", "NaN"),
    ("clock_skew_seconds", "Infinity"),
    ("clock_skew_seconds", "-Infinity"),
    ("clock_skew_seconds", "1e400"),
    ("clock_skew_seconds", HUGE),
    ("free_disk_bytes", "1e400"),
    ("free_disk_bytes", HUGE),
    ("free_disk_bytes", "-5"),
    ("outbox", '{"pending": Infinity}'),
    ("last_error", '"\\ud800"'),
    ("app_version", '"ok\\udfff"'),
])
def test_an_unusable_number_or_text_in_a_heartbeat_is_400_and_not_stored(
        any_server: LiveServer, field: str, raw: str) -> None:
    token = any_server.kiosk("karasu-01")
    answer = any_server.post("/api/v1/heartbeat", token, _beat_with(field, raw))
    assert answer.status_code == 400, answer.text
    assert field in answer.json()["error"]
    assert _fleet_row(any_server, "karasu-01")["heartbeat_at"] == ""
    # The kiosk's next, good heartbeat is stored as always.
    assert any_server.post("/api/v1/heartbeat", token, encode_body(BEAT)).status_code == 204
    assert _fleet_row(any_server, "karasu-01")["clock_skew_seconds"] == -93.5


def test_the_fleet_survives_bad_values_already_in_the_database(
        any_server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    """Stored by an older server: the fleet shows what it can and no 500 for the region."""
    any_server.kiosk("karasu-01")
    any_server.kiosk("karasu-02")
    any_server.kiosk("karasu-03")
    any_server.kiosk("karasu-04")
    with any_server.store.db.transaction() as tx:
        tx.execute("UPDATE kiosks SET last_heartbeat = ? WHERE kiosk_id = ?",
                   ('{"clock_skew_seconds": NaN, "free_disk_bytes": Infinity, '
                    '"outbox": {"pending": -Infinity, "sent": 3}, "paper": "ok", '
                    '"received_at": "2026-12-01T05:00:00+00:00"}', "karasu-01"))
        tx.execute("UPDATE kiosks SET last_heartbeat = ? WHERE kiosk_id = ?",
                   ('{"clock_skew_seconds": 1e400, "paper": 5, "outbox": [1]}', "karasu-02"))
        tx.execute("UPDATE kiosks SET last_heartbeat = ? WHERE kiosk_id = ?",
                   ("{not json", "karasu-03"))
        tx.execute("UPDATE kiosks SET last_heartbeat = ? WHERE kiosk_id = ?",
                   ("[1, 2]", "karasu-04"))
    first = _fleet_row(any_server, "karasu-01")
    assert first["clock_skew_seconds"] is None and first["free_disk_bytes"] is None
    assert first["outbox"] == {"sent": 3} and first["paper"] == "ok"
    second = _fleet_row(any_server, "karasu-02")
    assert second["clock_skew_seconds"] is None and second["outbox"] == {}
    assert second["paper"] == ""
    assert _fleet_row(any_server, "karasu-03")["heartbeat_at"] == ""
    assert _fleet_row(any_server, "karasu-04")["heartbeat_at"] == ""
    assert main(["--lang", "en", "fleet", "--db", _url(any_server)]) == 0
    out = capsys.readouterr().out
    assert "karasu-01" in out and "karasu-04" in out


def _url(server: LiveServer) -> str:
    db = server.store.db
    path = getattr(db, "path", None)
    return f"sqlite:///{path}" if path is not None else str(getattr(db, "url", ""))


@pytest.mark.parametrize(("raw", "field"), [
    ('"\\ud800"', "topic"),
    ('"text \\udc00 more"', "topic"),
    (HUGE, "topic"),
    ("-" + HUGE, "topic"),
    ("NaN", "topic"),
    ("1e400", "topic"),
    ('{"\\ud800": 1}', "topic"),
    ('[1, {"deeper": Infinity}]', "topic"),
])
def test_an_unusable_value_in_a_record_makes_that_record_invalid_and_keeps_the_others(
        any_server: LiveServer, raw: str, field: str) -> None:
    token = any_server.kiosk("karasu-01")
    good_before, bad, good_after = audit(1), appeal(topic="@@"), appeal()
    body = canonical_json({"kiosk_id": "karasu-01", "version": 1,
                           "records": [to_json(r) for r in (good_before, bad, good_after)]})
    answer = any_server.post("/api/v1/records", token,
                             gzip.compress(body.replace(b'"@@"', raw.encode())))
    assert answer.status_code == 201, answer.text
    items = answer.json()["results"]
    assert [(i["uuid"], i["status"]) for i in items] == [
        (good_before.uuid, "accepted"), (bad.uuid, "invalid"), (good_after.uuid, "accepted")]
    assert field in items[1]["reason"]
    assert any_server.store.record_count() == 2
    assert any_server.store.stored_record("karasu-01", bad.uuid) is None


@pytest.mark.parametrize("raw", ['"karasu-01\\ud800"', HUGE, "NaN"])
def test_an_unusable_value_outside_the_records_is_400(any_server: LiveServer,
                                                     raw: str) -> None:
    token = any_server.kiosk("karasu-01")
    body = canonical_json({"kiosk_id": "karasu-01", "version": 1, "extra": "@@",
                           "records": [to_json(audit())]})
    answer = any_server.post("/api/v1/records", token,
                             gzip.compress(body.replace(b'"@@"', raw.encode())))
    assert answer.status_code == 400, answer.text
    assert "extra" in answer.json()["error"]
    assert any_server.store.record_count() == 0


@pytest.mark.parametrize("raw", ['"answered\\ud800"', "NaN", HUGE])
def test_a_staff_status_with_an_unusable_value_is_400(any_server: LiveServer, raw: str) -> None:
    token = any_server.kiosk("karasu-01")
    record = appeal()
    any_server.send(token, "karasu-01", [record])
    code = record.payload["tracking_code"]
    body = b'{"status": "answered", "reply": ' + raw.encode() + b"}"
    answer = any_server.http.post(f"/api/v1/staff/records/{code}/status", content=body,
                                  headers={"Authorization": f"Bearer {any_server.staff_token}",
                                           "Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert "reply" in answer.json()["error"]


def test_the_fleet_shows_kiosk_texts_without_terminal_escapes_or_surrogates() -> None:
    from sync.server.fleet import MAX_TEXT, stored_heartbeat

    beat = json.dumps({"app_version": "\x1b[2J\x1b]0;owned\x07" + "v" * 5000,
                       "last_error": "\ud800 bad\r\x08"})
    shown = stored_heartbeat("karasu-01", beat)
    assert "\x1b" not in shown["app_version"] and len(shown["app_version"]) <= MAX_TEXT + 1
    assert shown["last_error"].strip() == "bad"


def test_a_heartbeat_nested_too_deep_in_the_database_is_left_out() -> None:
    from sync.server.fleet import stored_heartbeat

    assert stored_heartbeat("karasu-01", "[" * 100_000 + "]" * 100_000) == {}
