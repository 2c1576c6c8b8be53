"""Render every page of the staff console to PNG for docs/staff/: kk and ru, office and phone.

Run: ``.venv/bin/python scripts/console_screenshots.py [--out docs/staff]``. It seeds the demo
region (sync.server.demo_data.seed_demo) into a throwaway SQLite database, serves the real
app on loopback and drives Debian's Chromium with Playwright, signed in with the role each
page is for. Look at every picture before committing it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.assets import assets_dir  # noqa: E402
from kiosk.i18n import Translator  # noqa: E402
from sync.protocol import Heartbeat  # noqa: E402
from sync.server.app import create_app  # noqa: E402
from sync.server.demo_data import DemoAccount, seed_demo  # noqa: E402
from sync.server.store import ServerStore  # noqa: E402

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
LANGS = ("kk", "ru")
MAX_HEIGHT = 3000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def serving(store: ServerStore) -> Iterator[str]:
    """The console's app under uvicorn on a free loopback port."""
    app = create_app(store, translator=Translator.load(assets_dir() / "locale"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def heartbeats(store: ServerStore) -> None:
    """Kiosk health worth seeing on the fleet page: paper out, a slow clock, a backlog."""
    beats = [
        Heartbeat("karasu-01", "1.4.0", "ready", "ok", 41_000_000_000, {"pending": 0, "sent": 812}),
        Heartbeat("karasu-02", "1.4.0", "paper_out", "out", 38_000_000_000,
                  {"pending": 3, "sent": 240}, last_error="The printer is out of paper"),
        Heartbeat("zhibek-zholy-01", "1.3.2", "ready", "near_end", 12_000_000_000,
                  {"pending": 64, "sent": 95}, clock_skew_seconds=-420.0),
    ]
    for beat in beats:
        store.save_heartbeat(beat)


def sign_in(page: Page, base: str, account: DemoAccount) -> None:
    """Sign in through the form."""
    page.goto(f"{base}/staff/login")
    page.fill("#login", account.login)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def shoot(page: Page, path: Path) -> None:
    """A full-page screenshot (cut at MAX_HEIGHT), reduced to a palette PNG."""
    page.screenshot(path=str(path), full_page=True)
    with Image.open(path) as shot:
        picture = shot.crop((0, 0, shot.width, min(shot.height, MAX_HEIGHT)))
    picture.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(path,
                                                                                optimize=True)


def pages(store: ServerStore, clerk: DemoAccount) -> list[tuple[str, str, str]]:
    """(name, role, path) of every page worth a picture (records of the clerk's akimat)."""
    def first(status: str) -> int:
        return int(store.db.query("SELECT id FROM records WHERE kind = 'appeal' AND status = ? "
                                  "AND akimat = ? ORDER BY id DESC LIMIT 1",
                                  (status, clerk.akimat))[0][0])

    today = dt.date.fromisoformat(store.now()[:10])
    day = store.db.query("SELECT min(day) FROM records WHERE kind = 'booking' AND "
                         "status = 'booked' AND akimat = ? AND day >= ?",
                         (clerk.akimat, today.isoformat()))[0][0] or today.isoformat()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    return [
        ("login", "", "/staff/login"),
        ("overview", "clerk", "/staff/"),
        ("inbox", "clerk", "/staff/appeals"),
        ("inbox-overdue", "clerk", "/staff/appeals?due=overdue"),
        ("appeal-answered", "clerk", f"/staff/appeals/{first('answered')}"),
        ("appeal-new", "clerk", f"/staff/appeals/{first('registered')}"),
        ("password", "clerk", "/staff/password"),
        ("reception", "office", f"/staff/reception?day={day}"),
        ("reception-schedule", "office", "/staff/reception/schedule"),
        ("reports", "office", f"/staff/reports?month={last_month}"),
        ("ratings", "office", f"/staff/reports/ratings?month={last_month}"),
        ("fleet", "district", "/staff/fleet"),
        ("publish", "district", "/staff/publish"),
    ]


def render(browser: Browser, base: str, store: ServerStore, accounts: list[DemoAccount],
           out: Path) -> list[Path]:
    """Every page in every language and size; returns the files written."""
    by_role: dict[str, DemoAccount] = {}
    for account in accounts:  # the first of each role: the clerk and office of one akimat
        by_role.setdefault(account.role, account)
    written = []
    for name, role, path in pages(store, by_role["clerk"]):
        for lang in LANGS:
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              locale=f"{lang}-KZ")
                page = context.new_page()
                page.goto(f"{base}/staff/login?lang={lang}")
                if role:
                    sign_in(page, base, by_role[role])
                separator = "&" if "?" in path else "?"
                page.goto(f"{base}{path}{separator}lang={lang}")
                target = out / f"{name}-{lang}-{size}.png"
                shoot(page, target)
                written.append(target)
                context.close()
    return written


def main() -> int:
    """Seed, serve, render."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "staff")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        store = ServerStore.open(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        accounts = seed_demo(store, scrypt_n=2 ** 12)
        heartbeats(store)
        with serving(store) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            written = render(browser, base, store, accounts, args.out)
            browser.close()
        store.close()
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
