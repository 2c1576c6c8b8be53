"""The console's front page, the appeals inbox, one appeal, its status and reply."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.i18n import N_, Message
from kiosk.kinds import allowed_next, check_status, kind, status_word, transition_problem
from sync.server.audit import audit, change_status
from sync.server.console.web import Console, PageError, field, plain
from sync.server.errors import NotFound, Rejected
from sync.server.http_io import client_address
from sync.server.inbox import (
    InboxFilter,
    RecordView,
    choices,
    due_counts,
    effective_sort,
    find_record,
    history,
    inbox_page,
)
from sync.server.records import REPLY_MAX, clean_reply
from sync.server.sessions import Session

logger = logging.getLogger(__name__)

_FILTER_KEYS = ("akimat", "kiosk", "category", "status", "received_from", "received_to", "due",
                "query", "sort")


def read_filter(request: Request) -> InboxFilter:
    """The inbox filter from the query string (unknown or broken values are ignored)."""
    params = request.query_params
    values = {key: field(params, key, 100) for key in _FILTER_KEYS}
    page = params.get("page") or "1"
    return InboxFilter(**values, page=int(page) if page.isdigit() else 1)


def appeal_routes(console: Console) -> APIRouter:
    """``/staff/``, ``/staff/appeals``, ``/staff/appeals/<id>`` and its forms and JSON."""
    router = APIRouter(prefix="/staff")

    @router.get("/")
    def overview(request: Request) -> Response:
        session = console.require(request)
        scope = session.account.scope
        counts = due_counts(console.store.db, scope, console.today(), console.holidays)
        return console.render(request, "overview.html", session, counts=counts)

    @router.get("/appeals")
    def inbox(request: Request) -> Response:
        session = console.require(request)
        scope = session.account.scope
        flt = read_filter(request)
        page = inbox_page(console.store.db, scope, flt, console.today(), console.holidays)
        audit(console.store.db, console.store.now(), session.account, "list", None,
              detail=f"appeals {request.url.query}"[:300], client=client_address(request))
        db = console.store.db
        return console.render(
            request, "inbox.html", session, page=page, filters=flt, sort=effective_sort(flt),
            akimats=choices(db, scope, "akimat"), kiosks=choices(db, scope, "kiosk_id"),
            categories=choices(db, scope, "category"),
            statuses=[s.code for s in kind("appeal").statuses], today=console.today())

    def _appeal(request: Request, record_id: str, action: str) -> tuple[Session, RecordView]:
        session = console.require(request)
        if not record_id.isdigit() or len(record_id) > 18:
            raise PageError(404, "page not found")
        view = find_record(console.store.db, session.account.scope, int(record_id), "appeal")
        if view is None:
            raise PageError(404, "page not found")
        audit(console.store.db, console.store.now(), session.account, action, view.id,
              client=client_address(request))
        return session, view

    @router.get("/appeals/{record_id}")
    def appeal(record_id: str, request: Request) -> Response:
        session, view = _appeal(request, record_id, "view")
        return _appeal_page(console, request, session, view, error="", reply=None)

    @router.get("/appeals/{record_id}/json")
    def appeal_json(record_id: str, request: Request) -> Response:
        _, view = _appeal(request, record_id, "export-json")
        return plain(JSONResponse({"id": view.id, "kiosk_id": view.kiosk_id,
                                   "akimat": view.akimat, "number": view.number,
                                   "status": view.status, "reply": view.reply,
                                   "deadline": view.deadline, "payload": view.payload}))

    @router.post("/appeals/{record_id}/status")
    async def set_status(record_id: str, request: Request) -> Response:
        session = console.require(request)
        data = await console.form(request, session)
        if not record_id.isdigit() or len(record_id) > 18:
            raise PageError(404, "page not found")
        return await run_in_threadpool(_save_status, console, request, session,
                                       int(record_id), data)

    return router


def _save_status(console: Console, request: Request, session: Session, record_id: int,
                 data: dict[str, str]) -> Response:
    """Apply a posted status and reply (a worker thread); the page again when refused."""
    status = field(data, "status", 40)
    reply = clean_reply(data.get("reply") or "")
    client = client_address(request)
    scope = session.account.scope
    view = find_record(console.store.db, scope, record_id, "appeal")
    if view is None:
        raise PageError(404, "page not found")
    problem = _form_problem(view.status, status, reply, data.get("confirm") == "yes")
    if problem is None:
        try:
            change_status(console.store.db, console.store.now, session.account, record_id,
                          "appeal", status=status, reply=reply or None,
                          reason=field(data, "reason", 500), client=client)
            return console.redirect(f"/staff/appeals/{record_id}?saved=1")
        except NotFound as exc:
            raise PageError(404, "page not found") from exc
        except Rejected as exc:
            view = find_record(console.store.db, scope, record_id, "appeal")
            if view is None:
                raise PageError(404, "page not found") from exc
            problem = _refusal(view.status, status, exc)
    audit(console.store.db, console.store.now(), session.account, "view", view.id,
          client=client)  # the page shows the applicant again
    return _appeal_page(console, request, session, view, status_code=400,
                        error=console.translator.render(problem, console.language(request)),
                        reply=data.get("reply") or "", chosen=status,
                        reason=field(data, "reason", 500))


def _form_problem(old: str, new: str, reply: str, confirmed: bool) -> Message | None:
    """What is missing from the form before a status may be saved, or None."""
    if not new:
        return N_("Choose the new status.")
    target = kind("appeal").status(new)
    if target is None:
        return N_("Choose one of the statuses offered.")
    if len(reply) > REPLY_MAX:
        return N_("The reply is too long: at most {limit} characters (now {count}).",
                  limit=REPLY_MAX, count=len(reply))
    if target.final and not reply:
        return {"forwarded": N_("Write the citizen which body the appeal was forwarded to "
                                "and why: they read it on the status page."),
                "rejected": N_("Write the citizen why the appeal is left without "
                               "consideration: they read it on the status page.")}.get(
            new, N_("Write the reply the citizen will read before closing the appeal."))
    if target.final and new != old and not confirmed:
        return N_("Tick the box to confirm: a closed appeal cannot be reopened.")
    return None


def _refusal(old: str, new: str, exc: Rejected) -> Message:
    """Why the store refused a status, in words for the clerk."""
    if check_status("appeal", new):
        return N_("Choose one of the statuses offered.")
    if transition_problem("appeal", old, new):
        return N_("An appeal that is “{old}” cannot become “{new}”.",
                  old=status_word("appeal", old) or old, new=status_word("appeal", new) or new)
    logger.info("status of appeal refused: %s", exc)
    return N_("Someone else changed this appeal a moment ago; look at its status and try "
              "again.")


def _appeal_page(console: Console, request: Request, session: Session, view: RecordView, *,
                 error: str, reply: str | None, status_code: int = 200, chosen: str = "",
                 reason: str = "") -> Response:
    steps = history(console.store.db, view.id)
    current = kind("appeal").status(view.status)
    closed = current is not None and current.final
    return console.render(request, "appeal.html", session, status_code=status_code,
                          view=view, payload=view.payload, history=steps,
                          next_statuses=allowed_next("appeal", view.status), closed=closed,
                          finals=[s.code for s in kind("appeal").statuses if s.final],
                          chosen=chosen, reason=reason,
                          error=error, reply=(view.reply if closed else "") if reply is None
                          else reply, reply_max=REPLY_MAX,
                          saved=request.query_params.get("saved") == "1")
