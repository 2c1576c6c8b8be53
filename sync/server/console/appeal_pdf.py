"""``/staff/appeals/<id>/pdf``: the appeal and its talon as an A4 PDF for the paper file.

Scoped like the appeal page (another akimat's appeal is not found, 404), written to the
audit trail as ``export-pdf``, never cached. The talon carries the akimat's details from
the catalogue the appeal's kiosk runs: the newest catalogue published to it (kiosk, then
district, then all), else the console's own.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from reportlab.platypus.doctemplate import LayoutError

from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue
from kiosk.errors import CatalogueError
from kiosk.pdf.appeal_file import AppealFile, FileStep, appeal_file_pdf
from kiosk.published import check_file_name
from kiosk.tracking import tracking_url
from sync.server.audit import audit
from sync.server.backend import Backend
from sync.server.console.web import Console, PageError, plain
from sync.server.documents import newest_document
from sync.server.http_io import client_address
from sync.server.inbox import RecordView, find_record, history

logger = logging.getLogger(__name__)

#: What a catalogue loader that has not caught up with some input raises besides
#: CatalogueError (the same list the publishing check guards against).
_LOADER_SLIPS = (CatalogueError, TypeError, ValueError, KeyError, IndexError, AttributeError,
                 RecursionError, OverflowError, OSError)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def kiosk_catalogue(db: Backend, kiosk_id: str, district: str, fallback: Catalogue) -> Catalogue:
    """The catalogue ``kiosk_id`` runs as far as the server knows: the newest one published
    to it, its district or all, loaded by the kiosk's own loader; else ``fallback``."""
    document = newest_document(db, "catalogue", kiosk_id, district)
    if document is None:
        return fallback
    try:
        with tempfile.TemporaryDirectory(prefix="appeal-pdf-catalogue-") as staged:
            folder = Path(staged)
            for name, text in document.files.items():
                check_file_name(name)
                (folder / name).write_text(text, encoding="utf-8")
            return load_catalogue(folder)
    except _LOADER_SLIPS as exc:
        logger.error("catalogue %s published for %s cannot be loaded, the console's own is "
                     "used for its appeal PDF: %s", document.version, kiosk_id, exc)
        return fallback


def file_name(view: RecordView) -> str:
    """``appeal-KARASU-01-2026-00017.pdf``: ASCII letters, digits, '.', '-' and '_' only."""
    stem = _UNSAFE.sub("-", view.number or view.tracking_code).strip("-.")[:80]
    return f"appeal-{stem or view.id}.pdf"


def appeal_file(view: RecordView, db: Backend) -> AppealFile:
    """What the PDF shows of the stored record: its columns, payload and history."""
    steps = tuple(FileStep(s.at, s.login, s.old_status, s.new_status, s.reply, s.reason)
                  for s in history(db, view.id))
    return AppealFile(kiosk_id=view.kiosk_id, number=view.number,
                      tracking_code=view.tracking_code, status=view.status, reply=view.reply,
                      deadline=view.deadline, received_at=view.received_at,
                      status_updated_at=view.status_updated_at, language=view.language,
                      payload=view.payload, history=steps)


def appeal_pdf_routes(console: Console) -> APIRouter:
    """``GET /staff/appeals/<id>/pdf``."""
    router = APIRouter(prefix="/staff")

    @router.get("/appeals/{record_id}/pdf")
    def appeal_pdf(record_id: str, request: Request) -> Response:
        session = console.require(request)
        if not record_id.isdigit() or len(record_id) > 18:
            raise PageError(404, "page not found")
        db = console.store.db
        view = find_record(db, session.account.scope, int(record_id), "appeal")
        if view is None:
            raise PageError(404, "page not found")
        catalogue = kiosk_catalogue(db, view.kiosk_id, view.district, console.catalogue)
        code = view.tracking_code or str(view.payload.get("tracking_code", ""))
        try:
            data = appeal_file_pdf(appeal_file(view, db), catalogue, console.translator,
                                   console.language(request),
                                   tracking_url=tracking_url(str(request.base_url), code),
                                   printed_at=console.now(), printed_by=session.account.login)
        except LayoutError as exc:
            logger.error("appeal %d: the PDF cannot be laid out: %s", view.id, exc)
            raise PageError(500, "The PDF of this appeal could not be made.") from exc
        audit(db, console.store.now(), session.account, "export-pdf", view.id,
              client=client_address(request))
        response = plain(Response(data, media_type="application/pdf"))
        response.headers["Content-Disposition"] = f'attachment; filename="{file_name(view)}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    return router
