"""The way into maintenance: the gesture (or Ctrl+Alt+M), then the PIN, then the screen.

Five wrong PINs lock the pad for a minute, the next five for two, then four ... up to a day
(kiosk.maintenance_pin: kept on disk, measured on the clock since boot, so neither a restart
nor a wrong wall clock changes it). A PIN shorter than six digits still opens maintenance,
which then asks for a longer one. Every try is written to the audit log, which reaches the
regional server.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_
from kiosk.maintenance_pin import PinClocks, pin_is_short
from ui.maintenance.entry import MaintenanceGesture
from ui.maintenance.pin_pad import PinCheck, PinPad
from ui.screens.base import ScreenId

if TYPE_CHECKING:
    from ui.navigator import Navigator

logger = logging.getLogger(__name__)

#: Shown in maintenance when the PIN that opened it is shorter than a new PIN may be.
SHORT_PIN = N_("This PIN is too short: change it to one of 6 to 8 digits (System → Change the "
                "PIN).")
WRONG_PIN = N_("Wrong PIN. Every five wrong PINs lock the pad, each time twice as long.")


class MaintenanceController(QObject):
    """Listens for the gesture, runs the PIN pad, and opens the maintenance screen."""

    def __init__(self, window: QWidget, navigator: Navigator) -> None:
        super().__init__(window)
        self.navigator = navigator
        self.ctx = navigator.ctx
        self.gesture = MaintenanceGesture(window, navigator.header)
        self.gesture.requested.connect(self.open_pad)
        self.pad = PinPad(navigator, self.ctx.language.t)
        #: The lockout's clocks (time since boot, boot id); tests replace them.
        self.pin_clocks = PinClocks()

    def remove(self) -> None:
        """Stop listening (shutdown)."""
        self.gesture.remove(self.navigator.header)

    def _audit(self, action: str, **details: object) -> None:
        from kiosk.maintenance import audit_action

        audit_action(self.ctx.db, action, details, self.ctx.clock())

    def _lock_message(self) -> str:
        from kiosk.maintenance import pin_guard

        guard = pin_guard(self.ctx.config, self.pin_clocks)
        seconds = guard.locked_for() if guard is not None else None
        if seconds is None:
            return ""
        import datetime as dt

        from kiosk.clock import local_time

        # Only shown: the lock itself never reads the wall clock.
        until = self.ctx.clock() + dt.timedelta(seconds=math.ceil(seconds / 60) * 60)
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
        guard = pin_guard(self.ctx.config, self.pin_clocks)
        if guard is None:
            return t("No maintenance PIN is set: see maintenance-pin.initial in the state "
                     "folder, or set maintenance.pin_hash in the config.")
        if guard.locked_for() is not None:
            self._audit("maintenance.pin_locked")
            return self._lock_message()
        if guard.check(pin):
            self._audit("maintenance.enter")
            logger.info("maintenance mode entered")
            self.navigator.wipe()
            self.navigator.show_screen(ScreenId.MAINTENANCE)
            screen = self.navigator.screens[ScreenId.MAINTENANCE]
            for panel in getattr(screen, "panels", ()):
                panel.ask_pin = self.ask_pin
            if pin_is_short(pin):
                self.short_pin_notice(screen)
            return ""
        self._audit("maintenance.pin_wrong")
        return self._lock_message() or t(WRONG_PIN)

    def short_pin_notice(self, screen: QWidget) -> None:
        """Ask, on the page maintenance opens with, for a PIN of 6 digits."""
        panel = getattr(screen, "panel", None)
        if panel is not None:
            panel.say(self.ctx.language.t(SHORT_PIN), ok=False)
        logger.warning("maintenance opened with a PIN shorter than 6 digits")

    def ask_pin(self, title: str, check: PinCheck) -> None:
        """Open the pad for another purpose (changing the PIN)."""
        self.pad.ask(title, check)
