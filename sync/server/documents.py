"""Catalogue and announcement documents published to one kiosk, a district or every kiosk."""

from __future__ import annotations

import json
import logging
from typing import Any

from kiosk.published import check_published_files
from sync.protocol import ProtocolError, PublishedDocument, canonical_json, parse_document
from sync.server.backend import Backend
from sync.server.errors import NotFound, Rejected
from sync.server.records import single_line

logger = logging.getLogger(__name__)

TARGET_KINDS = ("kiosk", "district", "all")


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
        rows = tx.query("INSERT INTO documents (kind, version, content_hash, files, "
                        "target_kind, target, published_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING id",
                        (document.kind, document.version, document.content_hash,
                         canonical_json(dict(document.files)).decode(), target_kind, target,
                         published_at))
    logger.info("published %s %s (%d files) to %s %s", document.kind, document.version,
                len(document.files), target_kind, target)
    return int(rows[0][0])


def newest_document(db: Backend, kind: str, kiosk_id: str,
                    district: str) -> PublishedDocument | None:
    """The newest ``kind`` document for a kiosk: its own beats its district's beats all."""
    rows = db.query(
        "SELECT kind, version, files, content_hash FROM documents WHERE kind = ? AND ("
        "(target_kind = 'kiosk' AND target = ?) OR (target_kind = 'district' AND target = ?) "
        "OR target_kind = 'all') ORDER BY CASE target_kind WHEN 'kiosk' THEN 0 "
        "WHEN 'district' THEN 1 ELSE 2 END, id DESC LIMIT 1", (kind, kiosk_id, district))
    if not rows:
        return None
    found_kind, version, files, digest = rows[0]
    return PublishedDocument(str(found_kind), str(version), json.loads(files), str(digest))
