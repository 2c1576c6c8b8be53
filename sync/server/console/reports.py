"""Ratings and reports: the monthly report page, the ratings page, the PDF and CSV downloads.

Only the akim's office and above (capability ``reports``) reach these pages; a clerk gets
404. Each query is limited by the account's scope; a district or regional account may
narrow it to one of its akimats. Every download writes an audit row, and so does every
view of the report page (its overdue list names applicants).
"""

from __future__ import annotations

import io
import logging
import re
import urllib.parse
from dataclasses import dataclass

from babel.numbers import format_decimal, format_percent
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.kinds import status_tone
from kiosk.pdf.monthly import (
    TONE_COLOURS,
    department_name,
    month_title,
    monthly_report_pdf,
    ordered,
    place_message,
    reason_name,
)
from sync.server.audit import audit
from sync.server.console.report_charts import bars, score_columns
from sync.server.console.report_csv import report_csv
from sync.server.console.web import STATIC, Console, PageError, plain
from sync.server.http_io import client_address
from sync.server.queue_report import QueueTimes, queue_times
from sync.server.reports import Area, Month, akimats, monthly_report, parse_month, ratings_view
from sync.server.sessions import Session

logger = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class _Ask:
    """What a report request asks for, checked against the account's scope."""

    session: Session
    area: Area
    month: Month
    choices: list[tuple[str, str]]


def _ask(console: Console, request: Request) -> _Ask:
    session = console.require(request, "reports")
    scope = session.account.scope
    try:
        month = parse_month(request.query_params.get("month"), console.today())
    except ValueError as exc:
        raise PageError(400, "The month must be written as YYYY-MM, for example "
                             "2026-11.") from exc
    choices = akimats(console.store.db, scope) if scope.role in ("district", "region") else []
    akimat = (request.query_params.get("akimat") or "").strip()[:100]
    if akimat and scope.role in ("district", "region"):
        if akimat not in {name for name, _ in choices}:
            raise PageError(404, "page not found")
    else:
        akimat = ""
    return _Ask(session, Area(scope, akimat=akimat), month, choices)


def _query(ask: _Ask, lang: Language) -> str:
    """The query string that asks for the same report (month, akimat, language)."""
    return urllib.parse.urlencode({key: value for key, value in (
        ("month", ask.month.code), ("akimat", ask.area.akimat), ("lang", lang.value)) if value})


def _file_name(ask: _Ask, extension: str) -> str:
    place = _SAFE_NAME.sub("", ask.area.place[1])[:40]
    return f"report-{place + '-' if place else ''}{ask.month.code}.{extension}"


def _export(console: Console, request: Request, ask: _Ask, action: str,
            lang: Language) -> None:
    detail = f"month={ask.month.code} place={ask.area.place[0]}:{ask.area.place[1]} " \
             f"lang={lang.value}"
    audit(console.store.db, console.store.now(), ask.session.account, action, None,
          detail=detail, client=client_address(request))


def report_routes(console: Console) -> APIRouter:
    """``/staff/reports`` (page, ``.pdf``, ``.csv``), ``/staff/reports/ratings``, the CSS."""
    router = APIRouter()

    @router.get("/staff/static/reports.css")
    def stylesheet() -> Response:
        return plain(FileResponse(STATIC / "reports.css", media_type="text/css",
                                  headers={"Cache-Control": "max-age=3600"}))

    @router.get("/staff/reports")
    def report_page(request: Request) -> Response:
        ask = _ask(console, request)
        lang = console.language(request)
        report = monthly_report(console.store.db, ask.area, ask.month, console.today(),
                                console.zone)
        _export(console, request, ask, "view-report", lang)
        catalogue = console.catalogue
        types = ordered(list(catalogue.appeal_types), [c.appeal_type for c in
                                                       report.appeals.counts])
        deps = [d for d in ordered(list(catalogue.departments), report.tickets.departments)
                if report.tickets.department_total(d)]
        words = console.words(lang)
        scores = report.ratings.scores
        return console.render(
            request, "reports.html", ask.session, report=report, ask=ask,
            query=_query(ask, lang), prev_month=ask.month.shift(-1).code,
            next_month=ask.month.shift(1).code,
            month_name=month_title(ask.month.start, lang),
            place=console.translator.render(place_message(report), lang),
            type_bars=bars([(words["type_name"](t), report.appeals.count(t)) for t in types]),
            status_bars=bars([(words["status"]("appeal", code), count)
                              for code, count in report.statuses],
                             [TONE_COLOURS[status_tone("appeal", code)]
                              for code, _ in report.statuses]),
            ticket_bars=bars([(department_name(catalogue, d, lang),
                               report.tickets.department_total(d)) for d in deps]),
            score_bars=score_columns(scores.per_score, _shares(scores.per_score, lang)),
            reason_bars=bars([(reason_name(catalogue, r.reason, lang), r.count)
                              for r in report.ratings.reasons[:10]]),
            queue=[(department_name(catalogue, line.department, lang), line)
                   for line in sorted(queue_times(console.store.db, ask.area, ask.month),
                                      key=lambda line: _catalogue_order(catalogue, line))],
            percent=lambda share: _percent(share, lang),
            decimal=lambda value: _decimal(value, lang))

    @router.get("/staff/reports/ratings")
    def ratings_page(request: Request) -> Response:
        ask = _ask(console, request)
        lang = console.language(request)
        department = (request.query_params.get("department") or "").strip()[:100]
        catalogue = console.catalogue
        if department and department not in catalogue.departments:
            raise PageError(404, "page not found")
        view = ratings_view(console.store.db, ask.area, ask.month, console.zone, department)
        trend = bars([(month_title(line.scores.start, lang), line.scores.total)
                      for line in view.trend],
                     texts=[f"{line.scores.total} ({_decimal(line.scores.average, lang)})"
                            if line.scores.total else "0" for line in view.trend])
        keys = [line.key for line in view.by_department]
        order = [*ordered(list(catalogue.departments), [k for k in keys if k]), ""]
        by_department = sorted(view.by_department, key=lambda line: order.index(line.key))
        return console.render(
            request, "reports_ratings.html", ask.session, view=view, ask=ask,
            query=_query(ask, lang), prev_month=ask.month.shift(-1).code,
            next_month=ask.month.shift(1).code,
            month_name=month_title(ask.month.start, lang),
            departments=[(d, department_name(catalogue, d, lang)) for d in catalogue.departments],
            department_name=lambda code: department_name(catalogue, code, lang),
            reason_name=lambda code: reason_name(catalogue, code, lang),
            reason_tone=lambda code: (catalogue.rating_reasons[code].tone.value
                                      if code in catalogue.rating_reasons else ""),
            score_bars=score_columns(view.scores.per_score,
                                     _shares(view.scores.per_score, lang)),
            trend=trend, by_department=by_department,
            percent=lambda share: _percent(share, lang),
            decimal=lambda value: _decimal(value, lang))

    @router.get("/staff/reports.pdf")
    def report_pdf(request: Request) -> Response:
        ask = _ask(console, request)
        lang = console.language(request)
        report = monthly_report(console.store.db, ask.area, ask.month, console.today(),
                                console.zone)
        out = io.BytesIO()
        monthly_report_pdf(report, console.catalogue, console.translator, lang, out)
        _export(console, request, ask, "export-report-pdf", lang)
        return plain(Response(out.getvalue(), media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{_file_name(ask, "pdf")}"'}))

    @router.get("/staff/reports.csv")
    def report_table(request: Request) -> Response:
        ask = _ask(console, request)
        lang = console.language(request)
        report = monthly_report(console.store.db, ask.area, ask.month, console.today(),
                                console.zone)
        body = report_csv(report, console.catalogue, console.translator, lang)
        _export(console, request, ask, "export-report-csv", lang)
        return plain(Response(body, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{_file_name(ask, "csv")}"'}))

    return router


def _catalogue_order(catalogue: Catalogue, line: QueueTimes) -> tuple[int, str]:
    """Departments in the catalogue's order (as on the kiosk), unknown ones after them."""
    order = list(catalogue.departments)
    found = order.index(line.department) if line.department in order else len(order)
    return found, line.department


def _decimal(value: float | None, lang: Language) -> str:
    return "—" if value is None else str(format_decimal(value, format="0.0",
                                                        locale=lang.value))


def _percent(share: float | None, lang: Language) -> str:
    return "—" if share is None else str(format_percent(share, format="#,##0.0%",
                                                        locale=lang.value))


def _shares(per_score: tuple[int, ...], lang: Language) -> list[str]:
    total = sum(per_score)
    return [_percent(n / total if total else None, lang) for n in per_score]
