"""A USB barcode scanner types like a keyboard: a fast burst of keys ending in Enter.

The filter watches every key press in the app. Keys that arrive within ``gap_ms`` of each
other are collected; Enter after at least ``min_length`` of them is a scan, and the text is
handed on (the status screen then looks it up). Slow typing is left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class ScannerFilter(QObject):
    """Emits :attr:`scanned` with the burst's text."""

    scanned = Signal(str)

    def __init__(self, gap_ms: float = 60.0, min_length: int = 8,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.gap = gap_ms / 1000
        self.min_length = min_length
        self.clock = clock
        self.buffer = ""
        self.last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Collect fast keys; on Enter after a burst, emit and swallow the Enter."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget):
            # A key from the window system passes the app's filters twice: at the window,
            # then at the widget it goes to. Counting both doubled every scanned character.
            return False
        if event.isAutoRepeat():
            return False
        now = self.clock()
        if now - self.last > self.gap:
            self.buffer = ""
        self.last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst, self.buffer = self.buffer, ""
            # Digits alone are a person typing fast (an IIN, a phone), never a receipt's
            # code or its QR address, which always hold letters.
            if len(burst) >= self.min_length and not burst.isdigit():
                self.scanned.emit(burst)
                return True
            return False
        if event.text() and event.text().isprintable():
            self.buffer += event.text()
        return False
