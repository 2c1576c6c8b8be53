"""Published documents (catalogue, announcements, reception) for one kiosk, a district or all."""

from __future__ import annotations

import json
import logging
from typing import Any

from kiosk.published import check_published_files
from kiosk.reception import SCHEDULE_FILE
from sync.protocol import ProtocolError, PublishedDocument, canonical_json, parse_document
from sync.server.backend import Backend, Transaction
from sync.server.errors import NotFound, Rejected
from sync.server.records import single_line

logger = logging.getLogger(__name__)

TARGET_KINDS = ("kiosk", "district", "all")
RECEPTION = "reception"


def check_document(data: Any) -> PublishedDocument:
    """A published document checked by :func:`sync.protocol.parse_document`, with a version
    that is printable text (it is shown in logs, the fleet and the CLI).

    :raises ProtocolError: naming the field that is wrong.
    """
    document = parse_document(data)
    if not _printable(document.version):
        raise ProtocolError("document.version: must be printable text")
    return document


def _printable(text: str) -> bool:
    return bool(text.strip()) and single_line(text) == text


def publish_document(db: Backend, document: PublishedDocument, target_kind: str, target: str,
                     published_at: str) -> int:
    """Check a document's files as a kiosk installing them would, then store it for its
    target; returns its id. Every publishing route (API, CLI) comes through here.

    :raises CatalogueError: for files a kiosk would refuse (file, item and field named).
    :raises Rejected: for an unknown target kind or a missing target.
    :raises NotFound: for a kiosk target that is not registered.
    """
    if not _printable(document.version):
        raise Rejected("document.version: must be printable text")
    check_published_files(document.kind, document.files)
    if target_kind not in TARGET_KINDS:
        raise Rejected(f"target_kind must be one of {', '.join(TARGET_KINDS)}")
    target = "" if target_kind == "all" else target.strip()
    if target_kind != "all" and not target:
        raise Rejected(f"publishing to a {target_kind} needs a target")
    if single_line(target) != target:
        raise Rejected("target: must be printable text")
    with db.transaction() as tx:
        if target_kind == "kiosk" and not tx.query("SELECT 1 FROM kiosks WHERE kiosk_id = ?",
                                                   (target,)):
            raise NotFound(f"no kiosk {target}")
        document_id = store_document(tx, document, target_kind, target, published_at)
    logger.info("published %s %s (%d files) to %s %s", document.kind, document.version,
                len(document.files), target_kind, target)
    return document_id


def store_document(tx: Transaction, document: PublishedDocument, target_kind: str, target: str,
                   published_at: str) -> int:
    """Insert a document already checked (inside the caller's transaction); returns its id."""
    rows = tx.query("INSERT INTO documents (kind, version, content_hash, files, target_kind, "
                    "target, published_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (document.kind, document.version, document.content_hash,
                     canonical_json(dict(document.files)).decode(), target_kind, target,
                     published_at))
    return int(rows[0][0])


_NEWEST = ("ORDER BY CASE target_kind WHEN 'kiosk' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, "
           "id DESC LIMIT 1")
#: A reception document sent to one kiosk is its akimat's: every kiosk of the akimat gets it.
_SAME_AKIMAT = ("SELECT o.kiosk_id FROM kiosks o JOIN kiosks me ON me.akimat = o.akimat "
                "WHERE me.kiosk_id = ? AND me.akimat <> ''")


def newest_document(db: Backend | Transaction, kind: str, kiosk_id: str,
                    district: str) -> PublishedDocument | None:
    """The newest ``kind`` document for a kiosk: its own beats its district's beats all.

    A ``reception`` document published to any kiosk of the kiosk's akimat counts as its
    own (the akim's reception belongs to the akimat, not to one kiosk). A ``catalogue`` is
    served with the newest reception document's ``reception.toml`` in place of its own:
    once an akimat's schedule is published, its kiosks book by it (see
    :func:`with_schedule`).
    """
    if kind == RECEPTION:
        return _newest(db, RECEPTION, "(target = ? OR target IN (" + _SAME_AKIMAT + "))",
                       (kiosk_id, kiosk_id), district)
    found = _newest(db, kind, "target = ?", (kiosk_id,), district)
    if kind == "catalogue" and found is not None:
        reception = newest_document(db, RECEPTION, kiosk_id, district)
        if reception is not None:
            return with_schedule(found, reception)
    return found


def _newest(db: Backend | Transaction, kind: str, kiosk_match: str,
            kiosk_params: tuple[str, ...], district: str) -> PublishedDocument | None:
    rows = db.query(
        "SELECT kind, version, files, content_hash FROM documents WHERE kind = ? AND ("
        f"(target_kind = 'kiosk' AND {kiosk_match}) OR (target_kind = 'district' AND "
        f"target = ?) OR target_kind = 'all') {_NEWEST}", (kind, *kiosk_params, district))
    if not rows:
        return None
    found_kind, version, files, digest = rows[0]
    return PublishedDocument(str(found_kind), str(version), json.loads(files), str(digest))


def with_schedule(catalogue: PublishedDocument,
                  reception: PublishedDocument) -> PublishedDocument:
    """``catalogue`` with the reception document's schedule as its ``reception.toml``.

    Both were checked when published, and the catalogue reads ``reception.toml`` on its
    own, so the result passes the kiosk's check too. Its version names both; its hash is
    the hash of its files, so kiosks download it again only when the schedule changes.
    """
    schedule = reception.files.get(SCHEDULE_FILE)
    if schedule is None or catalogue.files.get(SCHEDULE_FILE) == schedule:
        return catalogue
    files = {**catalogue.files, SCHEDULE_FILE: schedule}
    merged = PublishedDocument(catalogue.kind, f"{catalogue.version}+reception-"
                                               f"{reception.version}", files)
    return PublishedDocument(merged.kind, merged.version, files, merged.computed_hash())
