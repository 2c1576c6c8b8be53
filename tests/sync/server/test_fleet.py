"""Heartbeats reach the fleet view; a kiosk can only report for itself."""

from __future__ import annotations

import gzip
import json

from sync.protocol import Heartbeat, canonical_json, encode_body, to_json
from tests.sync.server.live import LiveServer, audit

BEAT = Heartbeat(kiosk_id="karasu-01", app_version="0.1.0", printer_state="paper_near_end",
                 paper="near end", free_disk_bytes=5_000_000_000,
                 outbox={"pending": 12, "sent": 340, "rejected": 1},
                 last_error="timeout talking to the server", clock_skew_seconds=-93.5,
                 catalogue_version="2026.11.1")


def test_the_fleet_shows_the_last_heartbeat(server: LiveServer) -> None:
    token = server.kiosk("karasu-01", "arshaly")
    server.kiosk("karasu-02", "arshaly")
    server.send(token, "karasu-01", [audit(1), audit(2)])
    answer = server.post("/api/v1/heartbeat", token, encode_body(BEAT))
    assert answer.status_code == 204 and answer.content == b""
    fleet = server.staff("GET", "/api/v1/staff/fleet")
    assert fleet.status_code == 200
    kiosks = {k["kiosk_id"]: k for k in fleet.json()["kiosks"]}
    first = kiosks["karasu-01"]
    assert first["district"] == "arshaly" and first["revoked"] is False
    assert (first["printer_state"], first["paper"]) == ("paper_near_end", "near end")
    assert first["outbox"] == {"pending": 12, "sent": 340, "rejected": 1}
    assert first["last_error"] == "timeout talking to the server"
    assert first["clock_skew_seconds"] == -93.5 and first["app_version"] == "0.1.0"
    assert first["records"] == 2
    assert first["heartbeat_at"] and first["last_seen_at"] >= first["heartbeat_at"][:19]
    assert kiosks["karasu-02"]["heartbeat_at"] == "" and kiosks["karasu-02"]["records"] == 0


def test_a_plain_json_heartbeat_is_accepted_too(server: LiveServer) -> None:
    token = server.kiosk("karasu-01")
    body = canonical_json(to_json(BEAT))
    assert server.post("/api/v1/heartbeat", token, body, gzipped=False).status_code == 204


def test_a_kiosk_cannot_report_for_another(server: LiveServer) -> None:
    token_b = server.kiosk("karasu-02")
    server.kiosk("karasu-01")
    answer = server.post("/api/v1/heartbeat", token_b, encode_body(BEAT))
    assert answer.status_code == 403
    [row] = [k for k in server.staff("GET", "/api/v1/staff/fleet").json()["kiosks"]
             if k["kiosk_id"] == "karasu-01"]
    assert row["heartbeat_at"] == ""


def test_a_broken_heartbeat_is_400(server: LiveServer) -> None:
    token = server.kiosk("karasu-01")
    broken = {k: v for k, v in to_json(BEAT).items() if k != "printer_state"}
    answer = server.post("/api/v1/heartbeat", token,
                         gzip.compress(json.dumps(broken).encode()))
    assert answer.status_code == 400 and "heartbeat" in answer.json()["error"]
    assert server.post("/api/v1/heartbeat", None, encode_body(BEAT)).status_code == 401


def test_the_fleet_needs_a_staff_token(server: LiveServer) -> None:
    token = server.kiosk("karasu-01")
    assert server.http.get("/api/v1/staff/fleet").status_code == 401
    assert server.http.get("/api/v1/staff/fleet",
                           headers={"Authorization": f"Bearer {token}"}).status_code == 401
    server.store.revoke_staff("operator")
    assert server.staff("GET", "/api/v1/staff/fleet").status_code == 401
