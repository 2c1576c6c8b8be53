"""The appeal's A4 PDF for the paper file: content, talon, scope, audit, long texts.

Every test downloads the PDF over HTTP from the real server (SQLite, then PostgreSQL) as a
signed-in clerk and reads it back with pypdf.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from kiosk.catalogue.loader import load_catalogue
from kiosk.i18n import N_, Language, Translator
from kiosk.pdf.appeal_file import appeal_from_payload
from kiosk.pdf.talon import appeal_talon_pdf
from kiosk.tracking import tracking_url
from sync.server.accounts import Scope
from sync.server.inbox import find_record
from tests.conftest import CATALOGUE_DIR
from tests.helpers.documents import catalogue_files
from tests.sync.server.console.conftest import APPEALS, World
from tests.sync.server.live import PII, document

KAZAKH_TEXT = "Біздің көшеде шам жанбайды. Мекенжайым: Абай 12."


def pages(data: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def export_rows(world: World, record_id: int) -> list[tuple[object, ...]]:
    """The ``export-pdf`` audit rows of a record as (login, action, record_id)."""
    return [tuple(row[:3]) for row in world.audit_rows(record_id) if row[1] == "export-pdf"]


def test_clerk_downloads_the_appeal_with_its_talon(world: World, translator: Translator
                                                   ) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    answer = clerk.get(f"/staff/appeals/{record_id}/pdf")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == \
        'attachment; filename="appeal-KARASU-01-2026-00002.pdf"'
    assert answer.headers["cache-control"] == "no-store"
    assert answer.content.startswith(b"%PDF-")
    text = pages(answer.content)
    first, talon = text[0], text[-1]
    number = APPEALS["a_new"][1]
    assert number in first and number in talon
    assert KAZAKH_TEXT in first
    # The file keeps the full IIN, phone and address; the talon masks them as printed.
    assert PII["iin"] in first and "+7 (701) 555-01-23" in first and PII["address"] in first
    assert PII["iin"] not in talon and "8805******17" in talon
    assert translator.render(N_("Appeal registration coupon"), Language.KK) in talon
    assert "Өтінішті тіркеу талоны" in talon  # the kk word itself, not an English fallback
    assert export_rows(world, record_id) == [("clerk.a", "export-pdf", record_id)]


def test_another_akimats_clerk_gets_404_and_no_audit_row(world: World) -> None:
    clerk_b = world.sign_in("clerk.b")
    record_id = world.ids["a_new"]
    answer = clerk_b.get(f"/staff/appeals/{record_id}/pdf?lang=en")
    assert answer.status_code == 404
    assert not answer.content.startswith(b"%PDF")
    assert APPEALS["a_new"][2] not in answer.text and PII["iin"] not in answer.text
    assert export_rows(world, record_id) == []
    # The district admin of both akimats may print it; a broken id is simply not found.
    district = world.sign_in("district.arshaly")
    assert district.get(f"/staff/appeals/{record_id}/pdf").status_code == 200
    assert district.get("/staff/appeals/12x/pdf").status_code == 404
    assert export_rows(world, record_id) == [("district.arshaly", "export-pdf", record_id)]


def test_signed_out_browser_is_sent_to_sign_in(world: World) -> None:
    answer = world.client().get(f"/staff/appeals/{world.ids['a_new']}/pdf")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/staff/login?next=")
    assert export_rows(world, world.ids["a_new"]) == []


def test_a_long_text_flows_onto_further_pages(world: World) -> None:
    sentences = [f"{i:03d}-сөйлем: көшедегі шам үш айдан бері жанбайды." for i in range(1, 200)]
    text = " ".join(sentences)[:4000]
    assert len(text) == 4000
    last_word = text.split()[-1]
    [record_id] = world.send_appeals("karasu-01", 1, text=text)
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{record_id}/pdf")
    assert answer.status_code == 200
    text_pages = pages(answer.content)
    assert len(text_pages) >= 3  # the appeal over two pages or more, then the talon
    assert "Өтінішті тіркеу талоны" in text_pages[-1]
    marks = [f"{i:03d}-сөйлем" for i in range(1, 200) if f"{i:03d}-сөйлем" in text]
    assert len(marks) > 70
    flowed = " ".join(" ".join(text_pages[:-1]).split())
    assert [mark for mark in marks if mark not in flowed] == []
    assert any(mark in text_pages[1] for mark in marks), "the text did not go on to page 2"
    assert flowed.count(last_word) >= 1 and text[-40:].split()[-1] in flowed


def test_one_unbroken_word_of_4000_letters_is_wrapped_not_cut(world: World) -> None:
    word = "һ" * 3996 + "СОҢЫ"  # һ appears in no label of the PDF
    [record_id] = world.send_appeals("karasu-01", 1, text=word)
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{record_id}/pdf")
    assert answer.status_code == 200
    text = "".join(pages(answer.content))
    assert text.count("һ") == 3996 and "һСОҢЫ" in text


def test_the_talon_page_is_the_kiosks_talon(world: World, translator: Translator,
                                            tmp_path: Path) -> None:
    """The file's last page reads exactly as appeal_talon_pdf lays the talon out."""
    record_id = world.ids["a_overdue"]
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{record_id}/pdf")
    view = find_record(world.store.db, Scope("region"), record_id, "appeal")
    assert view is not None
    appeal = appeal_from_payload(view.payload)
    catalogue = load_catalogue(CATALOGUE_DIR)
    standalone = appeal_talon_pdf(appeal, catalogue, translator, Language.KK,
                                  tracking_url=tracking_url(world.url, appeal.tracking_code),
                                  kiosk_id="karasu-01", path=tmp_path / "talon.pdf")
    [talon] = pages(standalone.read_bytes())
    assert talon.strip() in pages(answer.content)[-1]


def test_the_talon_names_the_akimat_of_the_catalogue_published_to_the_kiosk(
        world: World) -> None:
    shipped = catalogue_files()
    akimat = shipped["akimat.toml"].replace("Қарасу ауылдық округі әкімінің аппараты",
                                            "Жаңа Қарасу ауылдық округінің әкімдігі", 1)
    assert akimat != shipped["akimat.toml"]
    files = catalogue_files(**{"akimat.toml": akimat,
                               "manifest.toml": 'version = "2026.12.9"\n'})
    published = world.live.publish(document("catalogue", "2026.12.9", files), "kiosk",
                                   "karasu-01")
    assert published.status_code == 201, published.text
    clerk = world.sign_in("clerk.a")
    karasu = pages(clerk.get(f"/staff/appeals/{world.ids['a_new']}/pdf").content)
    assert "Жаңа Қарасу ауылдық округінің әкімдігі" in karasu[-1]
    # Another kiosk's appeal keeps the catalogue the console has (none published to it).
    district = world.sign_in("district.arshaly")
    zhibek = pages(district.get(f"/staff/appeals/{world.ids['b_soon']}/pdf").content)
    assert "Жаңа Қарасу" not in zhibek[-1]
    assert "Қарасу ауылдық округі әкімінің аппараты" in zhibek[-1]


def test_a_record_whose_talon_cannot_be_rebuilt_still_prints(world: World) -> None:
    [record_id] = world.send_appeals("karasu-01", 1, submitted_at="yesterday",
                                     topic="Т" * 5000)
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{record_id}/pdf?lang=en")
    assert answer.status_code == 200, answer.text[:300]
    text = " ".join(" ".join(pages(answer.content)).split())
    assert "The coupon cannot be rebuilt from the stored record: submitted_at" in text
    assert export_rows(world, record_id) == [("clerk.a", "export-pdf", record_id)]


def test_oversized_fields_are_cut_to_fit_the_talon(world: World) -> None:
    """A kiosk keeps the topic to 150 and the address to 200 characters; a stored record
    with more still prints (a table row taller than a page made it a 500)."""
    [record_id] = world.send_appeals("karasu-01", 1, topic="Т" * 5000, address="А" * 5000,
                                     full_name="Ж" * 5000)
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{record_id}/pdf")
    assert answer.status_code == 200, answer.text[:300]
    text = "".join("".join(pages(answer.content)).split())
    talon = text[text.index("Өтініштітіркеуталоны"):]  # it may take two pages now
    assert "Т" * 150 in talon and "Т" * 151 not in talon


def test_page_one_follows_the_console_language_the_talon_the_citizens(world: World) -> None:
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{world.ids['a_new']}/pdf?lang=ru")
    text = pages(answer.content)
    assert "Заявитель" in text[0] and "Өтініш беруші" not in text[0]
    assert "Өтінішті тіркеу талоны" in text[-1]
