"""The hidden way in: five taps within 3 s in the top-left corner, or Ctrl+Alt+M."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QWidget

TAPS = 5
WINDOW_SECONDS = 3.0
#: The corner that counts: a square this many pixels wide from the window's top-left
#: (inside the 96 px header).
CORNER_PX = 96


class MaintenanceGesture(QObject):
    """Emits :attr:`requested` on five quick taps in the corner, or on Ctrl+Alt+M.

    It watches only ``corner_widget`` (the header, which holds the window's top-left
    corner): no application-wide filter, so it costs nothing while visitors use the kiosk.
    Presses on the header's labels reach the header too (labels ignore them); a visitor
    who taps there by chance sees nothing happen. The shortcut is a window shortcut.
    """

    requested = Signal()

    def __init__(self, window: QWidget, corner_widget: QWidget,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.taps: list[float] = []
        corner_widget.installEventFilter(self)
        self.shortcut = QShortcut(QKeySequence("Ctrl+Alt+M"), window)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.requested.emit)

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
        """Count presses on the corner widget; never swallow them."""
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self.tap(self._in_corner(event.globalPosition().toPoint()))
        return False

    def remove(self, corner_widget: QWidget) -> None:
        """Stop watching (shutdown)."""
        corner_widget.removeEventFilter(self)
        self.shortcut.setEnabled(False)
