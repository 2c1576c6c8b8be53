"""The regional server's storage: kiosks, staff, records (exactly once), documents, statuses.

One class over SQLite or PostgreSQL (chosen by the URL). A batch is stored in ONE
transaction; each record is inserted with ``ON CONFLICT (kiosk_id, uuid) DO NOTHING`` so
the unique constraint, not a check-then-insert, decides whether it is new.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from kiosk.kinds import transition_problem
from kiosk.lookup import StatusAnswer
from kiosk.storage import utc_iso
from sync.protocol import (
    BatchResult,
    Heartbeat,
    ItemResult,
    ItemStatus,
    ProtocolError,
    PublishedDocument,
    Record,
    canonical_json,
    parse_batch,
    to_json,
)
from sync.server.audit import write_audit
from sync.server.backend import Backend, StoreUnavailable, Transaction, open_backend
from sync.server.columns import record_columns
from sync.server.documents import newest_document, publish_document
from sync.server.errors import NotFound, Rejected
from sync.server.fleet import KioskHealth, read_fleet
from sync.server.queue_events import apply_queue_event, apply_waiting_events
from sync.server.records import (
    REPLY_MAX,
    TRACKED_KINDS,
    check_status,
    clean_reply,
    lookup_fields,
    single_line,
)
from sync.server.schema import apply_schema
from sync.server.tokens import hashes_match, new_token, token_hash

logger = logging.getLogger(__name__)

_IN_CHUNK = 500
_SEEN_EVERY = dt.timedelta(seconds=60)
_NAME_MAX = 100
_TRACKED = ", ".join(f"'{kind}'" for kind in TRACKED_KINDS)
_STATUS_COLUMNS = ("SELECT r.id, r.tracking_code, r.kind, r.status, r.number, r.reply, "
                   "r.deadline, coalesce(r.status_updated_at, r.received_at), r.room "
                   "FROM records r ")


@dataclass(frozen=True)
class Kiosk:
    """An authenticated kiosk."""

    kiosk_id: str
    district: str
    akimat: str = ""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_kiosk_id(kiosk_id: str) -> None:
    """Raise :class:`Rejected` unless ``kiosk_id`` is one the protocol accepts in a batch."""
    try:
        parse_batch({"version": 1, "kiosk_id": kiosk_id, "records": []})
    except ProtocolError as exc:
        raise Rejected(f"kiosk id {kiosk_id!r}: 2-40 lowercase letters, digits or hyphens, "
                       "starting with a letter or digit") from exc


def _check_name(what: str, value: str) -> str:
    value = value.strip()
    if not value or len(value) > _NAME_MAX or single_line(value) != value:
        raise Rejected(f"{what} must be 1-{_NAME_MAX} printable characters")
    return value


class ServerStore:
    """Everything the regional server keeps, over one SQLite file or a PostgreSQL database."""

    def __init__(self, db: Backend, *, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self.db = db
        self._clock = clock
        apply_schema(db)

    @classmethod
    def open(cls, url: str, *, clock: Callable[[], dt.datetime] = _utc_now) -> ServerStore:
        """Open ``sqlite:///path``, a plain path, or ``postgresql://…`` and create the tables.

        :raises StoreUnavailable: when the database cannot be opened or reached.
        """
        backend = open_backend(url)
        try:
            return cls(backend, clock=clock)
        except BaseException:
            backend.close()
            raise

    def close(self) -> None:
        """Close the database connections."""
        self.db.close()

    def __enter__(self) -> ServerStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def now(self) -> str:
        """The server's time as stored: UTC ISO-8601."""
        return utc_iso(self._clock())

    # --- kiosks and staff -------------------------------------------------------------

    def add_kiosk(self, kiosk_id: str, district: str, *, replace_token: bool = False,
                  akimat: str | None = None) -> str:
        """Register a kiosk (or give it a new token) and return the token, shown only once.

        ``akimat`` (the rural district whose staff answer its records) defaults to the
        kiosk's id: most villages have one kiosk.

        :raises Rejected: for a bad id or district, or an existing kiosk without
            ``replace_token``.
        """
        check_kiosk_id(kiosk_id)
        district = _check_name("district", district)
        token = new_token()
        with self.db.transaction() as tx:
            exists = tx.query("SELECT akimat FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
            if akimat is None:  # a new token keeps the kiosk's akimat unless one is given
                akimat = str(exists[0][0]) if exists and exists[0][0] else kiosk_id
            akimat = _check_name("akimat", akimat)
            if exists and not replace_token:
                raise Rejected(f"kiosk {kiosk_id} already exists; to issue a new token, "
                               "add it again with --replace-token")
            if exists:
                tx.execute("UPDATE kiosks SET token_hash = ?, district = ?, akimat = ?, "
                           "revoked_at = NULL WHERE kiosk_id = ?",
                           (token_hash(token), district, akimat, kiosk_id))
            else:
                tx.execute("INSERT INTO kiosks (kiosk_id, district, akimat, token_hash, "
                           "created_at) VALUES (?, ?, ?, ?, ?)",
                           (kiosk_id, district, akimat, token_hash(token), self.now()))
        logger.info("kiosk %s %s in district %s", kiosk_id,
                    "got a new token" if exists else "added", district)
        return token

    def revoke_kiosk(self, kiosk_id: str) -> None:
        """Make the kiosk's token stop working at once; its records stay.

        :raises NotFound: for an unknown kiosk.
        """
        self._revoke("kiosks", "kiosk_id", kiosk_id, "kiosk")

    def add_staff(self, name: str, *, replace_token: bool = False) -> str:
        """Register a staff member (or give them a new token); returns the token once."""
        name = _check_name("staff name", name)
        token = new_token()
        with self.db.transaction() as tx:
            exists = tx.query("SELECT 1 FROM staff WHERE name = ?", (name,))
            if exists and not replace_token:
                raise Rejected(f"staff member {name} already exists; to issue a new token, "
                               "add them again with --replace-token")
            if exists:
                tx.execute("UPDATE staff SET token_hash = ?, revoked_at = NULL WHERE name = ?",
                           (token_hash(token), name))
            else:
                tx.execute("INSERT INTO staff (name, token_hash, created_at) VALUES (?, ?, ?)",
                           (name, token_hash(token), self.now()))
        logger.info("staff member %s %s", name, "got a new token" if exists else "added")
        return token

    def revoke_staff(self, name: str) -> None:
        """Make a staff member's token stop working.

        :raises NotFound: for an unknown name.
        """
        self._revoke("staff", "name", name, "staff member")

    def _revoke(self, table: str, key: str, value: str, what: str) -> None:
        with self.db.transaction() as tx:
            changed = tx.execute(f"UPDATE {table} SET revoked_at = coalesce(revoked_at, ?) "
                                 f"WHERE {key} = ?", (self.now(), value))
        if not changed:
            raise NotFound(f"no {what} {value}")
        logger.warning("%s %s revoked", what, value)

    def kiosk_for_token(self, token: str) -> Kiosk | None:
        """The kiosk holding this token, unless unknown or revoked; notes when it was seen."""
        digest = token_hash(token)
        rows = self.db.query("SELECT kiosk_id, district, token_hash, last_seen_at, akimat "
                             "FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL",
                             (digest,))
        if not rows or not hashes_match(rows[0][2], digest):
            return None
        kiosk_id, district, _, seen, akimat = rows[0]
        now = self._clock()
        if seen is None or dt.datetime.fromisoformat(seen) < now - _SEEN_EVERY:
            with self.db.transaction() as tx:
                tx.execute("UPDATE kiosks SET last_seen_at = ? WHERE kiosk_id = ?",
                           (utc_iso(now), kiosk_id))
        return Kiosk(str(kiosk_id), str(district), str(akimat))

    def staff_for_token(self, token: str) -> str | None:
        """The name of the staff member holding this token, unless unknown or revoked."""
        digest = token_hash(token)
        rows = self.db.query("SELECT name, token_hash FROM staff "
                             "WHERE token_hash = ? AND revoked_at IS NULL", (digest,))
        if not rows or not hashes_match(rows[0][1], digest):
            return None
        return str(rows[0][0])

    # --- records ----------------------------------------------------------------------

    def ingest(self, kiosk_id: str, items: Sequence[Record | ProtocolError],
               uuids: Sequence[str]) -> BatchResult:
        """Store a parsed batch in one transaction; one result per item, in the same order."""
        results: list[ItemResult | None] = [None] * len(items)
        waiting: dict[str, list[tuple[int, str]]] = {}
        received_at = self.now()
        moment = dt.datetime.fromisoformat(received_at)
        with self.db.transaction() as tx:
            home = tx.query("SELECT akimat, district FROM kiosks WHERE kiosk_id = ?",
                            (kiosk_id,))
            akimat, district = (str(home[0][0]), str(home[0][1])) if home else ("", "")
            for index, item in enumerate(items):
                if isinstance(item, ProtocolError):
                    results[index] = ItemResult(uuids[index], ItemStatus.INVALID, str(item))
                    continue
                digest = item.content_hash()
                fields = lookup_fields(item)
                columns = record_columns(item.kind, item.payload, akimat, district)
                inserted = tx.execute(
                    "INSERT INTO records (kiosk_id, uuid, kind, payload, content_hash, "
                    "received_at, tracking_code, number, deadline, status, "
                    f"{', '.join(columns)}) "
                    f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?{', ?' * len(columns)}) "
                    "ON CONFLICT (kiosk_id, uuid) DO NOTHING",
                    (kiosk_id, item.uuid, item.kind, canonical_json(item.payload).decode(),
                     digest, received_at, fields.tracking_code, fields.number, fields.deadline,
                     fields.status, *columns.values()))
                if inserted:
                    results[index] = ItemResult(item.uuid, ItemStatus.ACCEPTED)
                    if item.kind == "queue":
                        apply_queue_event(tx, kiosk_id, item.payload, moment)
                    elif item.kind == "ticket":
                        apply_waiting_events(tx, kiosk_id, item.uuid, moment)
                else:
                    waiting.setdefault(item.uuid, []).append((index, digest))
            stored = self._stored_hashes(tx, kiosk_id, list(waiting))
        for uuid, entries in waiting.items():
            for index, digest in entries:
                if stored.get(uuid) == digest:
                    results[index] = ItemResult(uuid, ItemStatus.DUPLICATE)
                else:
                    results[index] = ItemResult(
                        uuid, ItemStatus.CONFLICT,
                        "a record with this uuid and different content is already stored")
        done = tuple(r for r in results if r is not None)
        counts = {s.value: sum(r.status is s for r in done) for s in ItemStatus}
        logger.info("kiosk %s sent %d records: %s", kiosk_id, len(done), counts)
        return BatchResult(done)

    @staticmethod
    def _stored_hashes(tx: Transaction, kiosk_id: str, uuids: list[str]) -> dict[str, str]:
        stored: dict[str, str] = {}
        for start in range(0, len(uuids), _IN_CHUNK):
            chunk = uuids[start:start + _IN_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for uuid, digest in tx.query(f"SELECT uuid, content_hash FROM records "
                                         f"WHERE kiosk_id = ? AND uuid IN ({marks})",
                                         (kiosk_id, *chunk)):
                stored[str(uuid)] = str(digest)
        if len(stored) != len(uuids):
            raise StoreUnavailable("a conflicting record vanished mid-transaction; retry")
        return stored

    def stored_record(self, kiosk_id: str, uuid: str) -> tuple[str, dict[str, Any]] | None:
        """The kind and payload stored for a kiosk's record, or None."""
        rows = self.db.query("SELECT kind, payload FROM records WHERE kiosk_id = ? AND uuid = ?",
                             (kiosk_id, uuid))
        return (str(rows[0][0]), json.loads(rows[0][1])) if rows else None

    def record_count(self) -> int:
        """How many records are stored (all kiosks)."""
        return int(self.db.query("SELECT count(*) FROM records")[0][0])

    def status(self, code: str, *, district: str | None = None) -> StatusAnswer | None:
        """The public status of the record with this (normalized) tracking code, or None.

        With ``district`` only records from that district's kiosks are found.
        """
        rows = self._status_rows(self.db.query, code, district)
        return _answer(rows[0]) if rows else None

    def _status_rows(self, query: Callable[..., list[Any]], code: str,
                     district: str | None) -> list[Any]:
        where = f"WHERE r.tracking_code = ? AND r.kind IN ({_TRACKED}) "
        if district is None:
            return query(_STATUS_COLUMNS + where + "ORDER BY r.id LIMIT 1", (code,))
        return query(_STATUS_COLUMNS + "JOIN kiosks k ON k.kiosk_id = r.kiosk_id " + where
                     + "AND k.district = ? ORDER BY r.id LIMIT 1", (code, district))

    def set_status(self, code: str, status: str, reply: str | None, *, by: str) -> StatusAnswer:
        """Set a record's status (and reply, unless None) and return what the public now sees.

        :raises NotFound: for an unknown code. :raises Rejected: for a status the kind has not.
        """
        if reply is not None and len(reply) > REPLY_MAX:
            raise Rejected(f"the reply is {len(reply)} characters; the limit is {REPLY_MAX}")
        with self.db.transaction() as tx:
            rows = self._status_rows(tx.query, code, None)
            if not rows:
                raise NotFound(f"no record with the code {code}")
            kind, old = str(rows[0][2]), str(rows[0][3])
            problem = check_status(kind, status) or transition_problem(kind, old, status)
            if not problem and kind == "booking" and status == "cancelled":
                problem = ("cancel a booking on the console's Reception page: it tells the "
                           "akimat's kiosks, which then free the time")
            if problem:
                raise Rejected(problem)
            now = self.now()
            cleaned = clean_reply(reply) if reply is not None else None
            changed = tx.execute("UPDATE records SET status = ?, reply = coalesce(?, reply), "
                                 "status_updated_at = ? WHERE id = ? AND status = ?",
                                 (status, cleaned, now, rows[0][0], old))
            if not changed:  # another change committed since the SELECT (PostgreSQL)
                raise Rejected("someone else changed this status a moment ago; try again")
            tx.execute("INSERT INTO status_history (record_id, at, login, old_status, "
                       "new_status, reply, reason) VALUES (?, ?, ?, ?, ?, ?, '')",
                       (rows[0][0], now, f"api:{by}", old, status, cleaned or ""))
            write_audit(tx, now, f"api:{by}", "status", int(rows[0][0]),
                        detail=f"{old} -> {status}")
            rows = self._status_rows(tx.query, code, None)
        logger.info("%s set %s to %s%s", by, code, status, " with a reply" if reply else "")
        return _answer(rows[0])

    # --- heartbeats and the fleet -----------------------------------------------------

    def save_heartbeat(self, beat: Heartbeat) -> None:
        """Keep the kiosk's latest heartbeat with the server's receive time."""
        now = self.now()
        text = json.dumps(dict(to_json(beat), received_at=now), ensure_ascii=False)
        with self.db.transaction() as tx:
            tx.execute("UPDATE kiosks SET last_heartbeat = ?, last_seen_at = ? "
                       "WHERE kiosk_id = ?", (text, now, beat.kiosk_id))

    def fleet(self) -> list[KioskHealth]:
        """Every kiosk with its last heartbeat and how many records it has sent."""
        return read_fleet(self.db)

    # --- documents --------------------------------------------------------------------

    def publish(self, document: PublishedDocument, target_kind: str, target: str = "") -> int:
        """Publish a checked document to one kiosk, a district or all; returns its id.

        :raises Rejected: for an unknown target kind or a missing target.
        :raises NotFound: for a kiosk target that is not registered.
        """
        return publish_document(self.db, document, target_kind, target, self.now())

    def document_for(self, kiosk: Kiosk, kind: str) -> PublishedDocument | None:
        """The newest ``kind`` document for the kiosk: its own beats its district's beats all."""
        return newest_document(self.db, kind, kiosk.kiosk_id, kiosk.district)


def _answer(row: Sequence[Any]) -> StatusAnswer:
    _, code, kind, status, number, reply, deadline, updated_at, room = row
    return StatusAnswer(str(code), str(kind), str(status), str(number), str(reply),
                        str(deadline), str(updated_at),
                        str(room or "") if kind == "ticket" and status == "called" else "")
