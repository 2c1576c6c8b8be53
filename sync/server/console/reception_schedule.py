"""The akim's reception schedule page: sessions, booking horizon, cancelled days; publish.

The form is turned into a ``reception.toml`` and published as the akimat's reception
document through :func:`sync.server.reception_schedule.publish_schedule` — checked by the
one publishing checker the kiosks run, so a schedule a kiosk would refuse is refused here
with the file, item and field named, and nothing is stored. Kiosks book by it once they
pull it (inside their catalogue; cancelled and moved bookings with it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kiosk.catalogue.model import LocalizedText, Reception, Weekday
from kiosk.errors import CatalogueError
from kiosk.i18n import LANGUAGES, Language
from kiosk.i18n.datenames import date_names
from kiosk.i18n.formatting import format_datetime
from sync.server.console.web import Console, PageError
from sync.server.documents import newest_document
from sync.server.errors import NotFound
from sync.server.http_io import client_address
from sync.server.reception_schedule import (
    AkimatReception,
    akimat_reception,
    akimats_in,
    publish_schedule,
    stranded,
)
from sync.server.sessions import Session

logger = logging.getLogger(__name__)

MAX_SESSIONS = 14
MAX_CANCELLED = 40
#: Fields of the largest form: sessions × 4, cancelled days × 4, and the rest.
MAX_FIELDS = MAX_SESSIONS * 4 + MAX_CANCELLED * 4 + 20
FORM_LIMIT = 128 * 1024
_CODES = tuple(lang.value for lang in LANGUAGES)


@dataclass
class ScheduleForm:
    """The schedule as the form shows and posts it (text as typed; checked on publishing)."""

    horizon: str = "14"
    #: (weekday, start, end, slot minutes) per session.
    sessions: list[tuple[str, str, str, str]] = field(default_factory=list)
    host: dict[str, str] = field(default_factory=dict)
    place: dict[str, str] = field(default_factory=dict)
    #: (date, {language: reason}) per cancelled day.
    cancelled: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def toml(self) -> str:
        """The ``reception.toml`` this form describes (the checker says what is wrong)."""
        lines = [f"booking_horizon_days = {_number(self.horizon)}"]
        host, place = _filled(self.host), _filled(self.place)
        for weekday, start, end, minutes in self.sessions:
            lines += ["", "[[session]]", f"weekday = {_string(weekday)}",
                      f"start = {_string(start)}", f"end = {_string(end)}",
                      f"slot_minutes = {_number(minutes)}", f"host = {_table(host)}",
                      f"place = {_table(place)}"]
        for day, reason in self.cancelled:
            lines += ["", "[[cancelled]]", f"date = {_string(day)}",
                      f"reason = {_table(_filled(reason))}"]
        return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _number(text: str) -> str:
    text = text.strip()
    return text if text.isascii() and text.isdigit() and len(text) <= 4 else _string(text)


def _filled(texts: Mapping[str, str]) -> dict[str, str]:
    """A language left empty takes the first text given (Kazakh, then Russian, then English)."""
    first = next((texts[code] for code in _CODES if texts.get(code, "").strip()), "")
    return {code: texts.get(code, "").strip() or first for code in _CODES}


def _table(texts: Mapping[str, str]) -> str:
    return "{ " + ", ".join(f"{code} = {_string(texts[code])}" for code in _CODES) + " }"


def _texts(text: LocalizedText) -> dict[str, str]:
    return {lang.value: text.text(lang) for lang in LANGUAGES}


def form_of(reception: Reception, today: dt.date) -> ScheduleForm:
    """The form filled from a schedule (cancelled days before ``today`` left out)."""
    sessions = [(s.weekday.value, f"{s.start:%H:%M}", f"{s.end:%H:%M}", str(s.slot_minutes))
                for s in reception.sessions]
    first = reception.sessions[0] if reception.sessions else None
    return ScheduleForm(
        str(reception.booking_horizon_days), sessions,
        _texts(first.host) if first else {}, _texts(first.place) if first else {},
        [(day.isoformat(), _texts(reason)) for day, reason in sorted(reception.cancelled.items())
         if day >= today])


def form_posted(data: Mapping[str, str]) -> ScheduleForm:
    """The form as posted; rows left wholly empty are dropped."""
    def get(key: str, limit: int = 300) -> str:
        return (data.get(key) or "").strip()[:limit]

    sessions = []
    for index in range(MAX_SESSIONS):
        row = tuple(get(f"s{index}_{part}", 20) for part in ("weekday", "start", "end", "minutes"))
        if any(row):
            sessions.append((row[0], row[1], row[2], row[3]))
    cancelled = []
    for index in range(MAX_CANCELLED):
        day = get(f"c{index}_date", 20)
        reason = {code: get(f"c{index}_{code}") for code in _CODES}
        if day or any(reason.values()):
            cancelled.append((day, reason))
    return ScheduleForm(get("horizon", 10), sessions,
                        {code: get(f"host_{code}") for code in _CODES},
                        {code: get(f"place_{code}") for code in _CODES}, cancelled)


def schedule_routes(console: Console) -> APIRouter:
    """``/staff/reception/schedule``: see, change and publish an akimat's schedule."""
    router = APIRouter(prefix="/staff")

    def chosen(session: Session, wanted: str) -> tuple[list[str], str]:
        choices = akimats_in(console.store.db, session.account.scope)
        if wanted in choices:
            return choices, wanted
        if session.account.akimat in choices:
            return choices, session.account.akimat
        return choices, choices[0] if choices else ""

    def page(request: Request, session: Session, akimat: str, choices: list[str], *,
             form: ScheduleForm | None, error: str = "", status_code: int = 200) -> Response:
        reception: AkimatReception | None = None
        if akimat:
            try:
                reception = akimat_reception(console.store.db, akimat, console.catalogue,
                                             session.account.scope)
            except NotFound as exc:
                raise PageError(404, "page not found") from exc
        if form is None:
            form = form_of(reception.schedule, console.today()) if reception else ScheduleForm()
        lang = console.language(request)
        sessions = form.sessions + [("", "", "", "")] * min(2, MAX_SESSIONS - len(form.sessions))
        cancelled = form.cancelled + [("", {})] * min(2, MAX_CANCELLED - len(form.cancelled))
        return console.render(
            request, "reception_schedule.html", session, status_code=status_code,
            akimat=akimat, akimats=choices, reception=reception, form=form,
            session_rows=sessions, cancelled_rows=cancelled, codes=_CODES,
            weekdays=_weekdays(lang), error=error, without_catalogue=_bare(console, akimat),
            published=_published(console, reception, lang),
            stranded=stranded(console.store.db, reception, console.now()) if reception else [],
            saved=request.query_params.get("saved") == "1")

    @router.get("/reception/schedule")
    def schedule(request: Request) -> Response:
        session = console.require(request, "reception")
        choices, akimat = chosen(session, (request.query_params.get("akimat") or "").strip())
        return page(request, session, akimat, choices, form=None)

    @router.post("/reception/schedule")
    async def publish(request: Request) -> Response:
        session = console.require(request, "reception")
        data = await console.form(request, session, max_fields=MAX_FIELDS)
        choices, akimat = chosen(session, (data.get("akimat") or "").strip())
        if not akimat or (data.get("akimat") or akimat) != akimat:
            raise PageError(404, "page not found")
        form = form_posted(data)
        try:
            publish_schedule(console.store.db, console.store.now, session.account, akimat,
                             schedule_text=form.toml(), fallback=console.catalogue,
                             today=console.today(), client=client_address(request))
        except NotFound as exc:
            raise PageError(404, "page not found") from exc
        except CatalogueError as exc:
            text = console.translator.render(exc.message, console.language(request))
            return page(request, session, akimat, choices, form=form, error=text,
                        status_code=400)
        query = urllib.parse.urlencode({"akimat": akimat, "saved": "1"})
        return console.redirect(f"/staff/reception/schedule?{query}")

    return router


def _published(console: Console, reception: AkimatReception | None, lang: Language) -> str:
    """When the reception document in use was published (its version is the UTC time)."""
    version = reception.version if reception is not None else ""
    try:
        moment = dt.datetime.strptime(version, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return version
    return format_datetime(moment.astimezone(console.zone), lang)


def _weekdays(lang: Language) -> list[tuple[str, str]]:
    names = date_names(lang).weekdays
    return [(day.value, names[day.number]) for day in Weekday]


def _bare(console: Console, akimat: str) -> list[str]:
    """The akimat's kiosks with no published catalogue (the schedule reaches them inside it)."""
    rows = console.store.db.query("SELECT kiosk_id, district FROM kiosks WHERE akimat = ? "
                                  "AND revoked_at IS NULL ORDER BY kiosk_id LIMIT 100", (akimat,))
    return [str(kiosk_id) for kiosk_id, district in rows
            if newest_document(console.store.db, "catalogue", str(kiosk_id), str(district)) is None]
