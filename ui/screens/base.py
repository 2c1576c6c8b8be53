"""What every screen is: one class, re-translatable, wipeable, talking by signal."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import UiContext

if TYPE_CHECKING:
    from kiosk.i18n import Message


class ScreenId(StrEnum):
    """Every screen of the kiosk."""

    HOME = "home"
    MENU = "menu"
    CLOSED = "closed"
    QUEUE = "queue"
    SERVICES = "services"
    SERVICE = "service"
    APPEAL_TYPE = "appeal_type"
    APPEAL_TEXT = "appeal_text"
    APPEAL_PERSON = "appeal_person"
    APPEAL_REVIEW = "appeal_review"
    BOOKING_SLOT = "booking_slot"
    BOOKING_PERSON = "booking_person"
    RATING = "rating"
    STATUS = "status"
    ABOUT = "about"
    RESULT = "result"
    MAINTENANCE = "maintenance"


class Screen(QWidget):
    """A screen: builds its widgets once, fills them on :meth:`enter`, clears them on :meth:`wipe`.

    Screens never switch screens themselves: they emit :attr:`go` with a target and a
    payload, and the navigator decides. :attr:`finished_flow` asks for the privacy wipe.
    """

    go = Signal(object, object)
    finished_flow = Signal()
    actions_changed = Signal()
    screen_id: ScreenId = ScreenId.HOME
    #: Screens that show a typing keyboard ask the navigator to keep the footer compact.
    uses_keyboard = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"screen-{self.screen_id.value}")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 16, 48, 16)
        self.body.setSpacing(16)

    def primary_action(self) -> str:
        """The label of this screen's main action, shown big in the footer ("" for none)."""
        return ""

    def primary_enabled(self) -> bool:
        """Whether the footer's main action can be used now."""
        return True

    def on_primary(self) -> None:
        """The footer's main action was touched."""

    def t(self, message: Message | str) -> str:
        """A UI string in the current language."""
        return self.ctx.language.t(message)

    def enter(self, payload: object = None) -> None:
        """Called each time the screen is shown (payload from the previous screen)."""
        self.retranslate()

    def retranslate(self) -> None:
        """Re-render every visible text in the current language (typed values stay)."""

    def wipe(self) -> None:
        """Forget everything the visitor entered or saw (privacy)."""
