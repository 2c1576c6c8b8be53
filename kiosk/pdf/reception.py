"""The akim's reception list for one day as an A4 PDF (landscape), in kk / ru / en.

One row per booking — time, name, topic, phone, status, kiosk — and an empty column for
the akim's notes; cancelled bookings stay on the list, greyed, so the office sees who is
not coming. Every glyph is in the embedded DejaVu Sans (:mod:`kiosk.pdf.fonts`).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kiosk.i18n import N_, Language, Message, Translator
from kiosk.i18n.formatting import format_datetime, format_weekday_date
from kiosk.pdf.fonts import BOLD, REGULAR, paragraph_styles

logger = logging.getLogger(__name__)

PAGE = landscape(A4)
MARGIN = 12 * mm
HEADER_FILL = colors.HexColor("#EAF0F5")
GRID = colors.HexColor("#9AA8B5")
MUTED = colors.HexColor("#6B7785")
#: Column widths in mm: №, time, name, topic, phone, status, kiosk, notes (sums to the frame).
WIDTHS_MM = (8, 18, 50, 75, 31, 27, 22, 37)


@dataclass(frozen=True)
class ReceptionLine:
    """One booking as the printed list shows it (the words already in the list's language)."""

    time: str
    name: str
    topic: str
    phone: str
    status: str
    kiosk: str
    cancelled: bool = False
    #: A warning printed under the name, e.g. that two people hold this time.
    note: str = ""


def reception_list_pdf(lines: Sequence[ReceptionLine], *, akimat: str, day: dt.date,
                       translator: Translator, lang: Language, printed_at: dt.datetime,
                       printed_by: str) -> bytes:
    """The day's reception list as PDF bytes."""
    def t(message: Message) -> str:
        return translator.render(message, lang)

    styles = paragraph_styles()
    cell = ParagraphStyle("cell", parent=styles.body, fontSize=9.5, leading=12)
    grey = ParagraphStyle("grey", parent=cell, textColor=MUTED)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD, fontSize=9, textColor="#14212B")
    title = ParagraphStyle("title", parent=styles.title, alignment=0, fontSize=15, leading=19)
    story: list[object] = [
        Paragraph(escape(t(N_("The akim's personal reception"))), title),
        Paragraph(escape(f"{akimat} · {format_weekday_date(day, lang)}"),
                  ParagraphStyle("sub", parent=styles.heading, spaceBefore=0)),
    ]
    booked = sum(1 for line in lines if not line.cancelled)
    story.append(Paragraph(escape(t(N_("Booked: {booked}; cancelled: {cancelled}",
                                       booked=booked, cancelled=len(lines) - booked))),
                           styles.small))
    story.append(Spacer(1, 3 * mm))
    if not lines:
        story.append(Paragraph(escape(t(N_("Nobody has booked this day."))), styles.body))
    else:
        story.append(_table(lines, t, cell, grey, head))
    footer = t(N_("Printed {time} by {login}", time=format_datetime(printed_at, lang),
                  login=printed_by))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
                            title=t(N_("The akim's personal reception")),
                            author=printed_by, lang=lang.value)
    page_word = t(N_("Page"))

    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN, f"{page_word} {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    logger.info("reception list of %s for %s: %d bookings (%s)", akimat, day, len(lines),
                lang.value)
    return buffer.getvalue()


def _table(lines: Sequence[ReceptionLine], t: Callable[[Message], str], cell: ParagraphStyle,
           grey: ParagraphStyle, head: ParagraphStyle) -> Table:
    header = [Paragraph("№", head)] + [Paragraph(escape(t(word)), head) for word in (
        N_("Appointment time"), N_("Full name"), N_("Topic"), N_("Phone"), N_("Status"),
        N_("Kiosk"), N_("Notes"))]
    rows: list[list[object]] = [header]
    for number, line in enumerate(lines, start=1):
        style = grey if line.cancelled else cell
        name = escape(line.name or "—")
        if line.note:
            name += f'<br/><font color="#B3261E" size="8">{escape(line.note)}</font>'
        values = (str(number), f"<b>{escape(line.time)}</b>", name, escape(line.topic),
                  escape(line.phone or "—"), escape(line.status), escape(line.kiosk), "")
        rows.append([Paragraph(value, style) for value in values])
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 1), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
    ]
    table.setStyle(TableStyle(commands))
    return table
