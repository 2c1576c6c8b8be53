"""A clerk's day in the staff console, in headless Chromium: sign in, filter, open, reply."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Console, sign_in
from tests.sync.server.live import appeal, booking


def _send_appeals(console: Console) -> dict[str, str]:
    """Three appeals at Karasu, one at Oktyabr; returns registration number → tracking code."""
    records = {
        "karasu-01": [
            appeal("Көше жарығы жанбайды", registration_number="KARASU-01-2026-00001",
                   full_name="Асқарова Гүлнар Серікқызы"),
            appeal("Жол жөндеу", registration_number="KARASU-01-2026-00002",
                   full_name="Бекмұратов Ерлан Асқарұлы"),
            appeal("Су құбыры", registration_number="KARASU-01-2026-00003",
                   full_name="Иванова Ольга Петровна", language="ru"),
        ],
        "oktyabr-01": [appeal("Мектеп автобусы", registration_number="OKTYABR-01-2026-00001",
                              full_name="Омаров Данияр")],
    }
    codes = {}
    for kiosk_id, items in records.items():
        answer = console.live.send(console.tokens[kiosk_id], kiosk_id, items)
        assert answer.status_code == 201, answer.text
        codes.update({r.payload["registration_number"]: r.payload["tracking_code"]
                      for r in items})
    return codes


def test_clerk_signs_in_filters_opens_and_replies(console: Console, page: Page) -> None:
    codes = _send_appeals(console)
    sign_in(page, console.url, "aigul", "/staff/appeals")
    expect(page).to_have_url(re.compile(r"/staff/appeals$"))
    table = page.locator("table.list")
    expect(table).to_contain_text("KARASU-01-2026-00001")
    expect(table).not_to_contain_text("OKTYABR")  # another akimat's appeal never shows

    page.fill("#query", "бекмұр")  # the start of a surname, any case
    page.click("form.filters button[type=submit]")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Бекмұратов Ерлан")

    page.click("text=KARASU-01-2026-00002")
    expect(page.locator("h1")).to_contain_text("KARASU-01-2026-00002")
    expect(page.locator(".text").first).to_contain_text("шам жанбайды")
    page.select_option("#status", "answered")
    page.fill("#reply", "Жол 15 желтоқсанға дейін жөнделеді.")
    page.click("form[action$='/status'] button[type=submit]")
    # closing needs the confirmation box: refused, the choice and the text are kept
    expect(page.locator("p.error")).to_be_visible()
    expect(page.locator("#status")).to_have_value("answered")
    expect(page.locator("#reply")).to_have_value("Жол 15 желтоқсанға дейін жөнделеді.")
    page.check("input[name=confirm]")
    page.click("form[action$='/status'] button[type=submit]")
    expect(page.locator("p.ok")).to_be_visible()
    expect(page.locator("ol.history")).to_contain_text("aigul")

    status_page = page.context.new_page()
    status_page.goto(f"{console.url}/t/{codes['KARASU-01-2026-00002']}?lang=kk")
    expect(status_page.locator("body")).to_contain_text("Жол 15 желтоқсанға дейін жөнделеді.")
    expect(status_page.locator(".status")).to_have_class(re.compile(r"\bgood\b"))


def test_overdue_filter_and_language_switch(console: Console, page: Page) -> None:
    _send_appeals(console)
    sign_in(page, console.url, "aigul")
    page.click("a.tile.bad")  # the overdue tile on the overview
    expect(page).to_have_url(re.compile(r"due=overdue"))
    expect(page.locator("#due")).to_have_value("overdue")
    page.click("a[lang=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("nav.sections")).to_contain_text("Обращения")
    page.goto(f"{console.url}/staff/")  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_another_akimats_appeal_is_not_found_in_the_browser(console: Console,
                                                            page: Page) -> None:
    _send_appeals(console)
    rows = console.live.store.db.query("SELECT id FROM records WHERE akimat = 'oktyabr'")
    sign_in(page, console.url, "aigul")
    answer = page.goto(f"{console.url}/staff/appeals/{rows[0][0]}")
    assert answer is not None and answer.status == 404
    expect(page.locator("body")).not_to_contain_text("Омаров")


def test_the_whole_flow_works_without_javascript(console: Console, browser: Browser) -> None:
    codes = _send_appeals(console)
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, console.url, "aigul", "/staff/appeals")
        page.click("text=KARASU-01-2026-00003")
        page.select_option("#status", "in_progress")
        page.click("form[action$='/status'] button[type=submit]")
        expect(page.locator("p.ok")).to_be_visible()
        page.goto(f"{console.url}/t/{codes['KARASU-01-2026-00003']}")
        expect(page.locator(".status")).not_to_have_class(re.compile(r"\bgood\b"))
    finally:
        context.close()


def test_inbox_fits_a_phone_without_sideways_scrolling(console: Console,
                                                       browser: Browser) -> None:
    _send_appeals(console)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, console.url, "aigul", "/staff/appeals")
        expect(page.locator("table.list")).to_be_visible()
        page.wait_for_load_state("load")  # the style sheet applied (a busy machine measured
        page.evaluate("document.fonts.ready")  # the bare table once: 700 px)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
    finally:
        context.close()


def test_the_office_prints_the_days_reception_list(console: Console, page: Page) -> None:
    answer = console.live.send(console.tokens["karasu-01"], "karasu-01",
                               [booking(slot_start="2026-12-03T15:00:00+05:00")])
    assert answer.status_code == 201, answer.text
    sign_in(page, console.url, "marat", "/staff/reception?day=2026-12-03")
    table = page.locator("table.list")
    expect(table).to_contain_text("15:00")
    expect(table).to_contain_text("Асқарова Гүлнар")
    link = page.locator("a[href^='/staff/reception/pdf']")
    expect(link).to_be_visible()
    # the browser's own PDF viewer shows it; the same request with the clerk's cookies
    pdf = page.context.request.get(f"{console.url}{link.get_attribute('href')}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Асқарова Гүлнар" in text and "15:00" in text
