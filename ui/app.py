"""The kiosk window: frameless fullscreen, cannot be closed or escaped, no context menus."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow

from ui.context import UiContext
from ui.navigator import Navigator
from ui.scanner import ScannerFilter
from ui.screens.base import ScreenId

logger = logging.getLogger(__name__)


class Lockdown(QObject):
    """Application-wide filter: Escape, Alt+F4 and context menus do nothing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the keys and events that would leave or expose the desktop."""
        if event.type() == QEvent.Type.ContextMenu:
            return True
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_Escape or (alt and key == Qt.Key.Key_F4) or \
                    key in (Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta):
                logger.info("blocked key %s", key)
                return True
        return False


class KioskWindow(QMainWindow):
    """The main window: holds the navigator; refuses to close unless told to shut down."""

    def __init__(self, ctx: UiContext, *, production: bool = True) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.navigator = Navigator(ctx)
        self.setCentralWidget(self.navigator)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.allow_close = False
        self.lockdown = Lockdown()
        self.scanner = ScannerFilter()
        self.scanner.scanned.connect(self._scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.lockdown)
            app.installEventFilter(self.scanner)
        if production:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            self.setCursor(Qt.CursorShape.BlankCursor)

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

    def shut_down(self) -> None:
        """Close for real (maintenance exit, SIGTERM)."""
        from kiosk.systemd import notify

        notify("STOPPING=1")
        self.allow_close = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.lockdown)
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.navigator.idle)
        self.navigator.stop_timers()
        self.close()
