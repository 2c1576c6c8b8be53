"""The kiosk ⇄ regional server protocol, shared by both sides (plain JSON, versioned).

Every request and response carries ``"version": PROTOCOL_VERSION``. Parsing is strict:
anything malformed raises :class:`ProtocolError` naming the field, so the server can
answer 400 per batch or "invalid" per item, and the client can treat a garbled reply as
a transient failure instead of marking records sent.

Records: the kiosk's own UUID is the idempotency key. The server answers each item:

* ``accepted`` — stored now;
* ``duplicate`` — already stored with the identical content (a resend): also done;
* ``conflict`` — the UUID exists with different content: never overwritten;
* ``invalid`` — the item breaks the protocol (reason says how).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.lookup import StatusAnswer

PROTOCOL_VERSION = 1
RECORD_KINDS = ("ticket", "appeal", "booking", "rating", "audit", "queue")
DOCUMENT_KINDS = ("catalogue", "announcements", "reception")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_KIOSK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
MAX_BATCH_BYTES = 4 * 1024 * 1024
#: The most records a kiosk puts in one batch; the server refuses a larger batch.
MAX_BATCH_RECORDS = 200


class ProtocolError(ValueError):
    """A message that does not follow the protocol; the text names the field."""


class ItemStatus(StrEnum):
    """The server's answer for one record."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    INVALID = "invalid"

    @property
    def done(self) -> bool:
        """True when the record is safely on the server (sent)."""
        return self in (ItemStatus.ACCEPTED, ItemStatus.DUPLICATE)


@dataclass(frozen=True)
class Record:
    """One outbox row on the wire."""

    uuid: str
    kind: str
    payload: Mapping[str, Any]

    def content_hash(self) -> str:
        """A hash of kind + payload in canonical JSON: equal content, equal hash."""
        return content_hash({"kind": self.kind, "payload": self.payload})


@dataclass(frozen=True)
class Batch:
    """Records a kiosk sends in one request."""

    kiosk_id: str
    records: tuple[Record, ...]
    version: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class ItemResult:
    """The answer for one record of a batch."""

    uuid: str
    status: ItemStatus
    reason: str = ""


@dataclass(frozen=True)
class BatchResult:
    """The answer to a batch: one result per record, in any order."""

    results: tuple[ItemResult, ...]
    version: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class Heartbeat:
    """The kiosk's health, sent every few minutes."""

    kiosk_id: str
    app_version: str
    printer_state: str
    paper: str
    free_disk_bytes: int
    outbox: Mapping[str, int]
    last_error: str = ""
    clock_skew_seconds: float | None = None
    catalogue_version: str = ""
    #: Times the kiosk's sync loop ended unexpectedly and was restarted, and the last reason.
    sync_restarts: int = 0
    last_crash: str = ""
    #: Not empty when the kiosk needs a technician (e.g. it started on a fresh database
    #: because the old one was damaged): what happened, in English.
    service_needed: str = ""
    version: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class PublishedDocument:
    """A catalogue or announcements set published by the region: files by name."""

    kind: str
    version: str
    files: Mapping[str, str]
    content_hash: str = field(default="")
    protocol: int = PROTOCOL_VERSION

    def computed_hash(self) -> str:
        """The hash of the files (what the ETag and ``content_hash`` must equal)."""
        return content_hash({"kind": self.kind, "files": dict(self.files)})


def content_hash(value: Any) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces, UTF-8)."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value that hashes compare."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def to_json(message: Any) -> dict[str, Any]:
    """A protocol dataclass as a JSON-ready dict."""
    return asdict(message)


def encode_body(message: Any) -> bytes:
    """A message as gzip-compressed JSON (the body of every kiosk request)."""
    return gzip.compress(canonical_json(to_json(message)), compresslevel=6)


def _gunzip(body: bytes) -> bytes:
    """Decompress at most MAX_BATCH_BYTES (a gzip bomb stops there)."""
    inflater = zlib.decompressobj(wbits=31)
    raw = inflater.decompress(body, MAX_BATCH_BYTES + 1)
    if len(raw) > MAX_BATCH_BYTES or inflater.unconsumed_tail:
        raise ProtocolError("body too large")
    return raw


def decode_body(body: bytes, encoding: str | None) -> Any:
    """Parse a request or response body, gunzipping it when ``encoding`` says gzip."""
    try:
        raw = _gunzip(body) if encoding == "gzip" else body
        if len(raw) > MAX_BATCH_BYTES:
            raise ProtocolError("body too large")
        return json.loads(raw)
    except RecursionError as exc:
        raise ProtocolError("body is nested too deeply") from exc
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError, zlib.error) as exc:
        raise ProtocolError(f"body is not {'gzip ' if encoding == 'gzip' else ''}JSON: "
                            f"{exc}") from exc


def _version(data: Any, where: str, key: str = "version") -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ProtocolError(f"{where}: must be a JSON object")
    if data.get(key) != PROTOCOL_VERSION:
        raise ProtocolError(f"{where}: protocol version must be {PROTOCOL_VERSION}")
    return data


def parse_record(data: Any) -> Record:
    """Check one record of a batch."""
    if not isinstance(data, Mapping):
        raise ProtocolError("record: must be an object")
    uuid = data.get("uuid")
    if not isinstance(uuid, str) or not _UUID.match(uuid):
        raise ProtocolError("record.uuid: must be a lowercase UUID")
    kind = data.get("kind")
    if kind not in RECORD_KINDS:
        raise ProtocolError(f"record.kind: must be one of {', '.join(RECORD_KINDS)}")
    payload = data.get("payload")
    if not isinstance(payload, Mapping) or payload.get("uuid") != uuid:
        raise ProtocolError("record.payload: must be an object with the record's uuid")
    return Record(uuid, str(kind), dict(payload))


def parse_batch(data: Any) -> tuple[str, list[Record | ProtocolError], list[str]]:
    """Check a batch: the kiosk id, and per item a record or the error that makes it invalid.

    Returns ``(kiosk_id, items, uuids)``; ``uuids[i]`` is item i's uuid as sent ("" if none).
    """
    batch = _version(data, "batch")
    kiosk_id = batch.get("kiosk_id")
    if not isinstance(kiosk_id, str) or not _KIOSK_ID.match(kiosk_id):
        raise ProtocolError("batch.kiosk_id: must be a kiosk id")
    records = batch.get("records")
    if not isinstance(records, list):
        raise ProtocolError("batch.records: must be a list")
    items: list[Record | ProtocolError] = []
    uuids: list[str] = []
    for raw in records:
        uuids.append(str(raw.get("uuid", "")) if isinstance(raw, Mapping) else "")
        try:
            items.append(parse_record(raw))
        except ProtocolError as exc:
            items.append(exc)
    return kiosk_id, items, uuids


def parse_batch_result(data: Any) -> BatchResult:
    """Check the server's answer to a batch."""
    answer = _version(data, "batch result")
    raw_results = answer.get("results")
    if not isinstance(raw_results, list):
        raise ProtocolError("batch result.results: must be a list")
    results = []
    for raw in raw_results:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("uuid"), str):
            raise ProtocolError("batch result item: must have a uuid")
        try:
            status = ItemStatus(str(raw.get("status")))
        except ValueError as exc:
            raise ProtocolError(f"batch result item: unknown status {raw.get('status')!r}") from exc
        results.append(ItemResult(raw["uuid"], status, str(raw.get("reason", ""))))
    return BatchResult(tuple(results))


#: The longest crash or service text a heartbeat keeps (a kiosk sends one line).
MAX_NOTE_CHARS = 500


def _short_text(beat: Mapping[str, Any], key: str) -> str:
    """An optional text field: a string without NUL (PostgreSQL refuses it), cut to
    :data:`MAX_NOTE_CHARS`; ProtocolError for anything else."""
    value = beat.get(key) or ""
    if not isinstance(value, str) or "\x00" in value:
        raise ProtocolError(f"heartbeat.{key}: must be text without NUL characters")
    return value[:MAX_NOTE_CHARS]


def parse_heartbeat(data: Any) -> Heartbeat:
    """Check a heartbeat."""
    beat = _version(data, "heartbeat")
    try:
        outbox = {str(k): int(v) for k, v in dict(beat["outbox"]).items()}
        skew = beat.get("clock_skew_seconds")
        return Heartbeat(str(beat["kiosk_id"]), str(beat["app_version"]),
                         str(beat["printer_state"]), str(beat["paper"]),
                         int(beat["free_disk_bytes"]), outbox, str(beat.get("last_error", "")),
                         None if skew is None else float(skew),
                         str(beat.get("catalogue_version", "")),
                         int(beat.get("sync_restarts") or 0), _short_text(beat, "last_crash"),
                         _short_text(beat, "service_needed"))
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"heartbeat: missing or wrong field: {exc}") from exc


def parse_document(data: Any) -> PublishedDocument:
    """Check a published document and that its hash matches its files."""
    doc = _version(data, "document", key="protocol")
    kind, version, files = doc.get("kind"), doc.get("version"), doc.get("files")
    if kind not in DOCUMENT_KINDS:
        raise ProtocolError(f"document.kind: must be one of {', '.join(DOCUMENT_KINDS)}")
    if not isinstance(version, str) or not version:
        raise ProtocolError("document.version: must be text")
    if not isinstance(files, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise ProtocolError("document.files: must map file names to text")
    for name in files:
        if "/" in name or "\\" in name or name.startswith("."):
            raise ProtocolError(f"document.files: unsafe file name {name!r}")
    document = PublishedDocument(str(kind), version, dict(files), str(doc.get("content_hash", "")))
    if document.content_hash != document.computed_hash():
        raise ProtocolError("document.content_hash: does not match the files")
    return document


def parse_status(data: Any) -> StatusAnswer:
    """Check a status look-up answer."""
    if not isinstance(data, Mapping):
        raise ProtocolError("status: must be an object")
    try:
        return StatusAnswer(**{k: str(data.get(k) or "") for k in
                               ("code", "kind", "status", "number", "reply", "deadline",
                                "updated_at", "room")})
    except TypeError as exc:
        raise ProtocolError(f"status: {exc}") from exc


def batch_records(records: Sequence[Record], kiosk_id: str) -> Batch:
    """A batch of ``records`` from ``kiosk_id``."""
    return Batch(kiosk_id, tuple(records))
