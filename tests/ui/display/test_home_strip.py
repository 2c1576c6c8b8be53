"""The kiosk's own home screen with desks on: a strip of the latest calls from its desk server,
shown (never spoken), hidden when desks are off or the server does not answer."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.catalogue import Catalogue
from kiosk.config import Config
from kiosk.i18n import Language, Translator
from tests.helpers.desk_server import DeskBrowser
from tests.ui.display.conftest import PASSWORD, Kiosk
from tests.ui.harness import FixedClock
from ui.app import KioskWindow
from ui.board_feed import BoardFeed
from ui.screens.base import ScreenId
from ui.screens.home import HomeScreen

WAIT_MS = 30_000


@pytest.fixture
def own_kiosk(window: KioskWindow, config: Config, catalogue: Catalogue,
              translator: Translator) -> Iterator[Kiosk]:
    """This kiosk's desk server, on the database the touchscreen uses."""
    running = Kiosk(config.paths.database, catalogue, translator, config.paths.state_dir)
    running.set_up({"social": 2, "land": 1})
    running.start()
    yield running
    running.close()


def _home(window: KioskWindow) -> HomeScreen:
    home = window.navigator.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    return home


def test_without_desks_home_has_no_strip_and_the_same_layout(qtbot: QtBot,
                                                             window: KioskWindow) -> None:
    home = _home(window)
    qtbot.waitExposed(window)
    assert window.navigator.ctx.board_feed is None
    assert not home.strip.isVisibleTo(window)
    assert home.strip.textFormat() is Qt.TextFormat.PlainText  # rooms are data, not markup
    # the strip, hidden, takes no room: the start buttons sit where they always did
    buttons = {lang: b.geometry() for lang, b in home.start_buttons.items()}
    home.body.removeWidget(home.strip)
    home.body.activate()
    qtbot.wait(10)
    assert {lang: b.geometry() for lang, b in home.start_buttons.items()} == buttons


def test_the_strip_shows_the_latest_calls_and_does_not_speak(
        qtbot: QtBot, window: KioskWindow, own_kiosk: Kiosk, clock: FixedClock) -> None:
    home = _home(window)
    desk = DeskBrowser(own_kiosk.url, "social-1", PASSWORD)
    feed = BoardFeed(own_kiosk.url)
    try:
        desk.press("call")
        window.navigator.attach_board(feed)
        assert window.navigator.ctx.board_feed is feed and feed.running
        qtbot.waitUntil(lambda: home.strip.isVisibleTo(window), timeout=WAIT_MS)
        assert home.strip.text() == "Шақырылды: Ә-001 → 103"
        own_kiosk.act("land-1")
        qtbot.waitUntil(lambda: home.strip.text() ==
                        "Шақырылды: Ж-001 → 104  ·  Ә-001 → 103", timeout=WAIT_MS)
        window.navigator.ctx.language.set(Language.RU)
        assert home.strip.text() == "Вызваны: Ж-001 → 104  ·  Ә-001 → 103"
        assert home.strip.fontInfo().pixelSize() >= 36  # read from a step back
        names = {t.name for t in threading.enumerate()}
        assert not names & {"call-announcer", "speech-player"}, "only the hall display speaks"

        own_kiosk.stop()  # the desk server does not answer: no stale calls on Home
        qtbot.waitUntil(lambda: not home.strip.isVisibleTo(window), timeout=WAIT_MS)
        own_kiosk.start()
        qtbot.waitUntil(lambda: home.strip.isVisibleTo(window), timeout=60_000)
        clock.now += dt.timedelta(days=1)  # after midnight, before today's first ticket
        home.retranslate()
        assert not home.strip.isVisibleTo(window)
    finally:
        desk.close()
        feed.stop()
