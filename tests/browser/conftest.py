"""Fixtures for the staff console in a real browser: Debian's Chromium driven by Playwright.

Playwright's own browser download cannot reach its site here, so it drives the system
Chromium (``/usr/bin/chromium``, installed by ``scripts/test``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kiosk.i18n import Translator
from sync.server.accounts import Accounts
from sync.server.app import create_app
from sync.server.store import ServerStore
from tests.sync.server.live import LiveServer, serving

PASSWORD = "correct-horse-battery"


@dataclass
class Console:
    """A live regional server with two akimats' kiosks and a clerk of each."""

    live: LiveServer
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self.live.url


@pytest.fixture
def console(tmp_path: Path, translator: Translator) -> Iterator[Console]:
    """The server, kiosks ``karasu-01`` (akimat karasu) and ``oktyabr-01`` (akimat oktyabr)."""
    store = ServerStore.open(f"sqlite:///{tmp_path / 'regional.sqlite3'}")
    tokens = {"karasu-01": store.add_kiosk("karasu-01", "arshaly", akimat="karasu"),
              "oktyabr-01": store.add_kiosk("oktyabr-01", "arshaly", akimat="oktyabr")}
    accounts = Accounts(store.db, lambda: dt.datetime.now(dt.UTC), scrypt_n=2 ** 12)
    accounts.add("aigul", "Айгүл Садықова", "clerk", akimat="karasu", password=PASSWORD)
    accounts.add("marat", "Марат Оспанов", "office", akimat="karasu", password=PASSWORD)
    accounts.add("oleg", "Олег Ким", "clerk", akimat="oktyabr", password=PASSWORD)
    app = create_app(store, translator=translator)
    with serving(app) as base:
        yield Console(LiveServer(base, store, store.add_staff("operator")), tokens)
    store.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) at office-screen size."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="kk-KZ")
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, base: str, login: str, target: str = "/staff/") -> None:
    """Sign in through the login form (as a clerk would) and land on ``target``."""
    page.goto(f"{base}{target}")
    page.fill("#login", login)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
