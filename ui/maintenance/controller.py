"""The way into maintenance: the gesture (or Ctrl+Alt+M), then the PIN, then the screen.

Five wrong PINs lock the pad for five minutes (kept on disk, so a restart does not reset
it). Every try is written to the audit log, which reaches the regional server.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ui.maintenance.entry import MaintenanceGesture
from ui.maintenance.pin_pad import PinCheck, PinPad
from ui.screens.base import ScreenId

if TYPE_CHECKING:
    from ui.navigator import Navigator

logger = logging.getLogger(__name__)


class MaintenanceController(QObject):
    """Listens for the gesture, runs the PIN pad, and opens the maintenance screen."""

    def __init__(self, window: QWidget, navigator: Navigator) -> None:
        super().__init__(window)
        self.navigator = navigator
        self.ctx = navigator.ctx
        self.gesture = MaintenanceGesture(window, navigator.header)
        self.gesture.requested.connect(self.open_pad)
        self.pad = PinPad(navigator, self.ctx.language.t)

    def remove(self) -> None:
        """Stop listening (shutdown)."""
        self.gesture.remove(self.navigator.header)

    def _audit(self, action: str, **details: object) -> None:
        from kiosk.maintenance import audit_action

        audit_action(self.ctx.db, action, details, self.ctx.clock())

    def _lock_message(self) -> str:
        from kiosk.maintenance import pin_guard

        guard = pin_guard(self.ctx.config)
        until = guard.locked_until(self.ctx.clock()) if guard is not None else None
        if until is None:
            return ""
        from kiosk.clock import local_time

        local = local_time(until, self.ctx.catalogue.akimat.timezone)
        return self.ctx.language.t(
            "Too many wrong PINs: the pad is locked until {time}.").format(
                time=local.strftime("%H:%M"))

    def open_pad(self) -> None:
        """Show the PIN pad (not while maintenance is already open)."""
        if self.navigator.current is ScreenId.MAINTENANCE or self.pad.isVisible():
            return
        logger.info("maintenance PIN pad opened")
        self.pad.ask(self.ctx.language.t("Maintenance PIN"), self.check,
                     self._lock_message())

    def check(self, pin: str) -> str:
        """Accept the right PIN (opening maintenance) or say why not."""
        from kiosk.maintenance import pin_guard

        t = self.ctx.language.t
        guard = pin_guard(self.ctx.config)
        if guard is None:
            return t("No maintenance PIN is set: see maintenance-pin.initial in the state "
                     "folder, or set maintenance.pin_hash in the config.")
        now = self.ctx.clock()
        if guard.locked_until(now) is not None:
            self._audit("maintenance.pin_locked")
            return self._lock_message()
        if guard.check(pin, now):
            self._audit("maintenance.enter")
            logger.info("maintenance mode entered")
            self.navigator.wipe()
            self.navigator.show_screen(ScreenId.MAINTENANCE)
            screen = self.navigator.screens[ScreenId.MAINTENANCE]
            for panel in getattr(screen, "panels", ()):
                panel.ask_pin = self.ask_pin
            return ""
        self._audit("maintenance.pin_wrong")
        return self._lock_message() or t("Wrong PIN. Five wrong PINs lock the pad for five "
                                         "minutes.")

    def ask_pin(self, title: str, check: PinCheck) -> None:
        """Open the pad for another purpose (changing the PIN)."""
        self.pad.ask(title, check)
