"""The monthly report as CSV for Excel: UTF-8 with a BOM, ``;`` between cells, safe cells.

Kazakh and Russian Excel split on semicolons and read a file without a byte-order mark as
the local code page, so both are given. A cell that begins with ``=``, ``+``, ``-``, ``@``
(or a tab or carriage return) would run as a formula when opened: it gets a leading
apostrophe, which Excel shows as text. Numbers use the language's decimal comma.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence

from babel.numbers import format_decimal

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import N_, Language, Message, Translator
from kiosk.kinds import status_word
from kiosk.pdf.monthly import (
    MonthlyReport,
    department_name,
    month_title,
    ordered,
    place_message,
    reason_name,
)
from kiosk.report_data import SCORES

logger = logging.getLogger(__name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a cell Excel shows as text: a formula-like start gets an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Sheet:
    def __init__(self, translator: Translator, lang: Language) -> None:
        self.translator, self.lang = translator, lang
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, delimiter=";", lineterminator="\r\n")

    def t(self, message: Message) -> str:
        return self.translator.render(message, self.lang)

    def row(self, *cells: object) -> None:
        self.writer.writerow([safe_cell(c) for c in cells])

    def section(self, title: Message, header: Sequence[Message]) -> None:
        self.row()
        self.row(self.t(title))
        self.row(*(self.t(h) for h in header))

    def number(self, value: float | None) -> str:
        return "" if value is None else str(format_decimal(value, format="0.0",
                                                           locale=self.lang.value))

    def percent(self, share: float | None) -> str:
        return "" if share is None else self.number(100 * share)


def report_csv(report: MonthlyReport, catalogue: Catalogue, translator: Translator,
               lang: Language) -> bytes:
    """The monthly report as CSV bytes (UTF-8 with BOM, semicolons, CRLF)."""
    sheet = _Sheet(translator, lang)
    sheet.row(sheet.t(N_("Monthly report")), sheet.t(place_message(report)),
              month_title(report.start, lang), report.start.isoformat()[:7])
    sheet.section(N_("Appeals per type"), (N_("Type of appeal"), N_("Appeals")))
    data = report.appeals
    for code in ordered(list(catalogue.appeal_types), [c.appeal_type for c in data.counts]):
        found = catalogue.appeal_types.get(code)
        sheet.row(found.name.text(lang) if found else code, data.count(code))
    sheet.row(sheet.t(N_("Total")), data.total)
    sheet.section(N_("Appeals by status"), (N_("Status"), N_("Appeals")))
    for code, count in report.statuses:
        word = status_word("appeal", code)
        sheet.row(sheet.t(word) if word else code, count)
    on_time = report.on_time
    sheet.section(N_("Answered on time"), (N_("Appeals"), N_("Count")))
    for label, count in ((N_("On time"), on_time.on_time), (N_("Late"), on_time.late),
                         (N_("Still open after the deadline"), on_time.overdue)):
        sheet.row(sheet.t(label), count)
    sheet.row(sheet.t(N_("Share on time, %")), sheet.percent(on_time.share))
    sheet.section(N_("Overdue appeals"), (N_("Registration number"), N_("Applicant"),
                                          N_("Type of appeal"), N_("Reply due by"),
                                          N_("Days overdue"), N_("Akimat")))
    for item in report.overdue:
        found = catalogue.appeal_types.get(item.appeal_type)
        sheet.row(item.number, item.name, found.name.text(lang) if found else item.appeal_type,
                  item.deadline.strftime("%d.%m.%Y"), item.days_overdue, item.akimat)
    tickets = report.tickets
    sheet.section(N_("Queue tickets per department"), (N_("Department"), N_("Tickets")))
    for dep in ordered(list(catalogue.departments), tickets.departments):
        if tickets.department_total(dep):
            sheet.row(department_name(catalogue, dep, lang), tickets.department_total(dep))
    sheet.row(sheet.t(N_("Total")), tickets.total)
    _ratings(sheet, report, catalogue)
    if len(report.akimats) > 1:
        sheet.section(N_("By akimat"), (N_("Akimat"), N_("Appeals"), N_("Share on time, %"),
                                        N_("Overdue"), N_("Tickets"), N_("Ratings"),
                                        N_("Average score")))
        for line in report.akimats:
            sheet.row(line.akimat, line.appeals, sheet.percent(line.on_time.share),
                      line.on_time.overdue, line.tickets, line.scores.total,
                      sheet.number(line.scores.average))
    return sheet.buffer.getvalue().encode("utf-8-sig")


def _ratings(sheet: _Sheet, report: MonthlyReport, catalogue: Catalogue) -> None:
    scores, lang = report.ratings.scores, sheet.lang
    sheet.section(N_("Service ratings"), (N_("Score"), N_("Ratings")))
    for score in SCORES:
        sheet.row(score, scores.count(score))
    sheet.row(sheet.t(N_("Total")), scores.total)
    sheet.row(sheet.t(N_("Average score")), sheet.number(scores.average))
    sheet.section(N_("Reasons chosen"), (N_("Reason"), N_("Ratings")))
    for reason in report.ratings.reasons:
        sheet.row(reason_name(catalogue, reason.reason, lang), reason.count)
    sheet.section(N_("Latest comments"), (N_("Date"), N_("Score"), N_("Department"),
                                          N_("Reasons"), N_("Comment")))
    for item in report.ratings.comments:
        sheet.row(item.rated_at.strftime("%d.%m.%Y %H:%M"), item.score,
                  department_name(catalogue, item.department, lang) if item.department else "",
                  ", ".join(reason_name(catalogue, r, lang) for r in item.reasons),
                  item.comment)
