"""A specialist's desk page in headless Chromium against the real desk server on loopback.

The kiosk's database is a temp file with the queue tests' desks (social-1 room 103,
social-2 room 105, land-1 room 104); the catalogue is the shipped one; the server's clock
stands at 10:00 on a working Tuesday and tickets are issued earlier that morning. What the
page says is checked in the page's language through the translator, so a missing
translation shows up as English on a Kazakh page in the screenshots, not here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import N_, Language, Message, Translator
from kiosk.tickets import Ticket, issue_ticket
from kiosk.web.desk_service import DeskService
from tests.conftest import OPEN_MORNING
from tests.helpers.desk_server import LoopbackDesks
from tests.kiosk.queue.conftest import PASSWORD, desks  # noqa: F401  (the desks fixture)

PC = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
#: The page polls every 3 s and backs off to 15 s while the kiosk is unreachable.
POLL_WAIT_MS = 40_000


class Kiosk(LoopbackDesks):
    """The desk server over the test's kiosk database; stopped (switched off) and started
    again on the same port with a fresh desk service."""

    def __init__(self, db: Database, path: Path, catalogue: Catalogue,
                 translator: Translator) -> None:
        self.db, self.path, self.catalogue = db, path, catalogue
        super().__init__(lambda: DeskService(path, lambda: catalogue, lambda: OPEN_MORNING,
                                             path.parent), translator)

    def stop(self, *, close_service: bool = True) -> None:
        """Stop serving, as when the kiosk is switched off."""
        super().stop(close_service=close_service)

    def issue(self, department: str, minutes_before: int, *, priority: bool = False) -> Ticket:
        """A ticket taken at the kiosk ``minutes_before`` the server's 10:00."""
        return issue_ticket(self.db, self.catalogue, department,
                            OPEN_MORNING - dt.timedelta(minutes=minutes_before), Language.KK,
                            priority=priority)

    def words(self, message: Message, lang: Language = Language.KK) -> str:
        """What the page says for ``message``."""
        return self.translator.render(message, lang)

    def ticket(self, number: str) -> dict[str, Any]:
        """A ticket's row."""
        row = self.db.execute("SELECT status, line, desk, calls FROM tickets WHERE number = ?",
                              [number]).fetchone()
        return {"status": row[0], "line": row[1], "desk": row[2], "calls": row[3]}

    def count(self, sql: str) -> int:
        """A count from the kiosk database."""
        return int(self.db.execute(sql).fetchone()[0])


@pytest.fixture
def kiosk(desks: Database, tmp_path: Path, catalogue: Catalogue,  # noqa: F811
          translator: Translator) -> Iterator[Kiosk]:
    """The desk server on a free loopback port over the desks' database."""
    served = Kiosk(desks, tmp_path / "kiosk.sqlite3", catalogue, translator)
    served.start()
    try:
        yield served
    finally:
        served.stop()


@contextmanager
def opened(browser: Browser, viewport: dict[str, int] = PC) -> Iterator[Page]:
    """A fresh browser context (no cookies) with one page."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, kiosk: Kiosk, login: str = "social-1", lang: str = "kk") -> None:
    """Sign in through the form, as the specialist does."""
    page.goto(f"{kiosk.url}/desk/login?lang={lang}")
    page.fill("#login", login)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{kiosk.url}/desk")


def line_numbers(page: Page) -> list[str]:
    """The ticket numbers in the page's line, top to bottom."""
    return page.locator(".line tbody tr td strong").all_inner_texts()


def test_sign_in_says_what_is_wrong_then_opens_the_desk(kiosk: Kiosk, browser: Browser) -> None:
    with opened(browser) as page:
        page.goto(f"{kiosk.url}/desk")
        expect(page).to_have_url(f"{kiosk.url}/desk/login")
        page.fill("#login", "social-1")
        page.fill("#password", "not-the-password")
        page.click("button[type=submit]")
        expect(page.locator(".flash.error")).to_have_text(
            kiosk.words(N_("Wrong login or password.")))
        expect(page.locator("#login")).to_have_value("social-1")  # kept for the next try
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{kiosk.url}/desk")
        expect(page.locator("header h1")).to_have_text(
            kiosk.catalogue.department("social").name.kk)
        expect(page.locator("header .sub")).to_contain_text(
            kiosk.words(N_("Room {room}", room="103")))
        expect(page.locator("button[value=call]")).to_have_text(kiosk.words(N_("Call next")))

        page.click("form[action='/desk/logout'] button")
        expect(page).to_have_url(f"{kiosk.url}/desk/login")
        page.goto(f"{kiosk.url}/desk")
        expect(page).to_have_url(f"{kiosk.url}/desk/login")


def test_call_next_recall_served_and_did_not_come(kiosk: Kiosk, browser: Browser) -> None:
    first, second = kiosk.issue("social", 50), kiosk.issue("social", 40)
    kiosk.issue("land", 45)  # another department's line is not this desk's
    with opened(browser) as page:
        sign_in(page, kiosk)
        assert line_numbers(page) == [first.number, second.number]

        page.click("button[value=call]")
        number = page.locator(".now .number")
        expect(number).to_have_text(first.number)  # the oldest ticket, big
        size = float(number.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= 2 * float(page.evaluate(
            "parseFloat(getComputedStyle(document.body).fontSize)"))
        expect(page.locator(".flash.ok")).to_have_text(kiosk.words(N_(
            "Ticket {number} is called to room {room}.", number=first.number, room="103")))
        assert kiosk.ticket(first.number) == {"status": "called", "line": "social",
                                              "desk": "social-1", "calls": 1}
        assert line_numbers(page) == [second.number]
        expect(page.locator("button[value=call]")).to_have_count(0)  # one ticket at a time

        page.click("button[value=recall]")
        expect(page.locator(".flash.ok")).to_have_text(
            kiosk.words(N_("Ticket {number} is called again.", number=first.number)))
        expect(page.locator(".facts")).to_contain_text(kiosk.words(N_("Calls: {count}",
                                                                      count=2)))
        assert kiosk.ticket(first.number)["calls"] == 2

        page.click("button[value=serve]")
        expect(page.locator(".flash.ok")).to_have_text(
            kiosk.words(N_("Ticket {number} is served.", number=first.number)))
        expect(page.locator("#now")).to_have_text(kiosk.words(N_("No ticket at your desk")))
        expect(page.locator("button[value=call]")).to_be_visible()  # the desk is free
        assert kiosk.ticket(first.number)["status"] == "served"

        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(second.number)
        page.click("button[value=no_show]")
        expect(page.locator(".flash.ok")).to_have_text(kiosk.words(N_(
            "Ticket {number}: marked as did not come.", number=second.number)))
        assert kiosk.ticket(second.number)["status"] == "missed"
        expect(page.locator("#now")).to_have_text(kiosk.words(N_("No ticket at your desk")))


def test_transfer_puts_the_ticket_in_the_other_line_by_issue_time(kiosk: Kiosk,
                                                                  browser: Browser) -> None:
    early, late = kiosk.issue("land", 55), kiosk.issue("land", 35)
    moved = kiosk.issue("social", 45)  # taken between the two land tickets
    with opened(browser) as page:
        sign_in(page, kiosk)
        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(moved.number)
        page.select_option("#to", "land")
        page.click("button[value=transfer]")
        expect(page.locator(".flash.ok")).to_have_text(kiosk.words(N_(
            "Ticket {number} is sent to the other department.", number=moved.number)))
        expect(page.locator("#now")).to_have_text(kiosk.words(N_("No ticket at your desk")))
        # the receiving desk starts its own calls
        assert kiosk.ticket(moved.number) == {"status": "waiting", "line": "land", "desk": None,
                                              "calls": 0}
        assert line_numbers(page) == []
    with opened(browser) as land:
        sign_in(land, kiosk, "land-1")
        assert line_numbers(land) == [early.number, moved.number, late.number]
        land.click("button[value=call]")
        expect(land.locator(".now .number")).to_have_text(early.number)
        land.click("button[value=serve]")
        land.click("button[value=call]")
        expect(land.locator(".now .number")).to_have_text(moved.number)


def test_transfer_without_a_department_is_refused_in_words(kiosk: Kiosk,
                                                           browser: Browser) -> None:
    ticket = kiosk.issue("social", 30)
    with opened(browser) as page:
        sign_in(page, kiosk)
        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(ticket.number)
        page.evaluate("document.getElementById('to').removeAttribute('required')")
        page.click("button[value=transfer]")
        expect(page.locator(".flash.error")).to_have_text(
            kiosk.words(N_("Choose the department to send the ticket to.")))
        assert kiosk.ticket(ticket.number)["status"] == "called"


def test_pause_hides_call_next_until_resume(kiosk: Kiosk, browser: Browser) -> None:
    ticket = kiosk.issue("social", 30)
    with opened(browser) as page:
        sign_in(page, kiosk)
        page.click("button[value=pause]")
        expect(page.locator(".paused")).to_have_text(
            kiosk.words(N_("Your desk is paused: no tickets are called to it.")))
        expect(page.locator("button[value=call]")).to_have_count(0)
        assert kiosk.count("SELECT count(*) FROM desks WHERE login = 'social-1' "
                           "AND state = 'paused'") == 1
        assert line_numbers(page) == [ticket.number]  # the line stays in view

        page.click("button[value=resume]")
        expect(page.locator(".flash.ok")).to_have_text(
            kiosk.words(N_("Your desk is open again.")))
        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(ticket.number)


def test_call_next_on_an_empty_line_says_no_one_is_waiting(kiosk: Kiosk,
                                                           browser: Browser) -> None:
    with opened(browser) as page:
        sign_in(page, kiosk)
        expect(page.locator(".current .muted")).to_have_text(
            kiosk.words(N_("No one is waiting now.")))
        page.click("button[value=call]")
        expect(page.locator(".flash.error")).to_have_text(kiosk.words(N_(
            "No one is waiting for {department} now.",
            department=kiosk.catalogue.department("social").name)))
        assert kiosk.count("SELECT count(*) FROM queue_events") == 0
        # the refused action's page (at /desk/action) still switches language
        page.click("nav.lang a[lang=ru]")
        expect(page).to_have_url(f"{kiosk.url}/desk?lang=ru")
        expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_a_priority_ticket_is_called_first_and_marked(kiosk: Kiosk, browser: Browser) -> None:
    regular = kiosk.issue("social", 50)
    priority = kiosk.issue("social", 10, priority=True)
    badge = kiosk.words(N_("Priority"))
    with opened(browser) as page:
        sign_in(page, kiosk)
        assert line_numbers(page) == [priority.number, regular.number]
        expect(page.locator(".line tbody tr").first.locator(".badge")).to_have_text(badge)
        expect(page.locator(".line tbody tr").nth(1).locator(".badge")).to_have_count(0)
        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(priority.number)
        expect(page.locator(".now .badge")).to_have_text(badge)
        page.click("button[value=serve]")
        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(regular.number)
        expect(page.locator(".now .badge")).to_have_count(0)


def test_a_double_click_on_call_next_calls_one_ticket(kiosk: Kiosk, browser: Browser) -> None:
    tickets = [kiosk.issue("social", minutes) for minutes in (50, 40, 30)]
    with opened(browser) as page:
        sign_in(page, kiosk)
        page.dblclick("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(tickets[0].number)
        assert kiosk.count("SELECT count(*) FROM tickets WHERE status = 'called'") == 1
        assert kiosk.count("SELECT count(*) FROM queue_events WHERE action = 'call'") == 1
        assert [kiosk.ticket(t.number)["status"] for t in tickets[1:]] == ["waiting", "waiting"]


def test_the_same_press_sent_twice_acts_once(kiosk: Kiosk, browser: Browser) -> None:
    """A press resent after a dropped connection carries the same action id: one call."""
    tickets = [kiosk.issue("social", minutes) for minutes in (50, 40)]
    with opened(browser) as page:
        sign_in(page, kiosk)
        form = page.evaluate("Object.fromEntries(new FormData("
                             "document.querySelector('button[value=call]').form))")
        form["action"] = "call"
        for _ in range(2):
            answer = page.request.post(f"{kiosk.url}/desk/action", form=form)
            assert answer.ok and "/desk?done=call" in answer.url
        assert kiosk.count("SELECT count(*) FROM queue_events WHERE action = 'call'") == 1
        assert kiosk.ticket(tickets[1].number)["status"] == "waiting"


def test_the_line_refreshes_itself_when_the_kiosk_issues_a_ticket(kiosk: Kiosk,
                                                                  browser: Browser) -> None:
    first = kiosk.issue("social", 40)
    with opened(browser) as page:
        sign_in(page, kiosk)
        assert line_numbers(page) == [first.number]
        second = kiosk.issue("social", 5)  # a villager takes a ticket at the touchscreen
        expect(page.locator(".line tbody tr")).to_have_count(2, timeout=POLL_WAIT_MS)
        assert line_numbers(page) == [first.number, second.number]
        expect(page.locator(".line h2")).to_have_text(
            kiosk.words(N_("Waiting: {count}", count=2)))


def test_offline_banner_comes_and_goes_with_the_kiosk(kiosk: Kiosk, browser: Browser) -> None:
    ticket = kiosk.issue("social", 40)
    with opened(browser) as page:
        sign_in(page, kiosk)
        banner = page.locator("#offline")
        expect(banner).to_be_hidden()
        kiosk.stop()
        expect(banner).to_be_visible(timeout=POLL_WAIT_MS)
        expect(banner).to_contain_text(kiosk.words(N_(
            "No connection to the kiosk. Retrying… Your last press may not have reached it: "
            "check the ticket shown here when the connection is back.")))
        kiosk.start()  # the same port, the same database: the session is still valid
        expect(banner).to_be_hidden(timeout=POLL_WAIT_MS)
        page.click("button[value=call]")
        expect(page.locator(".now .number")).to_have_text(ticket.number)
        assert kiosk.ticket(ticket.number)["status"] == "called"


def test_a_form_with_a_wrong_csrf_token_does_nothing(kiosk: Kiosk, browser: Browser) -> None:
    ticket = kiosk.issue("social", 40)
    with opened(browser) as page:
        sign_in(page, kiosk)
        page.evaluate("document.querySelector('button[value=call]').form"
                      ".querySelector('input[name=csrf]').value = 'forged'")
        with page.expect_response(f"{kiosk.url}/desk/action") as answer:
            page.click("button[value=call]")
        assert answer.value.status == 403
        expect(page.locator(".flash.error")).to_have_text(kiosk.words(N_(
            "The page was out of date, so nothing was done. Press the button again.")))
        assert kiosk.ticket(ticket.number)["status"] == "waiting"
        assert kiosk.count("SELECT count(*) FROM queue_events") == 0
        page.click("button[value=call]")  # the page it answered with works
        expect(page.locator(".now .number")).to_have_text(ticket.number)


def test_language_links_switch_the_page(kiosk: Kiosk, browser: Browser) -> None:
    kiosk.issue("social", 40)
    with opened(browser) as page:
        sign_in(page, kiosk)
        for lang in (Language.RU, Language.EN, Language.KK):
            page.click(f"nav.lang a[lang={lang.value}]")
            expect(page.locator("html")).to_have_attribute("lang", lang.value)
            expect(page.locator("button[value=call]")).to_have_text(
                kiosk.words(N_("Call next"), lang))
            expect(page.locator("header h1")).to_have_text(
                kiosk.catalogue.department("social").name.text(lang))
            expect(page.locator(".line th").nth(1)).to_have_text(kiosk.words(N_("Ticket"), lang))
            page.goto(f"{kiosk.url}/desk")  # the choice is remembered
            expect(page.locator("html")).to_have_attribute("lang", lang.value)


def foreign_words(page: Page) -> list[str]:
    """Latin-letter words in what a kk or ru page says (the specialist's name and the desk
    login in the header's second line are data, and "English" names a language)."""
    said = page.evaluate("""() => [document.title, ...[...document.querySelectorAll(
        'header h1, main, #offline, nav.lang a:not([lang=en])')].map(e => e.innerText)]
        .join(' ')""")
    return re.findall(r"[A-Za-z]{2,}", said)


_LAYOUT = """() => {
  const problems = [];
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
      ' "' + (e.innerText || e.value || '').trim().slice(0, 30) + '"';
  const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth)
    problems.push('scrolls sideways: ' + doc.scrollWidth + ' > ' + window.innerWidth);
  for (const e of document.querySelectorAll('button, select, input:not([type=hidden]), a')) {
    if (!shown(e)) continue;
    const h = e.getBoundingClientRect().height;
    if (h < 44) problems.push(name(e) + ' is ' + h.toFixed(1) + ' px tall');
  }
  const boxes = [...document.querySelectorAll('h1, h2, p, label, button, select, ' +
      'input:not([type=hidden]), a, th, td, .badge, .number')].filter(shown);
  for (const e of boxes)
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline')
      problems.push(name(e) + ' has clipped text');
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > 1 && h > 1) problems.push(name(a) + ' overlaps ' + name(b));
  }
  return problems;
}"""


@pytest.mark.parametrize("viewport", [PHONE, PC], ids=["phone", "pc"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_state_fits_without_scrolling_sideways_or_overlaps(
        kiosk: Kiosk, browser: Browser, viewport: dict[str, int], lang: str) -> None:
    for minutes, priority in ((58, False), (50, False), (44, True), (37, False), (30, False),
                              (21, True), (12, False), (3, False)):
        kiosk.issue("social", minutes, priority=priority)
    kiosk.issue("land", 20)
    problems: dict[str, list[str]] = {}

    def check(state: str) -> None:
        problems[state] = page.evaluate(_LAYOUT) + foreign_words(page)

    with opened(browser, viewport) as page:
        page.goto(f"{kiosk.url}/desk/login?lang={lang}")
        page.fill("#login", "social-1")
        page.fill("#password", "wrong-password-1")
        page.click("button[type=submit]")
        expect(page.locator(".flash.error")).to_be_visible()
        check("login with an error")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("button[value=call]")).to_be_visible()
        check("no ticket at the desk")
        page.click("button[value=call]")
        expect(page.locator(".now .badge")).to_be_visible()  # a priority ticket, marked
        check("a ticket at the desk")
        page.click("button[value=serve]")
        page.click("button[value=pause]")
        expect(page.locator(".paused")).to_be_visible()
        check("paused")
        page.evaluate("document.getElementById('offline').style.display = 'block'")
        check("offline banner")
    assert {state: found for state, found in problems.items() if found} == {}
