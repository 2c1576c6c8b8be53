"""The appeal for the akimat's paper file as an A4 PDF: the whole appeal, then its talon.

The first page (and as many more as a long text or reply needs) carries everything the
file keeps: numbers, dates, type and topic, the applicant with the full IIN, phone and
address, the consent, the kiosk, the deadline, the current status and reply and every
status change. The last page is the appeal's talon exactly as
:mod:`kiosk.pdf.talon` lays it out, rebuilt from the stored record. Qt-free: the regional
server's console builds it from what a kiosk sent.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.appeals import TOPIC_MAX, Appeal
from kiosk.applicant import ADDRESS_MAX, Applicant
from kiosk.catalogue import Catalogue
from kiosk.i18n import N_, Language, Message, Translator, format_date, format_datetime
from kiosk.kinds import status_word
from kiosk.pdf.fonts import REGULAR, Styles, paragraph_styles

# The talon's own layout, so its page in the file is the coupon the citizen holds (a test
# compares the two).
from kiosk.pdf.talon import (
    CELL_FONT,
    CONTENT_WIDTH,
    GRID,
    LABEL_WIDTH,
    MARGIN,
    paragraph,
    talon_story,
    talon_text,
)
from kiosk.tracking import format_tracking_code
from kiosk.validators.phone import format_phone

logger = logging.getLogger(__name__)

FOOTER_Y = 9 * mm
#: The longest value a row of the facts tables shows (the topic is at most 150 at a kiosk).
FACT_MAX = 600
NAME_MAX = 200
_CONTROL = {i: None for i in (*range(0x20), *range(0x7F, 0xA0)) if chr(i) not in "\n"}
_LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@dataclass(frozen=True)
class FileStep:
    """One status change of the appeal: when, by whom, from what to what, reply, reason."""

    at: str
    login: str
    old_status: str
    new_status: str
    reply: str = ""
    reason: str = ""


@dataclass(frozen=True)
class AppealFile:
    """An appeal as the regional server keeps it: its columns, the kiosk's payload, history."""

    kiosk_id: str
    number: str
    tracking_code: str
    status: str
    reply: str
    deadline: str
    received_at: str
    status_updated_at: str
    language: str
    payload: Mapping[str, Any]
    history: tuple[FileStep, ...] = ()


def _text(value: object) -> str:
    """A payload value as printable text ('' for anything that is not text or a number)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).replace("\r\n", "\n").translate(_CONTROL)


def _moment(value: object, field: str) -> dt.datetime:
    text = _text(value)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{field}: not a date and time ({text[:40]!r})") from exc
    if moment.tzinfo is None:
        raise ValueError(f"{field}: has no time zone ({text[:40]!r})")
    return moment


def _day(value: object, field: str) -> dt.date:
    text = _text(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ValueError(f"{field}: not a date ({text[:40]!r})") from exc


def appeal_from_payload(payload: Mapping[str, Any], language: str = "") -> Appeal:
    """The kiosk's :class:`~kiosk.appeals.Appeal` rebuilt from a stored record's payload.

    ``language`` (the record's column) is used when the payload names none it knows.

    :raises ValueError: naming the field that cannot be read (a date, the numbers).
    """
    number, code = _text(payload.get("registration_number")), _text(payload.get("tracking_code"))
    if not number or not code:
        raise ValueError("registration_number and tracking_code: both are needed")
    known = {lang.value: lang for lang in Language}
    lang = known.get(_text(payload.get("language"))) or known.get(language) or Language.KK
    # Cut as a kiosk cuts them, so the talon's rows fit on its page whatever was stored.
    person = Applicant(_text(payload.get("full_name"))[:NAME_MAX],
                       _text(payload.get("iin"))[:20], _text(payload.get("phone"))[:20],
                       _text(payload.get("address"))[:ADDRESS_MAX])
    return Appeal(uuid=_text(payload.get("uuid")), registration_number=number[:64],
                  tracking_code=code, appeal_type=_text(payload.get("appeal_type"))[:100],
                  topic=_text(payload.get("topic"))[:TOPIC_MAX],
                  text=_text(payload.get("text")),
                  applicant=person, language=lang,
                  submitted_at=_moment(payload.get("submitted_at"), "submitted_at"),
                  registered_on=_day(payload.get("registered_on"), "registered_on"),
                  deadline=_day(payload.get("deadline"), "deadline"))


class _Writer:
    """Renders one language's texts and makes the page-one flowables."""

    def __init__(self, translator: Translator, lang: Language, catalogue: Catalogue) -> None:
        self.translator, self.lang, self.catalogue = translator, lang, catalogue
        self.styles: Styles = paragraph_styles()
        self.zone = zoneinfo.ZoneInfo(catalogue.akimat.timezone)

    def t(self, message: Message) -> str:
        """``message`` in the file's language."""
        return self.translator.render(message, self.lang)

    def moment(self, text: str) -> str:
        """A stored ISO time in the akimat's zone, or the text itself when unreadable."""
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text or "—"
        if moment.tzinfo is None:
            return text
        return format_datetime(moment.astimezone(self.zone), self.lang)

    def day(self, text: str) -> str:
        """A stored ISO date in words, or the text itself when unreadable."""
        try:
            return format_date(dt.date.fromisoformat(text[:10]), self.lang)
        except ValueError:
            return text or "—"

    def status(self, code: str) -> str:
        """The registry's word for an appeal status (the code when unknown)."""
        word = status_word("appeal", code)
        return self.t(word) if word else code

    def facts(self, rows: list[tuple[str, str]], strong: tuple[int, ...] = ()) -> Table:
        """A two-column table of labels and values, like the talon's."""
        def cell(index: int, value: str) -> Paragraph:
            # A kiosk keeps these short; a longer one is cut so its row fits on a page.
            shown = escape(value if len(value) <= FACT_MAX else value[:FACT_MAX] + "…")
            return Paragraph(f"<b>{shown}</b>" if index in strong else shown,
                             self.styles.value)

        data = [[paragraph(label, self.styles.label), cell(index, value)]
                for index, (label, value) in enumerate(rows)]
        table = Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])
        table.setStyle(TableStyle([
            CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRID),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ]))
        return table

    def prose(self, text: str, style: Any = None) -> list[Flowable]:
        """Free text as paragraphs (a blank line starts one) that flow onto further pages
        without leaving a single line of one behind or ahead."""
        base = style or self.styles.body
        kept = ParagraphStyle(f"{base.name}-prose", parent=base, allowWidows=0,
                              allowOrphans=0, spaceAfter=4)
        blocks = [block.strip("\n") for block in text.split("\n\n")]
        return [Paragraph("<br/>".join(escape(line) for line in block.split("\n")), kept)
                for block in blocks if block.strip()]

    def heading(self, message: Message) -> Paragraph:
        """A section heading."""
        return paragraph(self.t(message), self.styles.heading)


def _appeal_section(w: _Writer, record: AppealFile) -> list[Flowable]:
    payload = record.payload
    type_code = _text(payload.get("appeal_type"))
    found = w.catalogue.appeal_types.get(type_code)
    submitted = _text(payload.get("submitted_at"))
    code = record.tracking_code or _text(payload.get("tracking_code"))
    return [
        w.heading(N_("Appeal")),
        w.facts([
            (w.t(N_("Registration number")), record.number or "—"),
            (w.t(N_("Tracking code")), format_tracking_code(code) if len(code) == 10 else code),
            (w.t(N_("Type of appeal")), found.name.text(w.lang) if found else type_code),
            (w.t(N_("Topic")), _text(payload.get("topic"))),
            (w.t(N_("Date and time of submission")),
             w.moment(submitted) + " · " + w.t(N_("Self-service kiosk {kiosk_id}",
                                                  kiosk_id=record.kiosk_id))),
            (w.t(N_("Date of registration")), w.day(_text(payload.get("registered_on")))),
            (w.t(N_("Received by the regional server")), w.moment(record.received_at)),
            (w.t(N_("Reply due by")), w.day(record.deadline)),
            (w.t(N_("Citizen's language")),
             _LANGUAGE_NAMES.get(record.language, record.language or "—")),
        ], strong=(0, 7)),
    ]


def _applicant_section(w: _Writer, record: AppealFile) -> list[Flowable]:
    payload = record.payload
    consent = _text(payload.get("consent_at"))
    return [
        w.heading(N_("Applicant")),
        w.facts([
            (w.t(N_("Full name")), _text(payload.get("full_name"))),
            (w.t(N_("IIN")), _text(payload.get("iin")) or "—"),
            (w.t(N_("Phone")), format_phone(_text(payload.get("phone"))) or "—"),
            (w.t(N_("Address")), _text(payload.get("address")) or "—"),
            (w.t(N_("Consent to the processing of personal data")),
             w.t(N_("given at {time}", time=w.moment(consent))) if consent
             else w.t(N_("not recorded"))),
        ]),
    ]


def _status_section(w: _Writer, record: AppealFile) -> list[Flowable]:
    out: list[Flowable] = [
        w.heading(N_("Reply and status")),
        w.facts([(w.t(N_("Status")), w.status(record.status)),
                 (w.t(N_("Status changed")), w.moment(record.status_updated_at)
                  if record.status_updated_at else "—")], strong=(0,)),
        Spacer(1, 3 * mm),
        paragraph(w.t(N_("Current reply")), w.styles.label),
    ]
    out += w.prose(record.reply) if record.reply.strip() else [
        paragraph(w.t(N_("No reply yet.")), w.styles.body)]
    out.append(w.heading(N_("History")))
    out.append(paragraph(f"{w.moment(record.received_at)} · "
                  + w.t(N_("Received from kiosk {kiosk}", kiosk=record.kiosk_id)) + " · "
                  + w.status("registered"), w.styles.body))
    for step in record.history:
        line = escape(f"{w.moment(step.at)} · {step.login}: {w.status(step.old_status)} → ")
        line += f"<b>{escape(w.status(step.new_status))}</b>"
        if step.reason:
            line += escape(f" · {_text(step.reason)}")
        entry: list[Flowable] = [Spacer(1, 2 * mm), Paragraph(line, w.styles.body)]
        if step.reply.strip():
            entry += w.prose(_text(step.reply), w.styles.small)
        out.append(KeepTogether(entry))
    return out


def _footer(number: str, label: Callable[[int], str]) -> Any:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN + 6, FOOTER_Y, number)
        canvas.drawRightString(A4[0] - MARGIN - 6, FOOTER_Y,
                               label(doc.page))
        canvas.restoreState()

    return draw


def appeal_file_pdf(record: AppealFile, catalogue: Catalogue, translator: Translator,
                    lang: Language, *, tracking_url: str, printed_at: dt.datetime,
                    printed_by: str) -> bytes:
    """The A4 file copy of ``record`` in ``lang`` with its talon (in the citizen's language)
    on the last page; ``catalogue`` is the one the appeal's kiosk runs (the akimat's details).
    """
    w = _Writer(translator, lang, catalogue)
    styles = w.styles
    number = record.number or record.tracking_code
    title = w.t(N_("Appeal {number}", number=number))
    story: list[Flowable] = [
        paragraph(catalogue.akimat.name.text(lang), styles.centered_small),
        Spacer(1, 3 * mm),
        paragraph(title, styles.title),
        paragraph(w.t(N_("Copy for the paper file, printed {time} by {login}",
                  time=format_datetime(printed_at.astimezone(w.zone), lang),
                  login=printed_by)), styles.centered_small),
        Spacer(1, 2 * mm),
        *_appeal_section(w, record),
        *_applicant_section(w, record),
        w.heading(N_("Text of the appeal")),
        *w.prose(_text(record.payload.get("text"))),
        *_status_section(w, record),
    ]
    try:
        appeal = appeal_from_payload(record.payload, record.language)
    except ValueError as exc:
        logger.warning("appeal %s: the talon cannot be rebuilt: %s", number, exc)
        story += [w.heading(N_("Appeal registration coupon")),
                  paragraph(w.t(N_("The coupon cannot be rebuilt from the stored record: {reason}",
                            reason=str(exc))), styles.body)]
    else:
        text = talon_text(appeal, catalogue, translator, appeal.language,
                          tracking_url=tracking_url, kiosk_id=record.kiosk_id)
        story += [PageBreak(), *talon_story(text, styles)]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN, title=title,
                          author=catalogue.akimat.name.text(lang), subject=number,
                          lang=lang.value, creator="akimat-kiosk", invariant=True,
                          displayDocTitle=True, initialFontName=REGULAR)
    frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="body")
    footer = _footer(number, lambda page: w.t(N_("Page {page}", page=page)))
    doc.addPageTemplates([PageTemplate("file", [frame], onPage=footer)])
    doc.build(story)
    logger.info("built the file copy of appeal %s (%s, %d pages)", number, lang.value, doc.page)
    return buffer.getvalue()


__all__ = ["AppealFile", "FileStep", "appeal_file_pdf", "appeal_from_payload"]
