"""The card a visitor sees when their record could not be saved: what happened, what to do."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QWidget

from kiosk.storage_failure import describe_failure
from ui.context import UiContext
from ui.idle import modal_card, show_over_parent
from ui.widgets import BigButton, body_label, title_label

logger = logging.getLogger(__name__)


class ProblemCard(QFrame):
    """A modal card over the screen (like the idle prompt): a title, the message and one big
    OK button; the screen under it stays as it was (nothing was registered)."""

    def __init__(self, parent: QWidget, t: Callable[[str], str]) -> None:
        super().__init__(parent)
        self._t = t
        self.title = title_label()
        self.message = body_label(object_name="bigMessage")
        self.ok_button = BigButton()
        self.ok_button.setObjectName("continueButton")
        modal_card(self, [self.title, self.message, self.ok_button], side=160)

    def show_problem(self, text: str) -> None:
        """Show the card with ``text`` (already in the visitor's language)."""
        self.title.setText(self._t("Sorry, something went wrong"))
        self.message.setText(text)
        self.ok_button.setText(self._t("OK"))
        show_over_parent(self)


def explain_failed_save(ctx: UiContext, card: ProblemCard, exc: BaseException) -> str:
    """A visitor's record could not be saved (``exc``): end the transaction the write may
    have left open (nothing half-written stays for the next commit), tell maintenance the
    cause, show ``card`` with the visitor's words and return them (for audio mode)."""
    failure = describe_failure(exc)
    try:
        conn = ctx.db.conn
        if conn.in_transaction:
            conn.rollback()
    except sqlite3.Error as error:
        logger.error("rolling back after a failed write failed too: %s", error)
    ctx.maintenance.report_problem(failure.technician, ctx.clock())
    text = ctx.language.t(failure.visitor)
    card.show_problem(text)
    return text
