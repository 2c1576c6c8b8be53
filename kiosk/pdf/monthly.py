"""The akimat's monthly report as an A4 PDF: appeals, deadlines kept, tickets, ratings.

The figures come from the regional server's queries (``sync.server.reports``), which fill
the :class:`MonthlyReport` defined here: ``kiosk/`` cannot import the server, and the
server, the console page and the CSV all read the same object. The layout reuses the
kiosk statistics report's building blocks (:mod:`kiosk.pdf.report`): its page helper,
tables and bar charts, in embedded DejaVu Sans with every label in one language.
Citizens' comments are escaped before reportlab reads them as paragraph markup.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from babel.dates import format_date as babel_date
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from kiosk.catalogue import Catalogue
from kiosk.i18n import N_, DateText, Language, Message, Translator
from kiosk.kinds import kind, status_tone, status_word
from kiosk.pdf.fonts import REGULAR, paragraph_styles
from kiosk.pdf.report import (
    LABEL_SIZE,
    MARGIN,
    SWATCH,
    WIDTH,
    PdfPage,
    bar_chart,
    fit_text,
    page_footer,
)
from kiosk.report_data import SCORES, AppealsPerType, RatingsDistribution, TicketsPerDay

logger = logging.getLogger(__name__)

#: The kiosk's palette (UI_GUIDE): bars in the state blue, tones in success/accent/error.
PRIMARY = "#00628B"
TONE_COLOURS = {"good": "#1E7D32", "waiting": "#F5B700", "bad": "#B3261E"}
#: Scores 1…5 from the error red through the accent gold to the success green.
SCORE_COLOURS = ("#B3261E", "#D9622B", "#F5B700", "#6A9F3A", "#1E7D32")
#: How many comments the PDF prints (the console lists more).
PDF_COMMENTS = 15


@dataclass(frozen=True)
class OnTime:
    """Appeals judged against their deadline: answered in time, late, or still open past it.

    An appeal is *on time* when it was answered, forwarded or left without consideration
    no later than its deadline day (the akimat's local date of the status change); *late*
    when that happened after; *overdue* when it is still open after its deadline. Open
    appeals not yet due are not judged.
    """

    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def judged(self) -> int:
        """Appeals closed or overdue: the base of the share."""
        return self.on_time + self.late + self.overdue

    @property
    def share(self) -> float | None:
        """On time / judged, or None when nothing is judged yet."""
        return self.on_time / self.judged if self.judged else None


@dataclass(frozen=True)
class OverdueAppeal:
    """An open appeal past its deadline."""

    record_id: int
    number: str
    name: str
    appeal_type: str
    deadline: dt.date
    days_overdue: int
    akimat: str


@dataclass(frozen=True)
class ReasonCount:
    """How many ratings chose one reason chip."""

    reason: str
    count: int


@dataclass(frozen=True)
class RatingComment:
    """A citizen's comment with its rating (citizen text: escape it wherever it is shown)."""

    rated_at: dt.datetime
    score: int
    department: str
    language: str
    comment: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RatingsSummary:
    """The month's ratings: scores, the reasons chosen (most first), the newest comments."""

    scores: RatingsDistribution
    reasons: tuple[ReasonCount, ...]
    comments: tuple[RatingComment, ...]


@dataclass(frozen=True)
class AkimatLine:
    """One akimat's figures in a district's (or the region's) report."""

    akimat: str
    appeals: int
    on_time: OnTime
    tickets: int
    scores: RatingsDistribution


@dataclass(frozen=True)
class MonthlyReport:
    """Everything the monthly report shows, for one akimat, one district or the region."""

    start: dt.date
    end: dt.date
    #: ``akimat``, ``district`` or ``region``, and the akimat's or district's name.
    place_kind: str
    place: str
    prepared_on: dt.date
    appeals: AppealsPerType
    statuses: tuple[tuple[str, int], ...]
    on_time: OnTime
    overdue: tuple[OverdueAppeal, ...]
    tickets: TicketsPerDay
    ratings: RatingsSummary
    akimats: tuple[AkimatLine, ...]


def month_title(start: dt.date, lang: Language) -> str:
    """``Қараша 2026`` / ``Ноябрь 2026`` / ``November 2026`` (the month standing alone)."""
    text = str(babel_date(start, "LLLL y", locale=lang.value))
    return text[:1].upper() + text[1:]


def place_message(report: MonthlyReport) -> Message:
    """Whose report this is, as a heading line."""
    if report.place_kind == "akimat":
        return N_("Akimat: {name}", name=report.place)
    if report.place_kind == "district":
        return N_("District: {name}", name=report.place)
    return N_("Every district of the region")


def ordered(known: Sequence[str], found: Sequence[str]) -> list[str]:
    """The catalogue's ids in file order, then ids only the data has (sorted)."""
    return [*known, *sorted(set(found) - set(known))]


def _chart(page: PdfPage, names: Sequence[str], values: Sequence[int],
           fills: Sequence[str]) -> Drawing:
    """A horizontal bar chart, one bar per name, its value printed after the bar."""
    chart = HorizontalBarChart()
    chart.categoryAxis.reverseDirection = True
    chart.barLabelFormat, chart.barLabels.nudge = "%d", 8
    for index, fill in enumerate(fills):
        chart.bars[(0, index)].fillColor = colors.HexColor(fill)
        chart.bars[(0, index)].strokeColor = None
    labels = [fit_text(name, WIDTH * 0.42) for name in names]
    left = max(stringWidth(label, REGULAR, LABEL_SIZE) for label in labels) + 12
    return bar_chart(chart, [list(values)], labels, max(*values, 1),
                      height=30 + 22 * len(names), left=left)


def _table(page: PdfPage, header: Sequence[str], rows: Sequence[Sequence[object]],
           widths: Sequence[float], *, total: bool, text_columns: Sequence[int] = (),
           swatches: Sequence[str] = ()) -> Table:
    """The statistics report's table; without a total row its last row stays regular."""
    table = page.table(header, rows, widths, [colors.HexColor(s) for s in swatches])
    lead = 1 if swatches else 0
    commands: list[tuple[object, ...]] = [("ALIGN", (lead + c, 1), (lead + c, -1), "LEFT")
                                          for c in text_columns]
    if not total:
        commands.append(("FONT", (0, -1), (-1, -1), REGULAR, 9))
    table.setStyle(TableStyle(commands))
    table.hAlign = "LEFT"
    return table


def _key_figures(page: PdfPage, report: MonthlyReport) -> list[object]:
    share = report.on_time.share
    scores = report.ratings.scores
    rows: list[list[object]] = [
        [page.para(N_("Appeals registered")), report.appeals.total],
        [page.para(N_("Answered on time")),
         f"{page.percent(share)} ({report.on_time.on_time} / {report.on_time.judged})"
         if share is not None else "—"],
        [page.para(N_("Overdue now")), len(report.overdue)],
        [page.para(N_("Queue tickets")), report.tickets.total],
        [page.para(N_("Average score")),
         f"{page.number(scores.average)} ({scores.total})" if scores.average else "—"],
    ]
    return [_table(page, [page.t(N_("Key figures")), ""], rows, [WIDTH - 50 * mm, 50 * mm],
                   total=False)]


def _appeals(page: PdfPage, report: MonthlyReport, catalogue: Catalogue) -> list[object]:
    story: list[object] = [page.para(N_("Appeals per type"), page.styles.heading)]
    data = report.appeals
    if not data.total:
        return [KeepTogether([*story,
                              page.para(N_("No appeals were registered in this period."))])]
    ids = ordered(list(catalogue.appeal_types), [c.appeal_type for c in data.counts])
    names = [_type_name(catalogue, i, page.lang) for i in ids]
    rows: list[list[object]] = [[page.para(n), data.count(i)] for n, i in zip(names, ids,
                                                                             strict=True)]
    rows.append([page.para(N_("Total"), bold=True), data.total])
    story.append(_table(page, [page.t(N_("Type of appeal")), page.t(N_("Appeals"))], rows,
                        [WIDTH - 30 * mm, 30 * mm], total=True))
    story += [Spacer(1, 2 * mm), _chart(page, names, [data.count(i) for i in ids],
                                        [PRIMARY] * len(ids))]
    codes = [code for code, _ in report.statuses]
    words = [_status(page, code) for code in codes]
    counts = [count for _, count in report.statuses]
    story.append(KeepTogether([
        page.para(N_("Appeals by status"), page.styles.heading),
        _table(page, [page.t(N_("Status")), page.t(N_("Appeals"))],
               [[page.para(w), n] for w, n in zip(words, counts, strict=True)],
               [WIDTH - 30 * mm - SWATCH, 30 * mm], total=False,
               swatches=[TONE_COLOURS[status_tone("appeal", c)] for c in codes])]))
    return story


def _deadlines(page: PdfPage, report: MonthlyReport, catalogue: Catalogue) -> list[object]:
    on_time = report.on_time
    story: list[object] = [
        page.para(N_("Answered on time"), page.styles.heading),
        page.para(N_("Of the appeals registered this month that are closed or past their "
                     "deadline: answered, forwarded or left without consideration by the "
                     "deadline day."), page.styles.small),
        Spacer(1, 2 * mm)]
    rows: list[list[object]] = [
        [page.para(N_("On time")), on_time.on_time],
        [page.para(N_("Late")), on_time.late],
        [page.para(N_("Still open after the deadline")), on_time.overdue],
        [page.para(N_("Share on time"), bold=True),
         page.percent(on_time.share) if on_time.share is not None else "—"]]
    story = [KeepTogether([*story, _table(page, [page.t(N_("Appeals")), ""], rows,
                                          [WIDTH - 40 * mm, 40 * mm], total=True)])]
    heading = page.para(N_("Overdue appeals"), page.styles.heading)
    if not report.overdue:
        return [*story, KeepTogether([heading,
                                      page.para(N_("No appeal of this month is overdue."))])]
    rows = [[item.number, page.para(item.name), page.para(_type_name(catalogue,
                                                                      item.appeal_type,
                                                                      page.lang)),
             item.deadline.strftime("%d.%m.%Y"), item.days_overdue]
            for item in report.overdue]
    header = [page.t(N_("Registration number")), page.t(N_("Applicant")),
              page.t(N_("Type of appeal")), page.t(N_("Reply due by")),
              page.t(N_("Days overdue"))]
    table = _table(page, header, rows, [42 * mm, WIDTH - 136 * mm, 40 * mm, 26 * mm, 28 * mm],
                   total=False, text_columns=(0, 1, 2, 3))
    return [*story, KeepTogether([heading, table])]


def _tickets(page: PdfPage, report: MonthlyReport, catalogue: Catalogue) -> list[object]:
    data = report.tickets
    story: list[object] = [page.para(N_("Queue tickets per department"), page.styles.heading),
                           page.para(N_("Tickets issued: {count}", count=data.total))]
    if not data.total:
        return [*story, page.para(N_("No tickets were issued in this period."))]
    ids = [d for d in ordered(list(catalogue.departments), data.departments)
           if data.department_total(d)]
    names = [department_name(catalogue, d, page.lang) for d in ids]
    rows: list[list[object]] = [[page.para(n), data.department_total(d)]
                                for n, d in zip(names, ids, strict=True)]
    rows.append([page.para(N_("Total"), bold=True), data.total])
    table = _table(page, [page.t(N_("Department")), page.t(N_("Tickets"))], rows,
                   [WIDTH - 30 * mm, 30 * mm], total=True)
    chart = _chart(page, names, [data.department_total(d) for d in ids], [PRIMARY] * len(ids))
    return [KeepTogether([*story, Spacer(1, 2 * mm), table]), Spacer(1, 2 * mm), chart]


def _ratings(page: PdfPage, report: MonthlyReport, catalogue: Catalogue) -> list[object]:
    scores = report.ratings.scores
    story: list[object] = [page.para(N_("Service ratings"), page.styles.heading)]
    if scores.average is None:
        return [*story, page.para(N_("Nobody rated the service in this period."))]
    story.append(page.para(N_("Average score: {average} of 5; ratings: {count}",
                              average=page.number(scores.average), count=scores.total),
                           bold=True))
    rows: list[list[object]] = [[s, scores.count(s), page.percent(scores.count(s) / scores.total)]
                                for s in SCORES]
    rows.append([page.t(N_("Total")), scores.total, page.percent(1)])
    table = _table(page, [page.t(N_("Score")), page.t(N_("Ratings")), page.t(N_("Share"))],
                   rows, [30 * mm, 30 * mm, 30 * mm], total=True,
                   swatches=[*SCORE_COLOURS, "#FFFFFF"])
    chart = VerticalBarChart()
    chart.groupSpacing = 14
    for i, colour in enumerate(SCORE_COLOURS):
        chart.bars[(0, i)].fillColor, chart.bars[(0, i)].strokeColor = \
            colors.HexColor(colour), None
    chart.barLabelFormat, chart.barLabels.nudge = "%d", 7
    drawing = bar_chart(chart, [list(scores.per_score)], [str(s) for s in SCORES],
                         max(scores.per_score), height=140)
    story = [KeepTogether([*story, Spacer(1, 2 * mm), table, Spacer(1, 2 * mm), drawing])]
    if report.ratings.reasons:
        reasons = [[page.para(reason_name(catalogue, r.reason, page.lang)), r.count]
                   for r in report.ratings.reasons]
        story.append(KeepTogether([
            page.para(N_("Reasons chosen"), page.styles.heading),
            _table(page, [page.t(N_("Reason")), page.t(N_("Ratings"))], reasons,
                   [WIDTH - 30 * mm, 30 * mm], total=False)]))
    comments = report.ratings.comments[:PDF_COMMENTS]
    if comments:
        story.append(page.para(N_("Latest comments"), page.styles.heading))
        for item in comments:
            where = department_name(catalogue, item.department, page.lang) \
                if item.department else ""
            head = " · ".join(p for p in (item.rated_at.strftime("%d.%m.%Y %H:%M"),
                                          f"{item.score}/5", where) if p)
            story.append(KeepTogether([page.para(head, page.styles.label),
                                       page.para(item.comment), Spacer(1, 2 * mm)]))
    return story


def _akimats(page: PdfPage, report: MonthlyReport) -> list[object]:
    if len(report.akimats) < 2:
        return []
    header = [page.t(N_("Akimat")), page.t(N_("Appeals")), page.t(N_("On time")),
              page.t(N_("Overdue")), page.t(N_("Tickets")), page.t(N_("Average score"))]
    rows: list[list[object]] = [
        [page.para(line.akimat), line.appeals,
         page.percent(line.on_time.share) if line.on_time.share is not None else "—",
         line.on_time.overdue, line.tickets,
         page.number(line.scores.average) if line.scores.average else "—"]
        for line in report.akimats]
    narrow = 24 * mm
    return [page.para(N_("By akimat"), page.styles.heading),
            _table(page, header, rows, [WIDTH - 5 * narrow, *[narrow] * 5], total=False)]


def _type_name(catalogue: Catalogue, code: str, lang: Language) -> str:
    found = catalogue.appeal_types.get(code)
    return found.name.text(lang) if found else code


def _status(page: PdfPage, code: str) -> str:
    word = status_word("appeal", code)
    return page.t(word) if word else code


def department_name(catalogue: Catalogue, code: str, lang: Language) -> str:
    """A department's name in ``lang`` (its id when the catalogue does not know it)."""
    found = catalogue.departments.get(code)
    return found.name.text(lang) if found else code


def reason_name(catalogue: Catalogue, code: str, lang: Language) -> str:
    """A rating reason's words in ``lang`` (its id when the catalogue does not know it)."""
    found = catalogue.rating_reasons.get(code)
    return found.text.text(lang) if found else code


def status_order(found: Sequence[str]) -> list[str]:
    """Appeal statuses in the registry's order, then unknown ones."""
    return ordered(list(kind("appeal").codes), found)


def monthly_report_pdf(report: MonthlyReport, catalogue: Catalogue, translator: Translator,
                       lang: Language, out: BinaryIO) -> None:
    """Write the monthly report as an A4 PDF in ``lang`` to ``out``."""
    page = PdfPage(translator, lang, paragraph_styles())
    title = page.t(N_("Monthly report"))
    place = page.t(place_message(report))
    month = month_title(report.start, lang)
    story: list[object] = [
        page.para(title, page.styles.title),
        page.para(place, page.styles.centered),
        page.para(month, page.styles.centered),
        page.para(N_("Prepared on {date}", date=DateText(report.prepared_on)),
                  page.styles.centered_small),
        Spacer(1, 4 * mm),
        *_key_figures(page, report),
        *_appeals(page, report, catalogue),
        *_deadlines(page, report, catalogue),
        *_tickets(page, report, catalogue),
        *_ratings(page, report, catalogue),
        *_akimats(page, report),
    ]

    footer = page_footer(page, f"{title} · {place} · {month}")

    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
                            title=f"{title} · {month}", author=place, lang=lang.value,
                            creator="akimat-kiosk", invariant=True, displayDocTitle=True,
                            initialFontName=REGULAR)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    logger.info("wrote the monthly report %s (%s, %s)", report.start.isoformat()[:7],
                report.place or "region", lang.value)

