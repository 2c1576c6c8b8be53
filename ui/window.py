"""Create the Qt application and the kiosk window, and run the event loop."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from kiosk.catalogue import CatalogueStore
from kiosk.config import Config
from kiosk.i18n import Translator
from ui.app import KioskWindow
from ui.context import UiContext
from ui.language import LanguageState
from ui.printing import PrintService
from ui.theme import Theme, apply_theme

logger = logging.getLogger(__name__)


def build_context(config: Config, db: Database, store: CatalogueStore,
                  opener: Any) -> UiContext:
    """The UI's view of the kiosk's services."""
    language = LanguageState(Translator.load(config.paths.locale_dir), config.kiosk.language)
    return UiContext(config, db, store, language, PrintService(opener, db))


def run_window(config: Config, db: Database, store: CatalogueStore, opener: Any, *,
               windowed: bool, exit_after: float = 0.0, screenshot: Path | None = None) -> int:
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
