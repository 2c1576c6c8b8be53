"""The monthly report's downloads: CSV for Excel (BOM, semicolons, no formulas) and A4 PDF.

Both are fetched from the real server as a signed-in browser would, on SQLite and on
PostgreSQL, over the month of ``reports_data``; each download leaves an audit row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.catalogue import Catalogue
from kiosk.i18n import N_, Language, Message, Translator
from sync.server.console.report_csv import safe_cell
from tests.sync.server.console.reports_data import (
    HOSTILE,
    KIND_WORDS,
    MONTH,
    ReportWorld,
    report_world,
)


@pytest.fixture
def month(database_url: str, translator: Translator, catalogue: Catalogue,
          tmp_path: Path) -> Iterator[ReportWorld]:
    """The server with November 2026's records (SQLite, then PostgreSQL)."""
    with report_world(database_url, translator, catalogue, tmp_path) as world:
        yield world


def rows_of(body: bytes) -> list[list[str]]:
    """The CSV as Excel reads it: UTF-8 after the BOM, ``;`` between cells."""
    assert body.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would misread"
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";"))


def section(rows: list[list[str]], title: str) -> list[list[str]]:
    """The rows of one section (after its title and header, up to the blank line)."""
    start = rows.index([title]) + 2
    end = next((i for i in range(start, len(rows)) if not rows[i]), len(rows))
    return rows[start:end]


@pytest.mark.parametrize("text", ["=1+1", "+7 701", "-2", "@SUM(A1)", "\tx", "\r=1"])
def test_a_formula_like_cell_is_made_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Қарасу", "a=b", " =1", "", 12, "4,5"])
def test_other_cells_are_left_alone(value: object) -> None:
    assert safe_cell(value) == str(value)


def test_the_csv_opens_in_excel_with_exact_figures_and_no_formulas(
        month: ReportWorld, translator: Translator) -> None:
    def word(message: Message) -> str:
        return translator.render(message, Language.RU)

    office = month.sign_in("office.a")
    answer = office.get(f"/staff/reports.csv?month={MONTH}&lang=ru")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == \
        'attachment; filename="report-karasu-2026-11.csv"'
    assert b"\r\n" in answer.content
    rows = rows_of(answer.content)
    assert rows[0] == [word(N_("Monthly report")), word(N_("Akimat: {name}", name="karasu")),
                       "Ноябрь 2026", "2026-11"]
    assert section(rows, "Обращения по видам")[:3] == [["Заявление", "3"], ["Жалоба", "3"],
                                                       ["Предложение", "1"]]
    assert section(rows, word(N_("Answered on time"))) == [
        [word(N_("On time")), "3"], [word(N_("Late")), "2"],
        [word(N_("Still open after the deadline")), "1"],
        [word(N_("Share on time, %")), "50,0"]]  # the decimal comma of ru
    comments = [row for row in rows if len(row) == 5 and row[1].isdigit()]
    assert [row[4] for row in comments] == ["'" + HOSTILE, "Кезек өте ұзақ болды", KIND_WORDS]
    assert comments[0][:3] == ["09.11.2026 12:00", "1", "Земельные отношения"]
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
    assert "ZHIBEK" not in answer.text and "Ozen" not in answer.text
    [(login, _, record_id, detail)] = [row for row in month.audit_rows()
                                            if row[1] == "export-report-csv"]
    assert (login, record_id, detail) == ("office.a", None,
                                          "month=2026-11 place=akimat:karasu lang=ru")


def test_a_district_csv_has_a_line_per_akimat(month: ReportWorld) -> None:
    district = month.sign_in("district.arshaly")
    rows = rows_of(district.get(f"/staff/reports.csv?month={MONTH}&lang=en").content)
    lines = [row for row in rows if row[:1] in (["karasu"], ["zhibek"]) and len(row) == 7]
    assert lines == [["karasu", "7", "50.0", "1", "5", "5", "3.4"],
                     ["zhibek", "2", "50.0", "1", "2", "1", "3.0"]]
    overdue = [row[0] for row in rows if len(row) == 6 and row[0].endswith(("00006", "00002"))]
    assert overdue == ["KARASU-01-2026-00006", "ZHIBEK-01-2026-00002"]


def test_the_pdf_is_in_the_pages_language_with_the_comment_as_written(
        month: ReportWorld, tmp_path: Path) -> None:
    office = month.sign_in("office.a")
    answer = office.get(f"/staff/reports.pdf?month={MONTH}&lang=kk")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == \
        'attachment; filename="report-karasu-2026-11.pdf"'
    reader = PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for words in ("Қараша 2026", "Әлеуметтік мәселелер", "Жер қатынастары", "Өтініш",
                  "Шағым", "Тіркелді, қаралуын күтуде", "Әлия Нұрланқызы",
                  "KARASU-01-2026-00006", KIND_WORDS, "Қызмет көрсетуді бағалау"):
        assert words in text, words
    # The hostile comment is printed as text: its tags were not read as markup.
    assert '<script>alert("x")</script> <b>bold</b> &' in text
    assert "ZHIBEK" not in text
    russian = PdfReader(io.BytesIO(office.get(f"/staff/reports.pdf?month={MONTH}&lang=ru")
                                   .content))
    assert "Ноябрь 2026" in (russian.pages[0].extract_text() or "")
    exports = [(row[0], row[3]) for row in month.audit_rows() if row[1] == "export-report-pdf"]
    assert exports == [("office.a", "month=2026-11 place=akimat:karasu lang=kk"),
                       ("office.a", "month=2026-11 place=akimat:karasu lang=ru")]


def test_downloads_keep_to_the_scope(month: ReportWorld) -> None:
    clerk = month.sign_in("clerk.a")
    for path in ("/staff/reports.pdf", "/staff/reports.csv"):
        assert clerk.get(f"{path}?month={MONTH}").status_code == 404
    district = month.sign_in("district.arshaly")
    zhibek = district.get(f"/staff/reports.csv?month={MONTH}&akimat=zhibek&lang=en")
    assert zhibek.headers["content-disposition"] == \
        'attachment; filename="report-zhibek-2026-11.csv"'
    assert "ZHIBEK-01-2026-00002" in zhibek.text and "KARASU" not in zhibek.text
    assert district.get(f"/staff/reports.pdf?month={MONTH}&akimat=ozen").status_code == 404
    assert district.get("/staff/reports.csv?month=november").status_code == 400
    actions = [row[1] for row in month.audit_rows() if row[1].startswith("export")]
    assert actions == ["export-report-csv"]
