"""``kiosk display``: the call board fullscreen on a monitor of its own, with chime and speech.

:class:`CallDisplay` joins the parts: a :class:`~ui.board_feed.BoardFeed` following the
kiosk's ``/board.json``, the :class:`~ui.display.board.DisplayBoard` on screen, and an
:class:`~kiosk.queue.announce.Announcer` that makes and plays each new call's chime and
speech on threads of its own (the GUI thread never waits for espeak-ng or the speaker).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import sys
import zoneinfo
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from kiosk.i18n import Translator
from kiosk.queue.announce import Announcer
from ui.board_feed import BoardFeed
from ui.display.board import DisplayBoard
from ui.display.model import BoardView, CallTracker, CallView, Names, read_board
from ui.theme import load_fonts

logger = logging.getLogger(__name__)

DESIGN_SIZE = (1920, 1080)


class CallDisplay(QObject):
    """The board fed by the kiosk: shows every board, flashes and announces new calls."""

    #: A new call (or a recall) was handed to the announcer.
    announced = Signal(object)

    def __init__(self, feed: BoardFeed, board: DisplayBoard,
                 announcer: Announcer | None) -> None:
        super().__init__(board)
        self.feed = feed
        self.board = board
        self.announcer = announcer
        self.tracker = CallTracker()
        feed.updated.connect(self._updated)
        feed.offline.connect(self._offline)

    def start(self) -> None:
        """Start following the kiosk."""
        self.feed.start()

    def stop(self) -> None:
        """Stop following (returns at once)."""
        self.feed.stop()

    @Slot(dict)
    def _updated(self, data: dict[str, Any]) -> None:
        view = read_board(data)
        new = self.tracker.new_calls(view)
        self.board.show_board(view, flash=bool(new))
        for call in new:
            self._announce(view, call)

    def _announce(self, view: BoardView, call: CallView) -> None:
        logger.info("call %s to room %s%s", call.number, call.room,
                    " (again)" if call.recall else "")
        if self.announcer is not None:
            self.announcer.announce(call.number, call.room, view.sound)
        self.announced.emit(call)

    @Slot(str)
    def _offline(self, reason: str) -> None:
        self.board.show_offline(reason)


def build_display(url: str, translator: Translator, announcer: Announcer | None, *,
                  akimat: Names | None = None, timezone: dt.tzinfo | None = None,
                  clock: Callable[[], dt.datetime] | None = None,
                  wait: float = 25.0) -> CallDisplay:
    """The board widget following ``url`` (not shown, not started)."""
    board = DisplayBoard(translator, akimat=akimat, timezone=timezone, clock=clock)
    feed = BoardFeed(url, wait=wait, parent=board)
    return CallDisplay(feed, board, announcer)


def local_akimat(config: Config) -> tuple[Names | None, dt.tzinfo | None]:
    """The akimat's name and time zone from this machine's catalogue (None if unreadable)."""
    from kiosk.catalogue import CatalogueStore
    from kiosk.errors import CatalogueError

    try:
        akimat = CatalogueStore(config.paths.active_catalogue).current.akimat
    except CatalogueError as exc:
        logger.warning("call display: no catalogue here (%s); the akimat's name is not shown",
                       exc)
        return None, None
    name = Names(akimat.name.kk, akimat.name.ru, akimat.name.en)
    try:
        return name, zoneinfo.ZoneInfo(akimat.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        logger.warning("call display: unknown time zone %s (%s); the clock shows local time",
                       akimat.timezone, exc)
        return name, None


def make_announcer(config: Config, translator: Translator) -> Announcer:
    """espeak-ng behind a clip cache in the state folder, played by aplay/play/paplay."""
    from kiosk.speech import Player, SpeechCache, SpeechEngine

    engine = SpeechEngine()
    if not engine.available():
        logger.warning("call display: espeak-ng is missing, calls are chimed without speech "
                       "(apt-get install espeak-ng)")
    cache = SpeechCache(config.paths.state_dir / "cache" / "speech", engine)
    return Announcer(cache, Player(volume=1.0), translator)


def place(board: DisplayBoard, app: QApplication, screen: int, *, windowed: bool) -> None:
    """Show ``board`` fullscreen on monitor ``screen`` (-1 or too high: the last one)."""
    screens = app.screens()
    if screen >= len(screens):
        logger.warning("call display: there is no monitor %d (only %d); using the last one",
                       screen, len(screens))
    chosen = screens[screen if 0 <= screen < len(screens) else -1] if screens else None
    if windowed:
        board.resize(*DESIGN_SIZE)
        board.show()
        return
    if chosen is not None:
        board.setGeometry(chosen.geometry())
    board.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    board.setCursor(Qt.CursorShape.BlankCursor)
    board.showFullScreen()
    if chosen is not None and board.windowHandle() is not None:
        board.windowHandle().setScreen(chosen)
        board.setGeometry(chosen.geometry())


def main(url: str, config: Config, *, windowed: bool, screen: int, exit_after: float) -> int:
    """Run the call board until closed (Ctrl+C, SIGTERM, or ``exit_after`` seconds)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("a non-widget Qt application is already running")
    app.setFont(QFont(load_fonts(), 14))
    app.setStyleSheet("")  # the board carries its own style sheet (display.qss)
    translator = Translator.load(config.paths.locale_dir, config.paths.state_dir / "cache")
    akimat, zone = local_akimat(config)
    announcer = make_announcer(config, translator)
    display = build_display(url, translator, announcer, akimat=akimat, timezone=zone)
    display.board.setWindowTitle("Call board")
    place(display.board, app, screen, windowed=windowed)
    display.start()
    print(f"Call board following {display.feed.url}/board.json", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    timer = QTimer()
    timer.start(200)  # lets Python handle the signals while Qt's loop runs
    timer.timeout.connect(lambda: None)
    if exit_after:
        QTimer.singleShot(int(exit_after * 1000), app.quit)
    try:
        return app.exec()
    finally:
        display.stop()
        announcer.close()
