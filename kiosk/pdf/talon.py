"""The appeal coupon (талон, APPK art. 63) as an A4 PDF: texts first, then the page.

:func:`talon_text` renders every text of the coupon in one language (pure, testable);
:func:`appeal_talon_pdf` lays those texts out on an A4 page with a QR code of the status link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kiosk.appeals import Appeal
from kiosk.catalogue import Catalogue
from kiosk.clock import local_time
from kiosk.i18n import N_, Language, Message, Translator, format_date, format_datetime
from kiosk.pdf.fonts import REGULAR, Styles, paragraph_styles
from kiosk.tracking import format_tracking_code

logger = logging.getLogger(__name__)

MARGIN = 18 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN - 12  # the page frame pads 6 pt on each side
LABEL_WIDTH = 58 * mm
QR_SIZE = 46 * mm
GRID = colors.HexColor("#9a9a9a")
#: Table cells default to Helvetica, which has no Cyrillic and would not be embedded.
CELL_FONT = ("FONT", (0, 0), (-1, -1), REGULAR, 10)


@dataclass(frozen=True)
class TalonRow:
    """One labelled line of the coupon; ``strong`` values are printed in bold."""

    label: str
    value: str
    strong: bool = False


@dataclass(frozen=True)
class TalonText:
    """Every text the coupon shows, already in one language."""

    receiving_body_label: str
    receiving_body: str
    kiosk: str
    title: str
    legal_basis: str
    number_label: str
    number: str
    rows: tuple[TalonRow, ...]
    tracking_label: str
    tracking_code: str
    tracking_url: str
    status_note: str
    contacts_heading: str
    contacts: tuple[str, ...]


def talon_text(appeal: Appeal, catalogue: Catalogue, translator: Translator, lang: Language,
               *, tracking_url: str, kiosk_id: str) -> TalonText:
    """Render every text of the coupon for ``appeal`` in ``lang``."""
    def t(message: Message) -> str:
        return translator.render(message, lang)

    akimat = catalogue.akimat
    appeal_type = catalogue.appeal_types.get(appeal.appeal_type)
    type_name = appeal_type.name.text(lang) if appeal_type else appeal.appeal_type
    submitted = local_time(appeal.submitted_at, akimat.timezone)
    person = appeal.applicant
    rows = [
        TalonRow(t(N_("Date and time of submission")), format_datetime(submitted, lang)),
        TalonRow(t(N_("Date of registration")), format_date(appeal.registered_on, lang)),
        TalonRow(t(N_("Type of appeal")), type_name),
        TalonRow(t(N_("Topic")), appeal.topic),
        TalonRow(t(N_("Applicant")), person.full_name),
        TalonRow(t(N_("IIN")), person.masked_iin),
        TalonRow(t(N_("Phone")), person.masked_phone),
        TalonRow(t(N_("Reply due by")), format_date(appeal.deadline, lang), strong=True),
    ]
    return TalonText(
        receiving_body_label=t(N_("Receiving body")),
        receiving_body=akimat.name.text(lang),
        kiosk=t(N_("Self-service kiosk {kiosk_id}", kiosk_id=kiosk_id)),
        title=t(N_("Appeal registration coupon")),
        legal_basis=t(N_("Administrative Procedure Code of the Republic of Kazakhstan, "
                         "article 63")),
        number_label=t(N_("Registration number")),
        number=appeal.registration_number,
        rows=tuple(rows),
        tracking_label=t(N_("Tracking code")),
        tracking_code=format_tracking_code(appeal.tracking_code),
        tracking_url=tracking_url,
        status_note=t(N_("To check the status of your appeal, scan the QR code with your "
                         "phone camera, or enter the tracking code on the kiosk under "
                         "“Check status”. The deadline counts working days only; weekends "
                         "and public holidays are skipped. Keep this coupon until you "
                         "receive the reply.")),
        contacts_heading=t(N_("Akimat contacts")),
        contacts=(
            t(N_("Address: {address}", address=akimat.address.text(lang))),
            t(N_("Phone: {phone}", phone=akimat.phone)),
            t(N_("E-mail: {email}", email=akimat.email)),
        ),
    )


def qr_drawing(data: str, size: float) -> Drawing:
    """A ``size`` × ``size`` point drawing of a QR code (error correction M) of ``data``."""
    widget = QrCodeWidget(data, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0],
                      initialFontName=REGULAR)
    drawing.add(widget)
    return drawing


def paragraph(text: str, style: object) -> Paragraph:
    """A paragraph of plain ``text`` (escaped for reportlab's markup)."""
    return Paragraph(escape(text), style)


def _header(text: TalonText, styles: Styles) -> list[object]:
    return [
        paragraph(text.receiving_body_label, styles.centered_small),
        Paragraph(f"<b>{escape(text.receiving_body)}</b>", styles.centered),
        paragraph(text.kiosk, styles.centered_small),
        Spacer(1, 7 * mm),
        paragraph(text.title, styles.title),
        paragraph(text.legal_basis, styles.centered_small),
        Spacer(1, 5 * mm),
    ]


def _number_box(text: TalonText, styles: Styles) -> Table:
    box = Table([[paragraph(text.number_label, styles.centered)],
                 [paragraph(text.number, styles.number)]], colWidths=[CONTENT_WIDTH])
    box.setStyle(TableStyle([
        CELL_FONT,
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return box


def _details(text: TalonText, styles: Styles) -> Table:
    data = [[paragraph(row.label, styles.label),
             Paragraph(f"<b>{escape(row.value)}</b>" if row.strong else escape(row.value),
                       styles.value)] for row in text.rows]
    table = Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])
    table.setStyle(TableStyle([
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]))
    return table


def _tracking(text: TalonText, styles: Styles) -> Table:
    right = [
        paragraph(text.tracking_label, styles.label),
        paragraph(text.tracking_code, styles.code),
        paragraph(text.tracking_url, styles.small),
        Spacer(1, 3 * mm),
        paragraph(text.status_note, styles.small),
    ]
    table = Table([[qr_drawing(text.tracking_url, QR_SIZE), right]],
                  colWidths=[QR_SIZE + 6 * mm, CONTENT_WIDTH - QR_SIZE - 6 * mm])
    table.setStyle(TableStyle([
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def talon_story(text: TalonText, styles: Styles) -> list[object]:
    """The coupon's flowables (one A4 page): what the citizen's PDF and the file copy print."""
    return [
        *_header(text, styles),
        _number_box(text, styles),
        Spacer(1, 5 * mm),
        _details(text, styles),
        Spacer(1, 6 * mm),
        _tracking(text, styles),
        Spacer(1, 5 * mm),
        paragraph(text.contacts_heading, styles.heading),
        *(paragraph(line, styles.body) for line in text.contacts),
    ]


def appeal_talon_pdf(appeal: Appeal, catalogue: Catalogue, translator: Translator,
                     lang: Language, *, tracking_url: str, kiosk_id: str, path: Path) -> Path:
    """Write the A4 coupon of ``appeal`` in ``lang`` to ``path`` and return ``path``."""
    text = talon_text(appeal, catalogue, translator, lang, tracking_url=tracking_url,
                      kiosk_id=kiosk_id)
    story = talon_story(text, paragraph_styles())
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=text.title,
                            author=text.receiving_body, subject=text.number, lang=lang.value,
                            creator="akimat-kiosk", invariant=True, displayDocTitle=True,
                            initialFontName=REGULAR)
    doc.build(story)
    logger.info("wrote appeal coupon %s (%s) to %s", appeal.registration_number, lang.value,
                path)
    return path


__all__ = ["TalonRow", "TalonText", "appeal_talon_pdf", "paragraph", "qr_drawing", "talon_story",
           "talon_text"]
