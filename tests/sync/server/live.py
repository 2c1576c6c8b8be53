"""The real server on loopback (uvicorn in a thread) and helpers to talk to it like a kiosk."""

from __future__ import annotations

import gzip
import threading
import time
import uuid as uuidlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from kiosk.tracking import new_tracking_code
from sync.protocol import (
    Batch,
    PublishedDocument,
    Record,
    canonical_json,
    content_hash,
    to_json,
)
from sync.server.store import ServerStore

PII = {"full_name": "Асқарова Гүлнар Серікқызы", "iin": "880512450017",
       "phone": "+77015550123", "address": "Қарасу ауылы, Абай көшесі 12"}


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free 127.0.0.1 port; yields the base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def appeal(topic: str = "Көше жарығы", code: str | None = None, **extra: Any) -> Record:
    """An appeal record with the applicant's personal data in its payload."""
    record_uuid = str(uuidlib.uuid4())
    payload = {"uuid": record_uuid, "registration_number": "KARASU-01-2026-00017",
               "tracking_code": code or new_tracking_code(), "appeal_type": "complaint",
               "topic": topic, "text": "Біздің көшеде шам жанбайды. Мекенжайым: Абай 12.",
               "language": "kk", "submitted_at": "2026-12-01T05:00:00.000000+00:00",
               "registered_on": "2026-12-01", "deadline": "2026-12-16", **PII, **extra}
    return Record(record_uuid, "appeal", payload)


def booking(code: str | None = None, slot_start: str = "2026-12-03T15:00:00+05:00") -> Record:
    """A booking of the akim's reception with the applicant's personal data."""
    record_uuid = str(uuidlib.uuid4())
    payload = {"uuid": record_uuid, "tracking_code": code or new_tracking_code(),
               "slot_start": slot_start, "slot_end": slot_start.replace(":00:00", ":15:00"),
               "topic": "Жер телімі", "language": "kk", "booked_at": "2026-12-01T05:00:00Z",
               **{k: v for k, v in PII.items() if k != "address"}}
    return Record(record_uuid, "booking", payload)


def ticket(number: str = "Ә-017", code: str | None = None) -> Record:
    """A queue ticket record."""
    record_uuid = str(uuidlib.uuid4())
    return Record(record_uuid, "ticket", {"uuid": record_uuid, "number": number,
                                          "tracking_code": code or new_tracking_code(),
                                          "department": "social", "seq": 17})


def audit(index: int = 0) -> Record:
    """An audit event (no tracking code)."""
    record_uuid = str(uuidlib.uuid4())
    return Record(record_uuid, "audit", {"uuid": record_uuid, "actor": "kiosk",
                                         "action": "test", "details": f'{{"i": {index}}}'})


def document(kind: str, version: str, files: Mapping[str, str]) -> PublishedDocument:
    """A document with its correct content hash."""
    return PublishedDocument(kind, version, dict(files),
                             content_hash({"kind": kind, "files": dict(files)}))


@dataclass
class LiveServer:
    """A running server, its store, one HTTP client and a staff token."""

    url: str
    store: ServerStore
    staff_token: str
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.url, timeout=30)

    def kiosk(self, kiosk_id: str, district: str = "arshaly") -> str:
        """Register a kiosk; returns its token."""
        return self.store.add_kiosk(kiosk_id, district)

    def send(self, token: str | None, kiosk_id: str, records: list[Record] | list[Any], *,
             gzipped: bool = True) -> httpx.Response:
        """POST a batch the way the kiosk does (gzip JSON with a bearer token)."""
        raw = [to_json(r) if isinstance(r, Record) else r for r in records]
        body = canonical_json({"kiosk_id": kiosk_id, "records": raw, "version": 1})
        return self.post("/api/v1/records", token, gzip.compress(body) if gzipped else body,
                         gzipped=gzipped)

    def post(self, path: str, token: str | None, body: bytes, *,
             gzipped: bool = True) -> httpx.Response:
        """POST raw bytes."""
        headers = {"Content-Type": "application/json"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.post(path, content=body, headers=headers)

    def staff(self, method: str, path: str, json: Any = None) -> httpx.Response:
        """A staff API call with the staff token."""
        return self.http.request(method, path, json=json,
                                 headers={"Authorization": f"Bearer {self.staff_token}"})

    def publish(self, doc: PublishedDocument, target_kind: str = "all",
                target: str = "") -> httpx.Response:
        """Publish through the staff API."""
        return self.staff("POST", "/api/v1/staff/documents",
                          {**to_json(doc), "target_kind": target_kind, "target": target})

    def results(self, answer: httpx.Response) -> list[tuple[str, str]]:
        """(uuid, status) per item of a batch answer."""
        assert answer.status_code == 201, answer.text
        return [(item["uuid"], item["status"]) for item in answer.json()["results"]]


def batch_json(kiosk_id: str, records: list[Record]) -> dict[str, Any]:
    """A batch as JSON data."""
    return to_json(Batch(kiosk_id, tuple(records)))
