"""Render the desk pages to PNG for the README: docs/queue/desk-{pc,phone,login}.png.

Run: ``.venv/bin/python scripts/desk_screenshots.py [--out docs/queue]``. It makes a
throwaway kiosk database with two desks and a morning's tickets and calls (priority
tickets among them),
serves the real desk web server on loopback with the clock stopped at 10:40 on a working
Tuesday, with a ticket at the social desk, and drives Debian's Chromium with Playwright:
the PC at 1366×768 in Kazakh, a phone at 390×844 in Russian, the sign-in page in Kazakh.
Look at every picture before committing it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.assets import assets_dir  # noqa: E402
from kiosk.catalogue import Catalogue, load_catalogue  # noqa: E402
from kiosk.i18n import Language, Translator  # noqa: E402
from kiosk.queue.desks import add_desk  # noqa: E402
from kiosk.storage import open_database  # noqa: E402
from kiosk.tickets import issue_ticket  # noqa: E402
from kiosk.web.desk_server import DeskServer  # noqa: E402
from kiosk.web.desk_service import DeskService  # noqa: E402

ZONE = ZoneInfo("Asia/Almaty")
#: The moment the pictures show: a working Tuesday, mid-morning.
NOW = dt.datetime(2026, 12, 1, 10, 40, tzinfo=ZONE)
PASSWORD = "desk-password-1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The morning at the social desk, in order: (minutes after 09:00, what happens).
#: "social", "land", "farm": a ticket taken for that department ("!" marks a priority one);
#: "call", "serve": the social desk's buttons.
MORNING = [(2, "social"), (6, "call"), (9, "land"), (14, "social"), (19, "serve"),
           (20, "call"), (21, "social"), (26, "social!"), (33, "land"), (34, "serve"),
           (35, "call"), (38, "social"), (47, "social"), (52, "social"), (55, "serve"),
           (56, "call"), (58, "farm"), (64, "social"), (71, "social!"), (77, "serve"),
           (78, "call"), (86, "social"), (90, "social"), (93, "social!"), (97, "social")]


class StoppedClock:
    """The server's clock: moved along the morning while seeding, then stopped at NOW."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


def seed(state: Path, catalogue: Catalogue, clock: StoppedClock) -> DeskService:
    """A kiosk database with two desks and the morning so far; a ticket at the social desk."""
    path = state / "kiosk.sqlite3"
    db = open_database(path)
    opening = NOW.replace(hour=9, minute=0)
    add_desk(db, catalogue, "social-1", department="social", room="103",
             specialist="Айгүл Сейітқызы Нұрланова", now=opening, password=PASSWORD)
    add_desk(db, catalogue, "land-1", department="land", room="104",
             specialist="Ерлан Асқарұлы Бекмұратов", now=opening, password=PASSWORD)
    service = DeskService(path, lambda: catalogue, clock, state)
    desk = service.sign_in("social-1", PASSWORD).desk
    for minutes, what in MORNING:
        clock.now = opening + dt.timedelta(minutes=minutes)
        if what in ("call", "serve"):
            service.act(desk, what, action_id=None)
        else:
            issue_ticket(db, catalogue, what.rstrip("!"), clock.now, Language.KK,
                         priority=what.endswith("!"))
    clock.now = NOW
    db.close()
    return service


def sign_in(page: Page, base: str, lang: str) -> None:
    """Sign in as the social desk through the form."""
    page.goto(f"{base}/desk/login?lang={lang}")
    page.fill("#login", "social-1")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/desk")


def shoot(browser: Browser, base: str, out: Path, number: str) -> list[Path]:
    """Save the three pictures (``number``: the ticket at the desk, named in the flash line)."""
    flash = f"done=call&n={quote(number)}"
    login, pc, phone = out / "desk-login.png", out / "desk-pc.png", out / "desk-phone.png"
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{base}/desk/login?lang=kk")
    page.screenshot(path=str(login))
    sign_in(page, base, "kk")
    page.goto(f"{base}/desk?{flash}")
    page.screenshot(path=str(pc))
    context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    sign_in(page, base, "ru")
    page.goto(f"{base}/desk?{flash}")
    page.screenshot(path=str(phone), full_page=True)  # the line is below the first screen
    context.close()
    return [login, pc, phone]


def main(argv: list[str] | None = None) -> int:
    """Seed, serve, call one ticket, shoot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "queue")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 1
    catalogue = load_catalogue(assets_dir() / "catalogue")
    translator = Translator.load(assets_dir() / "locale")
    with tempfile.TemporaryDirectory(prefix="desk-shots-") as folder:
        state = Path(folder)
        service = seed(state, catalogue, StoppedClock())
        called = service.view(service.sign_in("social-1", PASSWORD).desk).ticket
        number = called.number if called else ""
        try:
            with DeskServer(service, translator, "127.0.0.1", 0) as server, \
                    sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium,
                                                     args=CHROMIUM_ARGS)
                try:
                    made = shoot(browser, server.url, args.out, number)
                finally:
                    browser.close()
        finally:
            service.close()
    for path in made:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
