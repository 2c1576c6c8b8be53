"""The kiosk window: frameless fullscreen, cannot be closed or escaped, no context menus."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from ui.context import UiContext
from ui.navigator import Navigator
from ui.screens.base import ScreenId
from ui.widgets import set_qt_property

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.access.keys import KeyNavigation
    from ui.access.voice import Voice
    from ui.maintenance.controller import MaintenanceController
    from ui.scanner import ScannerFilter

logger = logging.getLogger(__name__)


class AfterFirstPaint(QObject):
    """Runs ``action`` once, just after ``widget`` has been painted for the first time."""

    def __init__(self, widget: QWidget, action: Callable[[], None], delay_ms: int = 100) -> None:
        super().__init__(widget)
        self.action = action
        self.delay_ms = delay_ms
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first paint, schedule the action (``delay_ms`` later) and stop watching."""
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(self.delay_ms, self.action)
            watched.removeEventFilter(self)  # documented as safe from inside eventFilter
        return False


class Lockdown(QObject):
    """Application-wide filter: Escape, Alt+F4 and context menus do nothing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the keys and events that would leave or expose the desktop."""
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind != QEvent.Type.KeyPress:
            return False
        from PySide6.QtCore import Qt  # not before Home shows (see set_qt_property)
        from PySide6.QtGui import QKeyEvent

        if not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_Escape or (alt and key == Qt.Key.Key_F4) or \
                key in (Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta):
            logger.info("blocked key %s", key)
            return True
        return False


class KioskWindow(QMainWindow):
    """The main window: holds the navigator; refuses to close unless told to shut down.

    The lockdown and the barcode scanner filter the application's events from just after
    Home's first paint (:meth:`install_filters`).
    """

    def __init__(self, ctx: UiContext, *, production: bool = True) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.navigator = Navigator(ctx)
        self.setCentralWidget(self.navigator)
        set_qt_property(self, "contextMenuPolicy", "NoContextMenu")
        self.allow_close = False
        #: What ``kiosk run`` exits with (restart / exit to desktop, see kiosk.systemd).
        self.exit_code = 0
        self.lockdown = Lockdown()
        self.scanner: ScannerFilter | None = None
        #: The gesture, the PIN pad and the way into maintenance (after the first paint).
        self.maintenance: MaintenanceController | None = None
        #: Key-only navigation and spoken guidance (after the first paint).
        self.keys: KeyNavigation | None = None
        self.voice: Voice | None = None
        self.production = production
        self._filtering = False
        if production:
            from PySide6.QtCore import Qt

            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            self.setCursor(Qt.CursorShape.BlankCursor)
        home = self.navigator.screens[ScreenId.HOME]
        home.installEventFilter(AfterFirstPaint(home, self.install_filters, delay_ms=0))

    def install_filters(self) -> None:
        """Lock keys and context menus down and listen to the barcode scanner, app-wide.

        Called on the loop's turn after Home's first paint (once; later calls do nothing):
        until then no event of the start-up needs a Python call.
        """
        from ui.maintenance.controller import MaintenanceController
        from ui.scanner import ScannerFilter

        app = QApplication.instance()
        if self._filtering or self.allow_close or app is None:
            return
        self._filtering = True
        app.installEventFilter(self.lockdown)
        self.scanner = ScannerFilter()
        self.scanner.scanned.connect(self._scanned)
        app.installEventFilter(self.scanner)
        self.maintenance = MaintenanceController(self, self.navigator)
        self.install_access()

    def install_access(self) -> None:
        """Keys move a visible focus; audio mode speaks. Prompts are rendered ahead and
        headphones watched only in production (tests and screenshots speak on demand)."""
        from ui.access.keys import install_keys
        from ui.access.voice import PRERENDER_DELAY_MS, install_voice

        self.keys = install_keys(self.navigator)
        self.voice = install_voice(
            self.navigator, self.keys,
            prerender_delay_ms=PRERENDER_DELAY_MS if self.production else -1,
            watch_headphones=self.production)

    def _scanned(self, text: str) -> None:
        """A receipt's QR was scanned anywhere in the app: show its status."""
        logger.info("barcode scanned (%d characters)", len(text))
        self.navigator.show_screen(ScreenId.STATUS, text)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ignore close requests (window manager, Alt+F4) unless shutting down."""
        if self.allow_close:
            event.accept()
        else:
            logger.info("close request ignored")
            event.ignore()

    def shut_down(self, exit_code: int = 0) -> None:
        """Close for real (maintenance restart or exit, SIGTERM); ``kiosk run`` exits with
        ``exit_code``."""
        from kiosk.systemd import notify

        notify("STOPPING=1")
        self.allow_close = True
        self.exit_code = exit_code
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.lockdown)
            if self.scanner is not None:
                app.removeEventFilter(self.scanner)
        if self.maintenance is not None:
            self.maintenance.remove()
        if self.keys is not None:  # once: remove() deletes it (a second shut_down, as
            self.keys.remove()  # when the harness closes a window a test shut already,
            self.keys = None  # found its timer gone)
        if self.voice is not None:
            self.voice.close()
            self.voice = None
        maintenance = self.navigator.screens.built.get(ScreenId.MAINTENANCE)
        if maintenance is not None:
            maintenance.wipe()  # stops its clocks and its input filter
        self.navigator.stop_timers()  # the idle guard's filter goes with its timers
        self.close()
