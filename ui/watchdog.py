"""systemd watchdog pings from the GUI thread's event loop: a hung GUI stops them.

Because the timer lives on the GUI thread, a blocked or looping event loop sends no
``WATCHDOG=1``, and systemd restarts the kiosk (``WatchdogSec=`` in kiosk.service).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.systemd import notify, watchdog_period

logger = logging.getLogger(__name__)


class Watchdog(QObject):
    """Pings ``WATCHDOG=1`` every ``period`` seconds while the event loop turns."""

    def __init__(self, period: float, send: Callable[[str], bool] = notify,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.send = send
        self._timer = QTimer(self)
        self._timer.setInterval(max(50, int(period * 1000)))
        self._timer.timeout.connect(self.ping)

    def start(self) -> None:
        """Start pinging (after READY=1)."""
        self.ping()
        self._timer.start()

    def stop(self) -> None:
        """Stop pinging."""
        self._timer.stop()

    def ping(self) -> None:
        """One ``WATCHDOG=1``."""
        self.send("WATCHDOG=1")


def announce_ready(parent: QObject) -> Watchdog | None:
    """Tell systemd the kiosk is up (home screen painted) and start the watchdog if asked."""
    notify("READY=1")
    notify("STATUS=Home screen shown")
    period = watchdog_period()
    if period is None:
        return None
    watchdog = Watchdog(period, parent=parent)
    watchdog.start()
    logger.info("systemd watchdog: pinging every %.1f s", period)
    return watchdog
