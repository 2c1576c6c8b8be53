"""Create the Qt application and the kiosk window, and run the event loop."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from kiosk.i18n import Translator
from kiosk.i18n.datenames import load_date_names, refresh_date_names
from ui.app import AfterFirstPaint, KioskWindow
from ui.context import UiContext
from ui.language import LanguageState
from ui.screens.base import ScreenId
from ui.theme import Theme, apply_theme

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kiosk.catalogue import CatalogueStore
    from ui.printing import PrintService

__all__ = ["AfterFirstPaint", "build_context", "run_window"]

logger = logging.getLogger(__name__)

DATE_NAMES = "date-names.json"


def build_context(config: Config, db: Database | Callable[[], Database],
                  store: CatalogueStore, opener: Any) -> UiContext:
    """The UI's view of the kiosk's services (``db`` may be a function that opens it)."""
    cache = config.paths.state_dir / "cache"
    translator = Translator.load(config.paths.locale_dir, cache)
    if not load_date_names(cache / DATE_NAMES):  # Home's date without loading Babel first
        refresh_date_names(cache / DATE_NAMES)  # the first start: from Babel, for next time
    store.cache_in(cache)  # an unchanged catalogue is not parsed again
    language = LanguageState(translator, config.kiosk.language)
    open_db = db if callable(db) else (lambda: db)

    def make_printing() -> PrintService:
        from kiosk.maintenance import paper_roll
        from ui.printing import PrintService

        return PrintService(opener, lambda: ctx.db, paper_roll(config))

    ctx = UiContext(config, open_db, store, language, make_printing)
    return ctx


def check_date_names(window: KioskWindow) -> None:
    """After the first paint: compare the cached month and day names with Babel's."""
    if refresh_date_names(window.navigator.ctx.config.paths.state_dir / "cache" / DATE_NAMES):
        logger.info("date names changed with Babel's data: Home redrawn")
        window.navigator.retranslate()


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
        from ui.watchdog import announce_ready

        window.watchdog = announce_ready(window)  # type: ignore[attr-defined]
        check_date_names(window)
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
    code = app.exec()
    return window.exit_code or code
