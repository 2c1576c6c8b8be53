"""The kiosk statistics report as an A4 PDF: tickets per department and day, appeals, ratings.

The counts come from :mod:`kiosk.report_data`; this module only lays them out as
tables and bar charts, every label in one language, every glyph in embedded DejaVu Sans.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_decimal, format_percent
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import N_, DateText, Language, Message, Translator
from kiosk.pdf.fonts import BOLD, REGULAR, Styles, paragraph_styles
from kiosk.report_data import (
    SCORES,
    appeals_per_type,
    ratings_distribution,
    tickets_per_day,
)

logger = logging.getLogger(__name__)

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN - 12  # the page frame pads 6 pt on each side
PALETTE = tuple(colors.HexColor(c) for c in (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf"))
SCORE_COLOURS = tuple(colors.HexColor(c) for c in (
    "#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#27ae60"))
HEADER_FILL = colors.HexColor("#e8e8e8")
DAY_OFF_FILL = colors.HexColor("#f2f2f2")
SWATCH = 5 * mm
LABEL_SIZE = 8
GRID = colors.HexColor("#9a9a9a")
MAX_DAY_LABELS = 16


class PdfPage:
    """Renders one language's texts and builds the report's tables and charts."""

    def __init__(self, translator: Translator, lang: Language, styles: Styles) -> None:
        self.translator, self.lang, self.styles = translator, lang, styles

    def t(self, message: Message) -> str:
        """``message`` in the report's language."""
        return self.translator.render(message, self.lang)

    def para(self, message: Message | str, style: Any = None, bold: bool = False) -> Paragraph:
        """A paragraph of a message or a ready text (escaped), in the body style by default."""
        text = escape(message if isinstance(message, str) else self.t(message))
        return Paragraph(f"<b>{text}</b>" if bold else text, style or self.styles.body)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]],
              widths: Sequence[float], swatches: Sequence[Any] = (),
              shaded: Sequence[int] = ()) -> Table:
        """A grid with a bold header row, numbers right-aligned, the last row bold (a total).

        ``swatches`` add a narrow first column whose body cells show each row's chart colour;
        ``shaded`` body rows (days off) get a grey background.
        """
        lead = 1 if swatches else 0
        cells = [[""] * lead + [self.para(h, self.styles.label, bold=True) for h in header]]
        cells += [[""] * lead + [c if isinstance(c, Paragraph) else str(c) for c in row]
                  for row in rows]
        table = Table(cells, colWidths=[SWATCH] * lead + list(widths), repeatRows=1)
        commands: list[tuple[object, ...]] = [
            ("FONT", (0, 0), (-1, -1), REGULAR, 9),
            ("FONT", (0, -1), (-1, -1), BOLD, 9),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (lead + 1, 1), (-1, -1), "RIGHT"),
        ]
        commands += [("BACKGROUND", (0, i + 1), (0, i + 1), c) for i, c in enumerate(swatches)]
        commands += [("BACKGROUND", (0, i + 1), (-1, i + 1), DAY_OFF_FILL) for i in shaded]
        table.setStyle(TableStyle(commands))
        return table

    def number(self, value: float, pattern: str = "0.0") -> str:
        """A number with the language's decimal sign (``4,3`` in kk and ru)."""
        return str(format_decimal(value, format=pattern, locale=self.lang.value))

    def percent(self, share: float) -> str:
        """A share as a percentage with one decimal in the language's style."""
        return str(format_percent(share, format="#,##0.0%", locale=self.lang.value))


def page_footer(page: PdfPage, text: str) -> Callable[[Any, Any], None]:
    """A page callback drawing ``text`` at the bottom left and the page number at the right."""
    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, 10 * mm, text)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm,
                               page.t(N_("Page {page}", page=doc.page)))
        canvas.restoreState()

    return footer


def fit_text(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` points (chart labels; tables wrap)."""
    if stringWidth(text, REGULAR, LABEL_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, LABEL_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _value_axis(axis: Any, top: int) -> None:
    step = max(1, math.ceil(top / 5))
    axis.valueMin, axis.valueStep = 0, step
    axis.valueMax = step * max(1, math.ceil(top / step))
    axis.labels.fontName, axis.labels.fontSize = REGULAR, 8
    axis.labelTextFormat = "%d"
    axis.visibleGrid, axis.gridStrokeColor = True, colors.HexColor("#dddddd")


def bar_chart(chart: Any, series: Sequence[Sequence[int]], names: Sequence[str],
              top: int, *, height: float, left: float = 30) -> Drawing:
    """A bar chart of ``series`` over ``names`` with its value axis up to ``top``."""
    drawing = Drawing(WIDTH, height, initialFontName=REGULAR)
    chart.x, chart.y = left, 28
    chart.width, chart.height = WIDTH - left - 10, height - 40
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = list(names)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.barLabels.fontName, chart.barLabels.fontSize = REGULAR, 7
    _value_axis(chart.valueAxis, top)
    drawing.add(chart)
    return drawing


def _tickets(page: PdfPage, db: Database, catalogue: Catalogue, start: dt.date,
             end: dt.date) -> list[object]:
    data = tickets_per_day(db, start, end)
    story: list[object] = [
        page.para(N_("Queue tickets per department and day"), page.styles.heading),
        page.para(N_("Tickets issued: {count}", count=data.total))]
    if not data.total:
        return [*story, page.para(N_("No tickets were issued in this period."))]
    known = list(catalogue.departments)
    ids = known + [d for d in data.departments if d not in catalogue.departments]
    active = [d for d in ids if data.department_total(d)]
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(active)}

    def prefix(dep: str) -> str:
        return catalogue.departments[dep].prefix if dep in catalogue.departments else dep

    def name(dep: str) -> str:
        return catalogue.departments[dep].name.text(page.lang) if dep in known else dep

    days = data.days
    every = math.ceil(len(days) / MAX_DAY_LABELS)
    labels = [d.strftime("%d.%m") if i % every == 0 else "" for i, d in enumerate(days)]
    chart = VerticalBarChart()
    chart.categoryAxis.style = "stacked"
    chart.groupSpacing = 3 if len(days) > 10 else 8
    for i, dep in enumerate(active):
        chart.bars[i].fillColor, chart.bars[i].strokeColor = colour[dep], None
    series = [[data.count(dep, day) for day in days] for dep in active]
    story.append(bar_chart(chart, series, labels, max(data.day_total(d) for d in days),
                              height=190))
    story.append(page.para(N_("Colours in the chart are the departments in this table."),
                           page.styles.small))
    story.append(Spacer(1, 2 * mm))
    rows = [[prefix(d), page.para(name(d)), data.department_total(d)] for d in ids]
    rows.append(["", page.para(N_("Total"), bold=True), data.total])
    swatches = [colour.get(d, colors.white) for d in ids] + [colors.white]
    story.append(page.table(["", page.t(N_("Department")), page.t(N_("Tickets"))], rows,
                            [10 * mm, WIDTH - 36 * mm - SWATCH, 26 * mm], swatches))
    story.append(Spacer(1, 4 * mm))
    day_rows = [[day.strftime("%d.%m.%Y"), *(data.count(d, day) for d in active),
                 data.day_total(day)] for day in days]
    day_rows.append([page.t(N_("Total")), *(data.department_total(d) for d in active),
                     data.total])
    column = (WIDTH - 50 * mm) / len(active)
    days_off = [i for i, day in enumerate(days) if not catalogue.holidays.is_working_day(day)]
    story.append(page.table([page.t(N_("Date")), *(prefix(d) for d in active),
                             page.t(N_("Total"))], day_rows,
                            [28 * mm, *([column] * len(active)), 22 * mm], shaded=days_off))
    story.append(page.para(N_("Grey rows are weekends and public holidays."),
                           page.styles.small))
    return story


def _appeals(page: PdfPage, db: Database, catalogue: Catalogue, start: dt.date,
             end: dt.date) -> list[object]:
    data = appeals_per_type(db, start, end)
    story: list[object] = [page.para(N_("Appeals per type"), page.styles.heading),
                           page.para(N_("Appeals registered: {count}", count=data.total)),
                           Spacer(1, 2 * mm)]
    if not data.total:
        return [*story, page.para(N_("No appeals were registered in this period."))]
    ids = list(catalogue.appeal_types) + sorted(
        {c.appeal_type for c in data.counts} - set(catalogue.appeal_types))
    names = [catalogue.appeal_types[i].name.text(page.lang) if i in catalogue.appeal_types
             else i for i in ids]
    rows: list[list[object]] = [[page.para(n), data.count(i)] for n, i in zip(names, ids,
                                                                             strict=True)]
    rows.append([page.para(N_("Total"), bold=True), data.total])
    chart = HorizontalBarChart()
    chart.categoryAxis.reverseDirection = True
    chart.bars[0].fillColor, chart.bars[0].strokeColor = PALETTE[0], None
    chart.barLabelFormat, chart.barLabels.nudge = "%d", 8
    labels = [fit_text(n, WIDTH * 0.4) for n in names]
    left = max(stringWidth(n, REGULAR, LABEL_SIZE) for n in labels) + 12
    drawing = bar_chart(chart, [[data.count(i) for i in ids]], labels,
                         max(c.count for c in data.counts), height=30 + 24 * len(ids),
                         left=left)
    table = page.table([page.t(N_("Type of appeal")), page.t(N_("Appeals"))], rows,
                       [WIDTH - 30 * mm, 30 * mm])
    return [KeepTogether([*story, table]), Spacer(1, 3 * mm), drawing]


def _ratings(page: PdfPage, db: Database, catalogue: Catalogue, start: dt.date,
             end: dt.date) -> list[object]:
    data = ratings_distribution(db, start, end, catalogue.akimat.timezone)
    story: list[object] = [page.para(N_("Service ratings"), page.styles.heading)]
    if data.average is None:
        return [*story, page.para(N_("Nobody rated the service in this period."))]
    story.append(page.para(N_("Average score: {average} of 5; ratings: {count}",
                              average=page.number(data.average), count=data.total),
                           bold=True))
    story.append(Spacer(1, 2 * mm))
    rows: list[list[object]] = [[s, data.count(s), page.percent(data.count(s) / data.total)]
                                for s in SCORES]
    rows.append([page.t(N_("Total")), data.total, page.percent(1)])
    table = page.table([page.t(N_("Score")), page.t(N_("Ratings")), page.t(N_("Share"))],
                       rows, [30 * mm, 30 * mm, 30 * mm], [*SCORE_COLOURS, colors.white])
    table.hAlign = "LEFT"
    chart = VerticalBarChart()
    chart.groupSpacing = 14
    for i, colour in enumerate(SCORE_COLOURS):
        chart.bars[(0, i)].fillColor, chart.bars[(0, i)].strokeColor = colour, None
    chart.barLabelFormat, chart.barLabels.nudge = "%d", 7
    drawing = bar_chart(chart, [list(data.per_score)], [str(s) for s in SCORES],
                         max(data.per_score), height=150)
    return [KeepTogether([*story, table, Spacer(1, 3 * mm), drawing])]


def statistics_report_pdf(db: Database, catalogue: Catalogue, translator: Translator,
                          lang: Language, *, start: dt.date, end: dt.date, path: Path) -> Path:
    """Write the statistics report for the local days ``start`` … ``end`` to ``path``."""
    page = PdfPage(translator, lang, paragraph_styles())
    title = page.t(N_("Kiosk statistics report"))
    akimat = catalogue.akimat.name.text(lang)
    story: list[object] = [
        page.para(title, page.styles.title),
        page.para(akimat, page.styles.centered),
        page.para(N_("Period: {start} – {end}", start=DateText(start), end=DateText(end)),
                  page.styles.centered),
        Spacer(1, 4 * mm),
        *_tickets(page, db, catalogue, start, end),
        *_appeals(page, db, catalogue, start, end),
        *_ratings(page, db, catalogue, start, end),
    ]

    footer = page_footer(page, f"{title} · {akimat}")

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm, title=title,
                            author=akimat, lang=lang.value, creator="akimat-kiosk",
                            invariant=True, displayDocTitle=True, initialFontName=REGULAR)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    logger.info("wrote statistics report %s … %s (%s) to %s", start, end, lang.value, path)
    return path
