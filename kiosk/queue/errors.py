"""Why a desk action or sign-in was refused, in words the specialist can act on."""

from __future__ import annotations

from kiosk.errors import KioskError
from kiosk.i18n import Message


class QueueRefused(KioskError):
    """A desk action that cannot be done now (empty queue, a ticket still at the desk …)."""

    def __init__(self, reason: str, message: Message) -> None:
        super().__init__(message)
        self.reason = reason


class DeskSignInRefused(KioskError):
    """A wrong login or password, a locked or disabled desk."""
