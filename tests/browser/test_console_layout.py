"""Every console page fits a phone (390 px) without sideways scrolling, in kk and ru.

The demo region (long Kazakh names, long registration numbers, several kiosks per akimat,
every status) is the data; each page is opened by the role it is for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kiosk.i18n import Translator
from sync.server.app import create_app
from sync.server.demo_data import DemoAccount, seed_demo
from sync.server.store import ServerStore
from tests.sync.server.live import serving


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory,
         translator: Translator) -> Iterator[tuple[str, ServerStore, dict[str, DemoAccount]]]:
    """The seeded demo region served on loopback, with the first account of each role."""
    folder: Path = tmp_path_factory.mktemp("demo")
    store = ServerStore.open(f"sqlite:///{folder / 'demo.sqlite3'}")
    accounts: dict[str, DemoAccount] = {}
    for account in seed_demo(store, scrypt_n=2 ** 10):
        accounts.setdefault(account.role, account)
    with serving(create_app(store, translator=translator)) as base:
        yield base, store, accounts
    store.close()


def _pages(store: ServerStore, clerk: DemoAccount) -> list[tuple[str, str]]:
    appeal = store.db.query("SELECT id FROM records WHERE kind = 'appeal' AND akimat = ? "
                            "ORDER BY id DESC LIMIT 1", (clerk.akimat,))[0][0]
    booking = store.db.query("SELECT id, day FROM records WHERE kind = 'booking' AND "
                             "akimat = ? ORDER BY id DESC LIMIT 1", (clerk.akimat,))[0]
    month = (dt.date.fromisoformat(store.now()[:10]).replace(day=1)
             - dt.timedelta(days=1)).strftime("%Y-%m")
    return [("clerk", "/staff/"), ("clerk", "/staff/appeals"),
            ("clerk", "/staff/appeals?due=overdue"), ("clerk", f"/staff/appeals/{appeal}"),
            ("clerk", "/staff/password"), ("office", f"/staff/reception?day={booking[1]}"),
            ("office", f"/staff/reception/booking/{booking[0]}"),
            ("office", "/staff/reception/schedule"), ("office", f"/staff/reports?month={month}"),
            ("office", f"/staff/reports/ratings?month={month}"), ("district", "/staff/fleet"),
            ("district", "/staff/publish")]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_page_fits_a_phone(demo: tuple[str, ServerStore, dict[str, DemoAccount]],
                                 browser: Browser, lang: str) -> None:
    base, store, accounts = demo
    too_wide = []
    for role in ("clerk", "office", "district"):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{base}/staff/login?lang={lang}")
        page.fill("#login", accounts[role].login)
        page.fill("#password", accounts[role].password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/staff/")
        for who, path in _pages(store, accounts["clerk"]):
            if who != role:
                continue
            answer = page.goto(f"{base}{path}")
            assert answer is not None and answer.status == 200, (path, answer and answer.status)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide.append((path, width))
        context.close()
    assert too_wide == []
