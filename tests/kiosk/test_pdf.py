"""A4 PDFs: the appeal coupon and the statistics report in kk/ru/en, and the counts behind them.

Checks that need no PDF library: the file is a PDF, DejaVu Sans is embedded and no
non-embedded base font is used. When poppler-utils (``pdftotext``, ``pdftoppm``) or
``pypdf`` are present, the text is read back and the page is rendered to PNG.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFilter
from sqlite_utils import Database

from kiosk.appeals import Appeal, prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.catalogue import Catalogue
from kiosk.i18n import LANGUAGES, N_, Language, Translator
from kiosk.pdf import appeal_talon_pdf, statistics_report_pdf
from kiosk.pdf.fonts import BOLD, REGULAR, register_fonts
from kiosk.pdf.talon import talon_text
from kiosk.ratings import submit_rating
from kiosk.report_data import appeals_per_type, ratings_distribution, tickets_per_day
from kiosk.tickets import issue_ticket
from tests.conftest import OPEN_MORNING, at

PERSON = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78",
                         "Қарасу ауылы, Абай көшесі, 5")
KIOSK = "karasu-01"
URL = "https://status.example.kz/t/"
TZ = "Asia/Almaty"
DEC_1, DEC_4 = dt.date(2026, 12, 1), dt.date(2026, 12, 4)
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
NO_POPPLER = "poppler-utils (pdftotext, pdftoppm) is not installed: apt install poppler-utils"


def _appeal(db: Database, catalogue: Catalogue, appeal_type: str = "application",
            when: dt.datetime = OPEN_MORNING) -> Appeal:
    draft = prepare_draft(catalogue, appeal_type=appeal_type,
                          topic="Абай көшесіндегі шам (Ә Ғ Қ Ң Ө Ұ Ү Һ І)",
                          text="Абай көшесінде шам жанбайды.", applicant=PERSON, consent=True,
                          language=Language.KK, text_max=3000)
    return submit_appeal(db, catalogue, KIOSK, draft, when)


def _rate(db: Database, catalogue: Catalogue, score: int, when: dt.datetime) -> None:
    submit_rating(db, catalogue, score=score, reasons=[], comment="", department=None,
                  language=Language.KK, now=when, comment_max=500)


def _assert_pdf(path: Path) -> bytes:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in data  # an embedded TrueType font program
    assert f"+{REGULAR}".encode() in data and f"+{BOLD}".encode() in data  # subset tags
    assert b"/Helvetica" not in data  # no base-14 font without Cyrillic, not embedded
    assert 10_000 < len(data) < 1_000_000
    return data


def _text(path: Path) -> str:
    """The PDF's text as poppler reads it (skips without poppler)."""
    if not POPPLER:
        pytest.skip(NO_POPPLER)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                            capture_output=True, text=True, timeout=60)
    return " ".join(result.stdout.split())


def _render(path: Path, tmp_path: Path) -> list[Image.Image]:
    """Every page rendered by pdftoppm at 60 dpi (skips without poppler)."""
    if not POPPLER:
        pytest.skip(NO_POPPLER)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    pages = [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]
    assert pages
    return pages


def _inked(page: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of dark pixels in ``box`` of a greyscale page."""
    region = page.crop(box)
    return sum(region.histogram()[:128]) / (region.width * region.height)


def _argmax(image: Image.Image) -> tuple[int, int]:
    """Where a greyscale image is brightest (the first such pixel)."""
    peak = image.getextrema()[1]
    mask = image.point(lambda v: 255 if v == peak else 0)
    left, top, _, _ = mask.getbbox() or (0, 0, 0, 0)
    return left, top


# ---------------------------------------------------------------- the talon


def test_fonts_register_once() -> None:
    register_fonts()
    register_fonts()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_talon_texts_in_each_language(db: Database, catalogue: Catalogue,
                                      translator: Translator, lang: Language) -> None:
    appeal = _appeal(db, catalogue)
    text = talon_text(appeal, catalogue, translator, lang, tracking_url=URL + "X",
                      kiosk_id=KIOSK)
    assert text.receiving_body == catalogue.akimat.name.text(lang)
    assert text.kiosk == translator.render(N_("Self-service kiosk {kiosk_id}",
                                              kiosk_id=KIOSK), lang)
    assert text.number == "KARASU-01-2026-00001"
    code = appeal.tracking_code
    assert text.tracking_code == f"{code[:5]}-{code[5:]}"
    values = [row.value for row in text.rows]
    expected_date = {Language.KK: "2026 жылғы 1 желтоқсан", Language.RU: "1 декабря 2026",
                     Language.EN: "1 December 2026"}[lang]
    assert values[0] == f"{expected_date}, 10:00"  # Asia/Almaty local time
    assert catalogue.appeal_types["application"].name.text(lang) in values
    assert "9001******03" in values and "+7 (701) ***-**-78" in values
    assert PERSON.iin not in values and "Әлия Нұрланқызы" in values
    deadline = text.rows[-1]
    assert deadline.strong and deadline.value == {  # as an official document writes it
        Language.KK: "2026 жылғы 23 желтоқсан", Language.RU: "23 декабря 2026",
        Language.EN: "23 December 2026"}[lang]
    assert any(catalogue.akimat.phone in line for line in text.contacts)


def test_talon_time_is_the_akimats_local_time(db: Database, catalogue: Catalogue,
                                              translator: Translator) -> None:
    utc_moment = dt.datetime(2026, 12, 1, 4, 30, tzinfo=dt.UTC)  # 09:30 in Almaty (UTC+5)
    appeal = _appeal(db, catalogue, when=utc_moment)
    text = talon_text(appeal, catalogue, translator, Language.EN, tracking_url=URL,
                      kiosk_id=KIOSK)
    assert text.rows[0].value == "1 December 2026, 09:30"


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_talon_pdf_in_each_language(db: Database, catalogue: Catalogue,
                                    translator: Translator, lang: Language,
                                    tmp_path: Path) -> None:
    appeal = _appeal(db, catalogue)
    url = URL + appeal.tracking_code
    path = appeal_talon_pdf(appeal, catalogue, translator, lang, tracking_url=url,
                            kiosk_id=KIOSK, path=tmp_path / "out" / f"talon-{lang.value}.pdf")
    assert path == tmp_path / "out" / f"talon-{lang.value}.pdf"
    _assert_pdf(path)
    text = _text(path)
    for expected in (catalogue.akimat.name.text(lang), appeal.registration_number,
                     catalogue.appeal_types["application"].name.text(lang),
                     "Ә Ғ Қ Ң Ө Ұ Ү Һ І", "9001******03", url,
                     f"{appeal.tracking_code[:5]}-{appeal.tracking_code[5:]}",
                     catalogue.akimat.address.text(lang)):
        assert expected in text, expected


def test_talon_with_pypdf(db: Database, catalogue: Catalogue, translator: Translator,
                          tmp_path: Path) -> None:
    if importlib.util.find_spec("pypdf") is None:
        pytest.skip("pypdf is not installed")
    import pypdf

    appeal = _appeal(db, catalogue)
    path = appeal_talon_pdf(appeal, catalogue, translator, Language.KK, tracking_url=URL,
                            kiosk_id=KIOSK, path=tmp_path / "talon.pdf")
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    assert reader.metadata is not None
    assert reader.metadata.title == translator.render(N_("Appeal registration coupon"),
                                                      Language.KK)
    assert "Қарасу" in reader.pages[0].extract_text()


def test_talon_page_renders_with_the_qr_code(db: Database, catalogue: Catalogue,
                                             translator: Translator, tmp_path: Path) -> None:
    appeal = _appeal(db, catalogue)
    path = appeal_talon_pdf(appeal, catalogue, translator, Language.KK,
                            tracking_url=URL + appeal.tracking_code, kiosk_id=KIOSK,
                            path=tmp_path / "talon.pdf")
    pages = _render(path, tmp_path)
    assert len(pages) == 1  # the coupon fits on one sheet
    page = pages[0]
    width, height = page.size
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1  # A4 at 60 dpi
    # The page is mostly white paper, with text on it.
    assert 0.02 < _inked(page, (0, 0, width, height)) < 0.25
    # Only a QR code is that dense over a 61 px (26 mm) square: about half of it is dark.
    ink = page.point(lambda v: 255 if v < 128 else 0).filter(ImageFilter.BoxBlur(30))
    densest = ink.getextrema()[1] / 255
    assert 0.35 < densest < 0.7
    x, y = _argmax(ink)
    assert x < width / 2 and height / 2 < y < height * 0.85  # lower left, beside the code


def test_talon_qr_code_scans_to_the_tracking_url(db: Database, catalogue: Catalogue,
                                                 translator: Translator,
                                                 tmp_path: Path) -> None:
    if importlib.util.find_spec("zxingcpp") is None:
        pytest.skip("zxing-cpp (QR decoder) is not installed")
    import zxingcpp

    appeal = _appeal(db, catalogue)
    url = URL + appeal.tracking_code
    path = appeal_talon_pdf(appeal, catalogue, translator, Language.RU, tracking_url=url,
                            kiosk_id=KIOSK, path=tmp_path / "talon.pdf")
    found = zxingcpp.read_barcodes(_render(path, tmp_path)[0])
    assert [(b.format, b.text) for b in found] == [(zxingcpp.BarcodeFormat.QRCode, url)]


# ---------------------------------------------------------------- the counts


@pytest.fixture
def activity(db: Database, catalogue: Catalogue) -> Database:
    """Tickets, appeals and ratings on 30 Nov … 7 Dec 2026 (Mon … Mon)."""
    plan = {(30, "social"): 1, (1, "social"): 2, (1, "land"): 1, (2, "land"): 3,
            (4, "military"): 1, (7, "social"): 2}
    for (day, department), count in plan.items():
        month = 11 if day == 30 else 12
        for minute in range(count):
            issue_ticket(db, catalogue, department, at(2026, month, day, 10, minute),
                         Language.KK)
    _appeal(db, catalogue, "application", at(2026, 12, 1, 11))
    _appeal(db, catalogue, "application", at(2026, 12, 3, 11))
    _appeal(db, catalogue, "complaint", at(2026, 12, 4, 17))
    _appeal(db, catalogue, "proposal", at(2026, 11, 30, 11))  # before the period
    _appeal(db, catalogue, "request", at(2026, 12, 5, 12))  # Saturday: registered 7 Dec
    for score, when in ((5, at(2026, 12, 1, 11)), (5, at(2026, 12, 2, 11)),
                        (4, at(2026, 12, 3, 11)), (1, at(2026, 12, 4, 12)),
                        (3, at(2026, 12, 2, 2)),  # 21:00 UTC on 1 Dec: still 2 Dec locally
                        (2, at(2026, 12, 1, 3)),  # 22:00 UTC on 30 Nov: 1 Dec locally
                        (5, at(2026, 12, 5, 3)),  # 22:00 UTC on 4 Dec: after the period
                        (1, at(2026, 11, 30, 23, 59))):
        _rate(db, catalogue, score, when)
    return db


def test_tickets_per_department_per_day(activity: Database) -> None:
    data = tickets_per_day(activity, DEC_1, DEC_4)
    assert data.total == 7
    assert data.departments == ("land", "military", "social")
    assert data.count("social", DEC_1) == 2 and data.count("land", DEC_1) == 1
    assert data.count("land", dt.date(2026, 12, 2)) == 3
    assert data.count("military", DEC_4) == 1 and data.count("social", DEC_4) == 0
    assert data.department_total("social") == 2  # 30 Nov and 7 Dec are outside
    assert [data.day_total(day) for day in data.days] == [3, 3, 0, 1]
    assert tickets_per_day(activity, DEC_1, DEC_1).total == 3


def test_appeals_per_type_by_registration_day(activity: Database) -> None:
    data = appeals_per_type(activity, DEC_1, dt.date(2026, 12, 6))
    assert {c.appeal_type: c.count for c in data.counts} == {"application": 2, "complaint": 1}
    assert data.total == 3 and data.count("request") == 0
    assert appeals_per_type(activity, dt.date(2026, 12, 7), dt.date(2026, 12, 7)).count(
        "request") == 1


def test_ratings_distribution_by_local_day(activity: Database) -> None:
    data = ratings_distribution(activity, DEC_1, DEC_4, TZ)
    assert data.per_score == (1, 1, 1, 1, 2)
    assert data.total == 6
    assert data.average == pytest.approx((1 + 2 + 3 + 4 + 5 + 5) / 6)
    assert data.count(5) == 2
    with pytest.raises(ValueError, match=r"1\.\.5"):
        data.count(6)
    utc_days = ratings_distribution(activity, DEC_1, DEC_4, "UTC")
    assert utc_days.per_score == (1, 0, 1, 1, 3)


def test_an_empty_period_has_no_average(db: Database) -> None:
    data = ratings_distribution(db, DEC_1, DEC_4, TZ)
    assert data.per_score == (0, 0, 0, 0, 0) and data.average is None
    assert tickets_per_day(db, DEC_1, DEC_4).total == 0
    assert len(tickets_per_day(db, DEC_1, DEC_4).days) == 4


def test_a_period_that_ends_before_it_starts_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        tickets_per_day(db, DEC_4, DEC_1)


# ---------------------------------------------------------------- the report


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_statistics_report_in_each_language(activity: Database, catalogue: Catalogue,
                                            translator: Translator, lang: Language,
                                            tmp_path: Path) -> None:
    path = statistics_report_pdf(activity, catalogue, translator, lang, start=DEC_1,
                                 end=DEC_4, path=tmp_path / f"report-{lang.value}.pdf")
    _assert_pdf(path)
    text = _text(path)
    for expected in (catalogue.akimat.name.text(lang),
                     catalogue.department("social").name.text(lang),
                     catalogue.department("land").name.text(lang),
                     catalogue.appeal_types["complaint"].name.text(lang),
                     "01.12.2026", "04.12.2026"):
        assert expected in text, expected
    average = "3,3" if lang in (Language.KK, Language.RU) else "3.3"
    assert translator.render(N_("Average score: {average} of 5; ratings: {count}",
                                average=average, count=6), lang) in text


def test_statistics_report_pages_render(activity: Database, catalogue: Catalogue,
                                        translator: Translator, tmp_path: Path) -> None:
    path = statistics_report_pdf(activity, catalogue, translator, Language.KK, start=DEC_1,
                                 end=DEC_4, path=tmp_path / "report.pdf")
    pages = _render(path, tmp_path)
    assert 1 <= len(pages) <= 3
    assert all(0.01 < _inked(p, (0, 0, p.width, p.height)) < 0.3 for p in pages)


def test_statistics_report_of_an_empty_month(db: Database, catalogue: Catalogue,
                                             translator: Translator, tmp_path: Path) -> None:
    path = statistics_report_pdf(db, catalogue, translator, Language.RU,
                                 start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30),
                                 path=tmp_path / "empty.pdf")
    _assert_pdf(path)
    text = _text(path)
    assert translator.render(N_("No tickets were issued in this period."), Language.RU) in text
    assert translator.render(N_("Nobody rated the service in this period."),
                             Language.RU) in text
