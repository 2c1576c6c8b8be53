"""Create the Qt application and the kiosk window, and run the event loop."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Config
from kiosk.i18n import Translator
from ui.app import KioskWindow
from ui.context import UiContext
from ui.language import LanguageState
from ui.printing import PrintService
from ui.screens.base import ScreenId
from ui.theme import Theme, apply_theme
from ui.watchdog import announce_ready

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kiosk.catalogue import CatalogueStore

logger = logging.getLogger(__name__)


class AfterFirstPaint(QObject):
    """Runs ``action`` once, just after ``widget`` has been painted for the first time."""

    def __init__(self, widget: QWidget, action: Callable[[], None]) -> None:
        super().__init__(widget)
        self.action = action
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first paint, schedule the action for the next turn of the loop."""
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(100, self.action)
        return False


def build_context(config: Config, db: Database | Callable[[], Database],
                  store: CatalogueStore, opener: Any) -> UiContext:
    """The UI's view of the kiosk's services (``db`` may be a function that opens it)."""
    translator = Translator.load(config.paths.locale_dir, config.paths.state_dir / "cache")
    language = LanguageState(translator, config.kiosk.language)
    open_db = db if callable(db) else (lambda: db)
    ctx = UiContext(config, open_db, store, language, PrintService(opener, lambda: ctx.db))
    return ctx


def run_window(config: Config, db: Database | Callable[[], Database], store: CatalogueStore,
               opener: Any, *, windowed: bool, exit_after: float = 0.0,
               after_show: Callable[[], None] | None = None,
               screenshot: Path | None = None) -> int:
    """Show the kiosk and run until it is shut down."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("a non-widget Qt application is already running")
    apply_theme(app, Theme())
    window = KioskWindow(build_context(config, db, store, opener), production=not windowed)
    signal.signal(signal.SIGTERM, lambda *_: window.shut_down())
    if windowed:
        window.resize(1920, 1080)
        window.show()
    else:
        window.showFullScreen()
    home = window.navigator.screens[ScreenId.HOME]

    def started() -> None:
        window.watchdog = announce_ready(window)  # type: ignore[attr-defined]
        if after_show is not None:
            after_show()

    home.installEventFilter(AfterFirstPaint(home, started))
    if screenshot is not None:
        QTimer.singleShot(500, lambda: window.grab().save(str(screenshot)))
        print(f"No display: the kiosk runs offscreen; the home screen is in {screenshot}. "
              "Stop with Ctrl+C.", flush=True)
    if exit_after:
        QTimer.singleShot(int(exit_after * 1000), window.shut_down)
    timer = QTimer()
    timer.start(200)  # lets Python handle Ctrl+C while Qt's loop runs
    timer.timeout.connect(lambda: None)
    signal.signal(signal.SIGINT, lambda *_: window.shut_down())
    return app.exec()
