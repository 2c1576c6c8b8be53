"""The card a visitor sees when their record could not be saved: what happened, what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QWidget

from ui.idle import modal_card, show_over_parent
from ui.widgets import BigButton, body_label, title_label


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
