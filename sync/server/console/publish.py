"""The console's Publishing page: send a catalogue, announcements or a reception schedule
to every kiosk, a district or one kiosk, and see what was published, when and by whom.

The district IT person picks the document's ``.toml`` files in the browser's file dialog
(one multipart upload, no JavaScript; the same files ``kiosk-server publish`` takes as a
folder) — nothing to copy and paste. Every upload goes through the one check every route
uses (:func:`sync.server.documents.check_document`, then
:func:`sync.server.documents.publish_document`, which runs the kiosk's own
:func:`kiosk.published.check_published_files`) before anything is stored. A refused upload
comes back (400) with the reason in words, the choices kept and the files received shown
in editable boxes, so one mistake can be corrected without picking every file again.
District admins publish only to their district or its kiosks; the regional office to all.
Every publish, and every refused attempt, writes an audit row.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from kiosk.catalogue.files import FILES
from kiosk.errors import CatalogueError
from kiosk.i18n import N_, Message, plain_text
from kiosk.published import MAX_FILES, check_file_name
from sync.protocol import (
    DOCUMENT_KINDS,
    MAX_BATCH_BYTES,
    PROTOCOL_VERSION,
    ProtocolError,
    content_hash,
)
from sync.server.accounts import Account, Scope
from sync.server.audit import write_audit
from sync.server.backend import Backend
from sync.server.console.web import Console, PageError
from sync.server.documents import check_document, publish_document
from sync.server.errors import NotFound, Rejected
from sync.server.http_io import ApiError, client_address, read_body
from sync.server.records import single_line
from sync.server.sessions import Session, csrf_matches

logger = logging.getLogger(__name__)

#: The largest upload (every file together), as for the staff API.
MAX_UPLOAD = MAX_BATCH_BYTES
VERSION_MAX = 100
LIST_LIMIT = 50
KIND_WORDS: dict[str, Message] = {
    "catalogue": N_("Catalogue (services, departments, opening hours, reception)"),
    "announcements": N_("Announcements"),
    "reception": N_("Akim's reception schedule"),
}
KIND_HINTS: dict[str, Message] = {
    "catalogue": N_("every file of the catalogue folder: {files}", files=", ".join(FILES)),
    "announcements": N_("the file {file}", file="announcements.toml"),
    "reception": N_("reception.toml (the schedule) and bookings.toml (changes to bookings, "
                    "may be empty)"),
}


@dataclass(frozen=True)
class Targets:
    """Where an account may publish: every kiosk (the region), districts, kiosks."""

    everyone: bool
    districts: tuple[str, ...]
    kiosks: tuple[tuple[str, str, str], ...]  # (kiosk id, akimat, district)

    def resolve(self, choice: str) -> tuple[str, str] | None:
        """``(target_kind, target)`` for a form choice (``all``, ``district:X``,
        ``kiosk:Y``), or None when the account may not publish there."""
        if choice == "all":
            return ("all", "") if self.everyone else None
        kind, _, name = choice.partition(":")
        if kind == "district" and name in self.districts:
            return "district", name
        if kind == "kiosk" and any(name == kiosk_id for kiosk_id, _, _ in self.kiosks):
            return "kiosk", name
        return None


def targets_for(db: Backend, scope: Scope) -> Targets:
    """The targets of an account: its district and that district's kiosks, or everything."""
    where, params = scope.where("k")
    rows = db.query("SELECT k.kiosk_id, k.akimat, k.district FROM kiosks k "
                    f"WHERE k.revoked_at IS NULL AND {where} ORDER BY k.district, k.kiosk_id",
                    params)
    kiosks = tuple((str(kiosk_id), str(akimat or ""), str(district))
                   for kiosk_id, akimat, district in rows)
    if scope.role == "region":
        return Targets(True, tuple(sorted({district for _, _, district in kiosks})), kiosks)
    return Targets(False, (scope.district,) if scope.district else (), kiosks)


@dataclass(frozen=True)
class Published:
    """One published document as the list shows it."""

    id: int
    kind: str
    version: str
    target_kind: str
    target: str
    published_at: str
    content_hash: str
    by: str  # the login that published it from the console, "" for the API or the CLI


def published_documents(db: Backend, scope: Scope, limit: int = LIST_LIMIT) -> list[Published]:
    """The newest documents that reach the scope's kiosks (all of them for the region)."""
    columns = "d.id, d.kind, d.version, d.target_kind, d.target, d.published_at, d.content_hash"
    if scope.role == "region":
        rows = db.query(f"SELECT {columns} FROM documents d ORDER BY d.id DESC "
                        f"LIMIT {int(limit)}")
    else:
        where, params = scope.where("k")
        rows = db.query(
            f"SELECT {columns} FROM documents d WHERE d.target_kind = 'all' OR "
            "(d.target_kind = 'district' AND d.target = ?) OR (d.target_kind = 'kiosk' AND "
            f"d.target IN (SELECT k.kiosk_id FROM kiosks k WHERE {where})) "
            f"ORDER BY d.id DESC LIMIT {int(limit)}", (scope.district, *params))
    by = publishers(db, [int(row[0]) for row in rows])
    return [Published(int(doc_id), str(kind), str(version), str(target_kind), str(target),
                      str(at), str(digest), by.get(int(doc_id), ""))
            for doc_id, kind, version, target_kind, target, at, digest in rows]


def publishers(db: Backend, document_ids: list[int]) -> dict[int, str]:
    """Who published each document from the console (its ``publish`` audit row)."""
    if not document_ids:
        return {}
    details = {_audit_detail(doc_id): doc_id for doc_id in document_ids}
    marks = ", ".join("?" for _ in details)
    rows = db.query(f"SELECT login, detail FROM staff_audit WHERE action = 'publish' "
                    f"AND detail IN ({marks})", tuple(details))
    return {details[str(detail)]: str(login) for login, detail in rows}


def _audit_detail(document_id: int) -> str:
    return f"document {document_id}"


@dataclass
class Attempt:
    """A posted publishing form: the choices, the files by name, and what is wrong."""

    kind: str = ""
    version: str = ""
    target: str = ""
    files: dict[str, str] = field(default_factory=dict)
    problem: Message | str | None = None

    def refuse(self, problem: Message | str) -> None:
        """Note the first problem found."""
        if self.problem is None:
            self.problem = problem


async def read_attempt(request: Request, session: Session) -> Attempt:
    """The posted multipart form (at most :data:`MAX_UPLOAD` bytes), CSRF checked.

    :raises PageError: 413 when too large, 400 when unreadable, 403 for a bad CSRF token.
    """
    try:
        body = await read_body(request, MAX_UPLOAD)
    except ApiError as exc:
        raise PageError(exc.status_code, N_("The files are too large: at most {size} MB together.",
                                       size=MAX_UPLOAD // (1024 * 1024))) from exc
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise PageError(400, "the form could not be read")

    async def chunks() -> AsyncGenerator[bytes, None]:
        yield body

    parser = MultiPartParser(request.headers, chunks(), max_files=8 * MAX_FILES,
                             max_fields=2 * MAX_FILES + 16, max_part_size=MAX_UPLOAD)
    try:
        form = await parser.parse()
    except (MultiPartException, KeyError, ValueError) as exc:
        logger.warning("unreadable publishing form from %s: %s", client_address(request), exc)
        raise PageError(400, "the form could not be read") from exc
    try:
        token = form.get("csrf")
        if not csrf_matches(session, token if isinstance(token, str) else None):
            logger.warning("CSRF token missing or wrong from %s (%s)",
                           client_address(request), session.account.login)
            raise PageError(403, "This form has expired. Go back, reload the page and try "
                                 "again.")
        return await _attempt(form)
    finally:
        await form.close()


def _text(form: FormData, key: str, limit: int) -> str:
    value = form.get(key)
    return value.strip()[:limit] if isinstance(value, str) else ""


async def _attempt(form: FormData) -> Attempt:
    attempt = Attempt(_text(form, "kind", 40), _text(form, "version", VERSION_MAX + 1),
                      _text(form, "target", 200))
    for key, value in form.multi_items():  # files kept from a refused try, maybe corrected
        name = key.removeprefix("kept:")
        if key.startswith("kept:") and isinstance(value, str) \
                and form.get(f"keep:{name}") == "send":
            attempt.files[name] = value.replace("\r\n", "\n")
    uploaded: set[str] = set()
    for value in form.getlist("files"):
        if not isinstance(value, UploadFile):
            continue
        name, data = value.filename or "", await value.read()
        if not name and not data:
            continue  # the file field left empty
        if name in uploaded:
            attempt.refuse(N_("Two files are named {file}: choose each file once.",
                              file=_shown(name)))
        uploaded.add(name)
        try:
            attempt.files[name] = data.decode("utf-8-sig")  # Notepad may add a BOM
        except UnicodeDecodeError:
            attempt.refuse(N_("{file}: not UTF-8 text", file=_shown(name)))
    return attempt


def _shown(name: str) -> str:
    return name if name.isprintable() and len(name) <= 100 else ascii(name[:60])


def publish_attempt(db: Backend, now: str, account: Account, targets: Targets,
                    attempt: Attempt, *, client: str) -> int | None:
    """Check the attempt as every route does and store it with its audit row; the new
    document's id, or None with ``attempt.problem`` set (a refused row is audited too)."""
    target = targets.resolve(attempt.target)
    if attempt.kind not in DOCUMENT_KINDS:
        attempt.refuse(N_("Choose what you publish."))
    if not attempt.version:
        attempt.refuse(N_("Write the document's version, for example the date."))
    elif len(attempt.version) > VERSION_MAX:
        attempt.refuse(N_("The version is at most {count} characters.", count=VERSION_MAX))
    elif single_line(attempt.version) != attempt.version:
        attempt.refuse(N_("The version must be one line of plain text."))
    if target is None:
        attempt.refuse(N_("Choose where to publish from the list: you may publish only to "
                          "your district and its kiosks."))
    if not attempt.files:
        attempt.refuse(N_("Choose the .toml files to publish."))
    document_id = None
    if attempt.problem is None and target is not None:
        try:
            document = check_document({
                "protocol": PROTOCOL_VERSION, "kind": attempt.kind,
                "version": attempt.version, "files": attempt.files,
                "content_hash": content_hash({"kind": attempt.kind, "files": attempt.files})})
            document_id = publish_document(db, document, *target, now)
        except CatalogueError as exc:
            attempt.refuse(exc.message)
        except (ProtocolError, Rejected, NotFound) as exc:
            attempt.refuse(str(exc))
    _audit(db, now, account, attempt, document_id, client=client)
    return document_id


def _audit(db: Backend, now: str, account: Account, attempt: Attempt, document_id: int | None,
           *, client: str) -> None:
    with db.transaction() as tx:
        if document_id is not None:
            write_audit(tx, now, account.login, "publish", None,
                        detail=_audit_detail(document_id), client=client)
            logger.info("%s published %s %s (document %d) to %s", account.login, attempt.kind,
                        attempt.version, document_id, attempt.target)
            return
        problem = attempt.problem
        reason = problem.english() if isinstance(problem, Message) else str(problem)
        write_audit(tx, now, account.login, "publish-refused", None, client=client,
                    detail=f"{attempt.kind[:40]} {attempt.version[:40]} to "
                           f"{attempt.target[:60]}: {reason}")
        logger.warning("%s: publishing %s %s to %s refused: %s", account.login,
                       attempt.kind[:40], attempt.version[:40], attempt.target[:60], reason)


def kept_files(files: Mapping[str, str]) -> dict[str, str]:
    """The files of a refused try that the form can carry back (a plain name, no NUL)."""
    kept = {}
    for name, text in files.items():
        try:
            check_file_name(name)
        except CatalogueError:
            continue
        if "\0" not in text:
            kept[name] = text
    return kept


def publish_routes(console: Console) -> APIRouter:
    """``/staff/publish``: the form and the list (GET), and publishing (POST)."""
    router = APIRouter(prefix="/staff")

    def page(request: Request, session: Session, attempt: Attempt, status_code: int = 200,
             done: Published | None = None) -> Response:
        scope = session.account.scope
        lang = console.language(request)

        def say(message: Message | str) -> str:
            text = message if isinstance(message, Message) else plain_text(message)
            return console.translator.render(text, lang)

        return console.render(
            request, "publish.html", session, status_code=status_code, attempt=attempt,
            targets=targets_for(console.store.db, scope), kinds=DOCUMENT_KINDS,
            kind_words=KIND_WORDS, kind_hints=KIND_HINTS, say=say,
            documents=published_documents(console.store.db, scope),
            kept=kept_files(attempt.files), done=done, max_files=MAX_FILES,
            max_megabytes=MAX_UPLOAD // (1024 * 1024))

    @router.get("/publish")
    def publish_page(request: Request) -> Response:
        session = console.require(request, "publish")
        raw = request.query_params.get("done", "")
        done = None
        if raw.isdigit() and len(raw) < 18:
            found = [doc for doc in published_documents(console.store.db,
                                                        session.account.scope)
                     if doc.id == int(raw)]
            done = found[0] if found else None
        return page(request, session, Attempt(kind=DOCUMENT_KINDS[0]), done=done)

    @router.post("/publish")
    async def publish(request: Request) -> Response:
        session = console.require(request, "publish")
        attempt = await read_attempt(request, session)
        targets = targets_for(console.store.db, session.account.scope)
        document_id = await run_in_threadpool(
            lambda: publish_attempt(console.store.db, console.store.now(), session.account,
                                    targets, attempt, client=client_address(request)))
        if document_id is None:
            return page(request, session, attempt, status_code=400)
        return console.redirect(f"/staff/publish?done={document_id}")

    return router
