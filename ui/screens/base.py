"""What every screen is: one class, re-translatable, wipeable, talking by signal."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import UiContext

if TYPE_CHECKING:
    from kiosk.i18n import Message

logger = logging.getLogger(__name__)


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
    The navigator shows a screen with :meth:`arrive` and leaves it with :meth:`depart`; a
    tap that commits a record runs through :meth:`once`.
    """

    go = Signal(object, object)
    finished_flow = Signal()
    actions_changed = Signal()
    #: A message the visitor must hear in audio mode as it appears (an error naming its
    #: field, "no results", a refusal), in the current language.
    announce = Signal(str)
    #: Committing the visitor's record failed (a full disk, a broken database): the
    #: exception, for the navigator to explain to the visitor and to maintenance.
    storage_failed = Signal(object)
    screen_id: ScreenId = ScreenId.HOME
    #: Screens that show a typing keyboard ask the navigator to keep the footer compact.
    uses_keyboard = False
    #: The end of a flow (its record is committed): Back does not lead from it into the
    #: flow again, and leaving it by any way finishes the flow (the privacy wipe).
    final = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"screen-{self.screen_id.value}")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 16, 48, 16)
        self.body.setSpacing(16)
        self._busy = False
        self._on_show = False

    # -- called by the navigator -------------------------------------------------------
    def arrive(self, payload: object = None) -> None:
        """The navigator shows this screen: usable again (a tap of an earlier visit is over),
        then :meth:`enter`."""
        self._on_show = True
        if self._busy:
            self._set_busy(False)
        self.enter(payload)

    def depart(self) -> None:
        """The navigator shows another screen: :meth:`on_leave` stops what this one runs."""
        self._on_show = False
        self.on_leave()

    # -- one tap, one record -----------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True from a tap handled by :meth:`once` until the screen may be used again."""
        return self._busy

    def once(self, action: Callable[[], object]) -> None:
        """Run a tap's ``action`` (which commits a record and moves on) at most once per visit.

        From the tap on the screen is busy (:meth:`show_busy`) and further taps do nothing. If
        ``action`` moved on to another screen it stays busy until the navigator shows it again
        (the visitor comes back later); if it stayed here (a refusal, a broken rule) it is
        usable again at once. A failed write (SQLite's error, a full disk) is not raised
        into Qt's event loop, where the visitor would see nothing: :attr:`storage_failed`
        asks the navigator to say it.
        """
        if self._busy:
            logger.info("a second tap on %s ignored: the first one was handled",
                        self.screen_id.value)
            return
        self._set_busy(True)
        try:
            action()
        except (sqlite3.Error, OSError) as exc:
            logger.error("%s could not save the visitor's record: %s", self.screen_id.value,
                         exc)
            self.storage_failed.emit(exc)
        finally:
            if self._on_show:
                self._set_busy(False)

    def _set_busy(self, on: bool) -> None:
        self._busy = on
        self.show_busy(on)
        self.actions_changed.emit()  # the footer's main action follows

    def show_busy(self, on: bool) -> None:
        """Show that a tap is being handled (``on``) or that the screen is usable again."""

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

    def step_back(self) -> bool:
        """Back was pressed: go one step back inside this screen (a screen that asks its
        questions one at a time) and return True, or return False to leave the screen."""
        return False

    def spoken(self) -> list[str]:
        """What audio mode says when the screen is shown: its title and question, in the
        current language (each item spoken as one phrase). Empty: the voice reads the
        screen's visible title labels."""
        return []

    def on_leave(self) -> None:
        """The visitor left this screen: stop its timers and pending callbacks (its data
        stays until :meth:`wipe`, for Back)."""

    def retranslate(self) -> None:
        """Re-render every visible text in the current language (typed values stay)."""

    def wipe(self) -> None:
        """Forget everything the visitor entered or saw (privacy)."""
