"""Render the hall's call board and the kiosk's home strip offscreen to PNG (docs/queue/).

``.venv/bin/python -m scripts.queue_screenshots [--out DIR]``

A real kiosk database (desks, a morning of tickets and calls), the real desk server on
loopback, the display and the kiosk's home screen following it: what the hall would see.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from sqlite_utils import Database

from kiosk.catalogue import Catalogue, CatalogueStore
from kiosk.config import Config, load_config
from kiosk.i18n import Language, Translator
from kiosk.queue.actions import perform
from kiosk.queue.desks import add_desk
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from kiosk.web.desk_server import DeskServer
from kiosk.web.desk_service import DeskService
from ui.board_feed import BoardFeed
from ui.display.main import build_display, local_akimat
from ui.theme import Theme, apply_theme, load_fonts

OUT = Path(__file__).resolve().parent.parent / "docs" / "queue"
MORNING = dt.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Almaty"))
DESKS = (("social-1", "social", "103"), ("social-2", "social", "105"),
         ("land-1", "land", "104"), ("housing-1", "housing", "108"),
         ("civil-1", "civil", "107"), ("egov-1", "egov-help", "101"))
TICKETS = {"social": 21, "land": 7, "housing": 4, "civil": 5, "egov-help": 3, "farm": 2,
           "military": 1}
#: Desk actions of the morning, in order (each desk serves its ticket before the next call).
CALLS = (["social-1", "land-1", "social-2", "civil-1", "egov-1", "housing-1"] * 3
         + ["social-1", "social-2"] * 5 + ["land-1", "civil-1", "social-2", "social-1"])


def demo_morning(db: Database, catalogue: Catalogue) -> Callable[[], dt.datetime]:
    """Desks, tickets and calls of a busy morning; the clock it ends at."""
    now = MORNING
    for login, department, room in DESKS:
        add_desk(db, catalogue, login, department=department, room=room,
                 specialist=f"Specialist {login}", now=now, password="demo-password-1")
    for department, count in TICKETS.items():
        for _ in range(count):
            now += dt.timedelta(seconds=40)
            issue_ticket(db, catalogue, department, now, Language.KK)
    busy: set[str] = set()
    for login in CALLS:
        now += dt.timedelta(minutes=1)
        if login in busy:
            perform(db, catalogue, login, "serve", now)
        perform(db, catalogue, login, "call", now)
        busy.add(login)
    final = now + dt.timedelta(minutes=1)
    return lambda: final


def _settle(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting until {what}")
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(5):
        QApplication.processEvents()


def shoot(widget: QWidget, path: Path) -> None:
    """Save ``widget`` as a PNG (256 colours are plenty for flat pictures)."""
    from PIL import Image

    QApplication.processEvents()
    widget.grab().save(str(path))
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256)
    small.save(path, optimize=True)
    print(path)


@contextmanager
def desk_server(config: Config, catalogue: Catalogue,
                clock: Callable[[], dt.datetime]) -> Iterator[DeskServer]:
    """The kiosk's desk server on loopback."""
    service = DeskService(config.paths.database, lambda: catalogue, clock, config.paths.state_dir)
    translator = Translator.load(config.paths.locale_dir)
    with DeskServer(service, translator, "127.0.0.1", 0) as server:
        yield server
    service.close()


def display_shots(config: Config, url: str, clock: Callable[[], dt.datetime], out: Path) -> None:
    """The board at 1920x1080 and 1080x1920; a new call flashing; the kiosk unreachable."""
    translator = Translator.load(config.paths.locale_dir)
    akimat, zone = local_akimat(config)
    for width, height in ((1920, 1080), (1080, 1920)):
        display = build_display(url, translator, None, akimat=akimat, timezone=zone, clock=clock)
        board = display.board
        board.resize(width, height)
        board.show()
        display.start()
        _settle(lambda b=board: bool(b.current_text()), "the board shows the calls")
        shoot(board, out / f"display-{width}x{height}.png")
        if width > height:
            board.flash()  # a new call, as it flashes for its first seconds
            shoot(board, out / f"display-new-call-{width}x{height}.png")
            board.stop_flash()
        board.show_offline("cannot reach the kiosk at http://127.0.0.1: Connection refused")
        shoot(board, out / f"display-offline-{width}x{height}.png")
        display.stop()
        board.close()


def home_shot(config: Config, db: Database, url: str, clock: Callable[[], dt.datetime],
              out: Path) -> None:
    """The kiosk's home screen with the strip of the latest calls."""
    from ui.app import KioskWindow
    from ui.screens.base import ScreenId
    from ui.window import build_context

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, Theme())
    ctx = build_context(config, db, CatalogueStore(config.paths.active_catalogue), None)
    ctx.clock = clock
    window = KioskWindow(ctx, production=False)
    window.resize(1920, 1080)
    window.show()
    feed = BoardFeed(url)
    window.navigator.attach_board(feed)
    home = window.navigator.screens[ScreenId.HOME]
    strip = getattr(home, "strip", None)
    _settle(lambda: strip is not None and strip.isVisible() and "→" in strip.text(),
            "the home strip shows the calls")
    shoot(window, out / "home-strip.png")
    feed.stop()
    window.shut_down()


def main() -> None:
    """Render the pictures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setFont(QFont(load_fonts(), 14))
    state = Path(tempfile.mkdtemp(prefix="queue-screens-"))
    config = load_config(None, environ={"KIOSK_STATE_DIR": str(state),
                                        "KIOSK_DESKS_LISTEN": "127.0.0.1:8480"})
    catalogue = CatalogueStore(config.paths.active_catalogue).current
    db = open_database(config.paths.database)
    clock = demo_morning(db, catalogue)
    with desk_server(config, catalogue, clock) as server:
        display_shots(config, server.url, clock, args.out)
        home_shot(config, db, server.url, clock, args.out)
    db.close()


if __name__ == "__main__":
    main()
