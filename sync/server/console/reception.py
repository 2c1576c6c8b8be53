"""The akim's reception in the console: a day's list, its A4 PDF, cancelling and moving.

``/staff/reception`` needs the *reception* capability (the akim's office and above). Every
list, page and PDF shows citizens' names and phones, so each is written to the audit trail;
a booking of another akimat is "not found" (404) by URL as by list.
"""

from __future__ import annotations

import datetime as dt
import logging
import urllib.parse
from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.errors import CatalogueError
from kiosk.i18n import N_, Language
from kiosk.i18n.formatting import format_datetime, format_weekday_date
from kiosk.kinds import status_word
from kiosk.pdf.reception import ReceptionLine, reception_list_pdf
from kiosk.tracking import format_tracking_code
from sync.server.audit import audit
from sync.server.console.web import STATIC, Console, PageError, field, plain
from sync.server.errors import NotFound, Rejected
from sync.server.http_io import client_address
from sync.server.inbox import find_record, history
from sync.server.reception import (
    BookingRow,
    Desk,
    cancel_booking,
    day_list,
    find_booking,
    move_booking,
)
from sync.server.reception_schedule import akimat_reception, akimats_in, free_slots
from sync.server.sessions import Session

logger = logging.getLogger(__name__)

CAPABILITY = "reception"
#: How far the day picker goes from today, either way.
DAY_RANGE = dt.timedelta(days=3660)


def _day(console: Console, request: Request) -> dt.date:
    """``?day=YYYY-MM-DD`` when it is a sensible date, else today."""
    today = console.today()
    try:
        day = dt.date.fromisoformat((request.query_params.get("day") or "").strip()[:10])
    except ValueError:
        return today
    return day if abs(day - today) <= DAY_RANGE else today


def _akimat(request: Request, choices: Sequence[str]) -> str:
    wanted = (request.query_params.get("akimat") or "").strip()
    return wanted if wanted in choices else ""


def _record_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise PageError(404, "page not found")
    return int(raw)


def _day_rows(console: Console, request: Request, action: str
              ) -> tuple[Session, dt.date, list[str], str, list[BookingRow]]:
    """The signed-in office, the day, the akimats to choose from, the chosen one and the day's
    bookings within scope; the look is audited as ``action``."""
    session = console.require(request, CAPABILITY)
    scope = session.account.scope
    day = _day(console, request)
    choices = akimats_in(console.store.db, scope)
    akimat = _akimat(request, choices)
    rows = day_list(console.store.db, scope, day, akimat)
    audit(console.store.db, console.store.now(), session.account, action, None,
          detail=f"{day.isoformat()} {akimat}".strip(), client=client_address(request))
    return session, day, choices, akimat, rows


def reception_routes(console: Console) -> APIRouter:
    """The reception list, its PDF, one booking's page and its cancel and move forms."""
    router = APIRouter(prefix="/staff")

    @router.get("/static/reception.css")
    def stylesheet() -> Response:
        return plain(FileResponse(STATIC / "reception.css", media_type="text/css",
                                  headers={"Cache-Control": "max-age=3600"}))

    @router.get("/reception")
    def reception_day(request: Request) -> Response:
        session, day, choices, akimat, rows = _day_rows(console, request, "reception-list")
        lang = console.language(request)
        query = urllib.parse.urlencode({"day": day.isoformat(), "akimat": akimat} if akimat
                                       else {"day": day.isoformat()})
        return console.render(
            request, "reception.html", session, chosen_day=day.isoformat(), rows=rows,
            day_label=format_weekday_date(day, lang),
            printed=format_datetime(console.now().astimezone(console.zone), lang),
            previous_day=(day - dt.timedelta(days=1)).isoformat(),
            next_day=(day + dt.timedelta(days=1)).isoformat(),
            pdf_url=f"/staff/reception/pdf?{query}",
            today=console.today().isoformat(), akimats=choices, akimat=akimat,
            booked=sum(1 for row in rows if row.status == "booked"))

    @router.get("/reception/pdf")
    def reception_pdf(request: Request) -> Response:
        session, day, _, akimat, rows = _day_rows(console, request, "reception-pdf")
        lang = console.language(request)
        label = akimat or session.account.akimat or ", ".join(
            sorted({row.akimat for row in rows})) or session.account.district
        pdf = reception_list_pdf(
            _lines(console, rows, lang), akimat=label, day=day, translator=console.translator,
            lang=lang, printed_at=console.now().astimezone(console.zone),
            printed_by=session.account.login)
        name = f"reception-{day.isoformat()}.pdf"
        return plain(Response(pdf, media_type="application/pdf",
                              headers={"Content-Disposition": f'inline; filename="{name}"'}))

    @router.get("/reception/booking/{record_id}")
    def booking(record_id: str, request: Request) -> Response:
        session = console.require(request, CAPABILITY)
        row = _find(console, session, _record_id(record_id))
        audit(console.store.db, console.store.now(), session.account, "view", row.id,
              client=client_address(request))
        return _booking_page(console, request, session, row, error="")

    async def change(record_id: str, request: Request, action: str) -> Response:
        session = console.require(request, CAPABILITY)
        data = await console.form(request, session)
        number = _record_id(record_id)
        desk = Desk(console.store.now, console.translator, console.catalogue,
                    client_address(request))
        reason = field(data, "reason", 500)
        try:
            if action == "cancel":
                await run_in_threadpool(cancel_booking, console.store.db, desk, session.account,
                                        number, reason=reason)
            else:
                await run_in_threadpool(lambda: move_booking(
                    console.store.db, desk, session.account, number,
                    slot_start=field(data, "slot", 40), reason=reason))
        except NotFound as exc:
            raise PageError(404, "page not found") from exc
        except (Rejected, CatalogueError) as exc:
            row = _find(console, session, number)
            return _booking_page(console, request, session, row, error=str(exc),
                                 reason=reason, status_code=400)
        return console.redirect(f"/staff/reception/booking/{number}?saved={action}")

    @router.post("/reception/booking/{record_id}/cancel")
    async def cancel(record_id: str, request: Request) -> Response:
        return await change(record_id, request, "cancel")

    @router.post("/reception/booking/{record_id}/move")
    async def move(record_id: str, request: Request) -> Response:
        return await change(record_id, request, "move")

    return router


def _find(console: Console, session: Session, record_id: int) -> BookingRow:
    row = find_booking(console.store.db, session.account.scope, record_id)
    if row is None:
        raise PageError(404, "page not found")
    return row


def _lines(console: Console, rows: Sequence[BookingRow],
           language: Language) -> list[ReceptionLine]:
    """The PDF's rows: status words and warnings in the list's language."""
    double = console.translator.render(N_("Two people hold this time"), language)
    lines = []
    for row in rows:
        word = status_word("booking", row.status)
        lines.append(ReceptionLine(
            row.time, row.person_name, row.topic, row.phone,
            console.translator.render(word, language) if word else row.status, row.kiosk_id,
            cancelled=row.status == "cancelled", note=double if row.double else ""))
    return lines


def _booking_page(console: Console, request: Request, session: Session, row: BookingRow, *,
                  error: str, reason: str = "", status_code: int = 200) -> Response:
    db = console.store.db
    view = find_record(db, session.account.scope, row.id, "booking")
    if view is None:
        raise PageError(404, "page not found")
    slots: dict[str, list[tuple[str, str]]] = {}
    schedule_problem = ""
    if row.status == "booked":
        try:
            reception = akimat_reception(db, row.akimat, console.catalogue)
        except NotFound:
            schedule_problem = "no kiosk of this akimat is registered"
        else:
            for slot in free_slots(db, reception, console.now()):
                slots.setdefault(slot.start.date().isoformat(), []).append(
                    (slot.start.isoformat(), f"{slot.start:%H:%M}–{slot.end:%H:%M}"))
    lang = console.language(request)
    steps = [(step, _note(step.reason, lang)) for step in history(db, row.id)]
    return console.render(
        request, "reception_booking.html", session, status_code=status_code, row=row,
        view=view, payload=view.payload, history=steps, slots=slots,
        code=format_tracking_code(row.tracking_code) if row.tracking_code else "—",
        error=error, reason=reason, schedule_problem=schedule_problem,
        saved=request.query_params.get("saved", ""))


def _note(reason: str, lang: Language) -> str:
    """A history reason as people read it: ``3 желтоқсан 2026, 15:00 → …: why``."""
    moved, _, why = reason.partition(": ")
    old, arrow, new = moved.partition(" -> ")
    try:
        times = [dt.datetime.fromisoformat(text) for text in (old, new)]
    except ValueError:
        return reason
    if not arrow:
        return reason
    return f"{format_datetime(times[0], lang)} → {format_datetime(times[1], lang)}: {why}"
