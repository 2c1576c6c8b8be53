"""The whole loop, end to end: a citizen's appeal at the kiosk, the clerk's reply in the
console, the answer on the public status page and on the kiosk's status screen.

Real parts only: the kiosk's SQLite database with the appeal registered as the kiosk's
appeal screen registers it; the sync worker `kiosk run` starts (its own wiring,
``ui.runtime._start_sync``) uploading to a live regional server on loopback (SQLite, then
PostgreSQL); a clerk signing in to the console over HTTP and answering through its forms
with their CSRF token; the public ``/t/<code>`` page; and the kiosk's status screen
(offscreen Qt) asking the live server through the look-up `kiosk run` hands it.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from kiosk.appeals import Appeal, prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.catalogue import CatalogueStore
from kiosk.config import Config
from kiosk.i18n import Language, Translator
from kiosk.kinds import status_word
from kiosk.storage import open_database
from sync.server.accounts import Accounts
from sync.server.app import create_app
from sync.server.console.web import COOKIE
from sync.server.store import ServerStore
from tests.helpers.waiting import wait_until
from tests.sync.conftest import kiosk_config
from tests.sync.server.live import serving
from tests.sync.server.postgres import PostgresCluster, find_bindir
from tests.ui.conftest import type_on, visible_texts
from tests.ui.harness import kiosk_window
from ui.runtime import _start_sync
from ui.screens.base import ScreenId
from ui.screens.status import StatusScreen

KIOSK = "karasu-01"
CLERK, PASSWORD = "clerk.karasu", "Sunflower-Steppe-2026"
ANSWER = "Құрметті Гүлнар Серікқызы! Абай көшесіндегі шамдар 15 желтоқсанға дейін жөнделеді."
FORWARD = "Өтінішіңіз қарау үшін Аршалы аудандық әкімдігіне жіберілді."
Lookup = Callable[[str], dict[str, str] | None]
_LINK = re.compile(r'href="/staff/appeals/(\d+)"')
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL for this module (skipped only without the binaries)."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries are not installed")
    found = PostgresCluster(bindir)
    try:
        found.start()
        yield found
    finally:
        found.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh regional database: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'regional.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("cluster")
    return cluster.create_database()


@dataclass
class Region:
    """The live regional server, its store and the kiosk's token."""

    url: str
    store: ServerStore
    kiosk_token: str


@pytest.fixture
def region(database_url: str, translator: Translator) -> Iterator[Region]:
    """The regional server on loopback with the kiosk and one clerk of its akimat."""
    store = ServerStore.open(database_url)
    token = store.add_kiosk(KIOSK, "arshaly", akimat="karasu")
    Accounts(store.db, lambda: dt.datetime.now(dt.UTC), scrypt_n=2 ** 10).add(
        CLERK, "Айгерім Сәрсенова", "clerk", akimat="karasu", password=PASSWORD)
    try:
        with serving(create_app(store, translator=translator)) as base:
            yield Region(base, store, token)
    finally:
        store.close()


class Clerk:
    """A clerk's browser: the console over HTTP, the Secure session cookie set by hand."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30, follow_redirects=False)

    def sign_in(self) -> None:
        """Sign in through the login form."""
        answer = self.http.post("/staff/login", data={"login": CLERK, "password": PASSWORD,
                                                      "next": "/staff/"})
        assert answer.status_code == 303, answer.text[:300]
        for header in answer.headers.get_list("set-cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            if COOKIE in jar:
                self.http.cookies.set(COOKIE, jar[COOKIE].value)
                return
        raise AssertionError("no session cookie after signing in")

    def find(self, number: str) -> int:
        """Search the inbox by registration number; the one appeal's id."""
        page = self.http.get("/staff/appeals", params={"query": number})
        assert page.status_code == 200
        ids = set(_LINK.findall(page.text))
        assert len(ids) == 1, f"searching {number} found {ids}"
        assert number in page.text
        return int(ids.pop())

    def answer(self, record_id: int, status: str, reply: str, reason: str = "") -> str:
        """Open the appeal, post the status form with the page's CSRF token; the new page."""
        page = self.http.get(f"/staff/appeals/{record_id}")
        assert page.status_code == 200
        assert f'<option value="{status}"' in page.text, f"{status} is not offered"
        token = _CSRF.search(page.text)
        assert token, "no CSRF token on the appeal page"
        posted = self.http.post(f"/staff/appeals/{record_id}/status",
                                data={"csrf": token.group(1), "status": status,
                                      "reply": reply, "reason": reason, "confirm": "yes"})
        assert posted.status_code == 303, posted.text[:500]
        shown = self.http.get(posted.headers["location"])
        assert shown.status_code == 200
        return html.unescape(shown.text)


def register(db: Database, config: Config, topic: str, text: str) -> Appeal:
    """Register an appeal as the kiosk's appeal screen does (prepare, then submit)."""
    catalogue = CatalogueStore(config.paths.active_catalogue).current
    person = Applicant.parse("Асқарова Гүлнар Серікқызы", "900101400003", "87015550123",
                             "Қарасу ауылы, Абай көшесі 12")
    draft = prepare_draft(catalogue, appeal_type="complaint", topic=topic, text=text,
                          applicant=person, consent=True, language=Language.KK,
                          text_max=config.limits.appeal_text_max)
    return submit_appeal(db, catalogue, config.kiosk.id, draft, dt.datetime.now(dt.UTC))


def stored(store: ServerStore, number: str) -> bool:
    """Whether the appeal with this registration number reached the server."""
    return bool(store.db.query("SELECT 1 FROM records WHERE number = ?", (number,)))


def word(translator: Translator, status: str) -> str:
    """The registry's Kazakh word for an appeal status."""
    found = status_word("appeal", status)
    assert found is not None, status
    return translator.render(found, Language.KK)


def status_screen_text(qtbot: QtBot, config: Config, db: Database, lookup: Lookup, code: str,
                       reply: str) -> str:
    """Type ``code`` on the kiosk's status screen; its text once ``reply`` shows."""
    with kiosk_window(config, db) as window:
        qtbot.addWidget(window)
        nav = window.navigator
        nav.ctx.status_lookup = lookup
        nav.ctx.language.set(Language.KK)
        nav.show_screen(ScreenId.STATUS)
        screen = nav.screen_of(StatusScreen)
        type_on(qtbot, screen.keyboard, code)
        qtbot.mouseClick(nav.primary_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: reply in "\n".join(visible_texts(screen)), timeout=15_000)
        return "\n".join(visible_texts(screen))


def test_reply_and_forward_reach_the_status_page_and_the_kiosk(
        qtbot: QtBot, tmp_path: Path, region: Region, translator: Translator) -> None:
    config = kiosk_config(tmp_path, region.url, region.kiosk_token, kiosk_id=KIOSK)
    db = open_database(config.paths.database)
    lamp = register(db, config, "Көше жарығы",
                    "Абай көшесінде үш айдан бері шамдар жанбайды, балалар қараңғыда жүреді.")
    road = register(db, config, "Аудандық жол",
                    "Ауданға апаратын жолдағы көпір құлап қалды.")
    with ExitStack() as stack:
        store = CatalogueStore(config.paths.active_catalogue)
        worker, lookup = _start_sync(config, config.paths.database, store, stack)
        assert worker is not None and lookup is not None, "kiosk run would not sync"
        wait_until(lambda: stored(region.store, lamp.registration_number)
                   and stored(region.store, road.registration_number),
                   "the kiosk's sync worker uploaded both appeals")

        clerk = Clerk(region.url)
        clerk.sign_in()
        lamp_page = clerk.answer(clerk.find(lamp.registration_number), "answered", ANSWER)
        assert ANSWER in lamp_page and word(translator, "answered") in lamp_page
        road_page = clerk.answer(clerk.find(road.registration_number), "forwarded", FORWARD,
                                 reason="Аршалы аудандық әкімдігі")
        assert FORWARD in road_page and word(translator, "forwarded") in road_page

        for appeal, status, reply in ((lamp, "answered", ANSWER),
                                      (road, "forwarded", FORWARD)):
            public = httpx.get(f"{region.url}/t/{appeal.tracking_code}?lang=kk", timeout=30)
            assert public.status_code == 200
            page = html.unescape(public.text)
            assert word(translator, status) in page and reply in page
            assert "900101400003" not in page and "Гүлнар Серікқызы" not in page.replace(
                reply, "")

            shown = status_screen_text(qtbot, config, db, lookup, appeal.tracking_code, reply)
            assert word(translator, status) in shown, shown
            assert appeal.registration_number in shown
            assert "900101400003" not in shown
        clerk.http.close()


#: A reply of an ordinary length (the console takes up to 4,000 characters).
LONG_ANSWER = " ".join(f"{i}. Абай көшесіндегі шамдар 15 желтоқсанға дейін жөнделеді."
                       for i in range(1, 19))


def test_a_long_reply_is_readable_whole_on_the_kiosk(
        qtbot: QtBot, tmp_path: Path, region: Region) -> None:
    assert len(LONG_ANSWER) > 900
    config = kiosk_config(tmp_path, region.url, region.kiosk_token, kiosk_id=KIOSK)
    db = open_database(config.paths.database)
    appeal = register(db, config, "Көше жарығы", "Абай көшесінде шамдар жанбайды.")
    with ExitStack() as stack:
        _, lookup = _start_sync(config, config.paths.database,
                                CatalogueStore(config.paths.active_catalogue), stack)
        wait_until(lambda: stored(region.store, appeal.registration_number),
                   "the kiosk's sync worker uploaded the appeal")
        clerk = Clerk(region.url)
        clerk.sign_in()
        clerk.answer(clerk.find(appeal.registration_number), "answered", LONG_ANSWER)
        clerk.http.close()
        with kiosk_window(config, db) as window:
            qtbot.addWidget(window)
            nav = window.navigator
            nav.ctx.status_lookup = lookup
            nav.ctx.language.set(Language.KK)
            nav.show_screen(ScreenId.STATUS)
            screen = nav.screen_of(StatusScreen)
            type_on(qtbot, screen.keyboard, appeal.tracking_code)
            qtbot.mouseClick(nav.primary_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: LONG_ANSWER in "\n".join(visible_texts(screen)),
                            timeout=15_000)
            [label] = [w for w in screen.findChildren(QLabel) if LONG_ANSWER in w.text()]
            # The label has the height its wrapped text needs (in a scroll area or not).
            assert label.height() >= label.heightForWidth(label.width()), \
                (label.height(), label.heightForWidth(label.width()))

