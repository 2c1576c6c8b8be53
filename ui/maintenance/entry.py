"""The hidden way in: five taps within 3 s in the top-left corner, or Ctrl+Alt+M."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

TAPS = 5
WINDOW_SECONDS = 3.0
#: The corner that counts: a square this many pixels wide from the window's top-left.
CORNER_PX = 120


class MaintenanceGesture(QObject):
    """Application-wide filter that emits :attr:`requested` on the gesture or the shortcut.

    Taps are counted on press in window coordinates, so the gesture works over any widget
    in the corner (the header's akimat name). The taps still reach that widget: a visitor
    who taps there by chance sees nothing happen.
    """

    requested = Signal()

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.taps: list[float] = []
        self._last: tuple[int, int, int] | None = None

    def _in_corner(self, global_pos: QPoint) -> bool:
        local = self.window.mapFromGlobal(global_pos)
        return 0 <= local.x() < CORNER_PX and 0 <= local.y() < CORNER_PX

    def tap(self, in_corner: bool) -> None:
        """Count a press; the fifth corner tap within the window opens the PIN pad."""
        now = self.clock()
        if not in_corner:
            self.taps.clear()
            return
        self.taps = [t for t in self.taps if now - t <= WINDOW_SECONDS] + [now]
        if len(self.taps) >= TAPS:
            self.taps.clear()
            self.requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch presses and Ctrl+Alt+M; never swallow a press.

        A press reaches several widgets as it propagates up to their parents; it is counted
        once (same timestamp and place). Touches arrive here as the mouse presses Qt makes
        from them for widgets.
        """
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and isinstance(watched, QWidget) and watched.window() is self.window:
            where = event.globalPosition().toPoint()
            key = (event.timestamp(), where.x(), where.y())
            if key != self._last:
                self._last = key
                self.tap(self._in_corner(where))
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and not event.isAutoRepeat():
            mods = event.modifiers()
            if event.key() == Qt.Key.Key_M and mods & Qt.KeyboardModifier.ControlModifier \
                    and mods & Qt.KeyboardModifier.AltModifier:
                self.requested.emit()
                return True
        return False
