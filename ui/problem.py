"""The card a visitor sees when their record could not be saved: what happened, what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets import BigButton, body_label, title_label


class ProblemCard(QFrame):
    """A modal card over the screen (styled like the idle prompt): a title, the message and
    one big OK button; the screen under it stays as it was (nothing was registered)."""

    def __init__(self, parent: QWidget, t: Callable[[str], str]) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self._t = t
        card = QFrame(self)
        card.setObjectName("idleCard")
        self.title = title_label()
        self.message = body_label(object_name="bigMessage")
        self.ok_button = BigButton()
        self.ok_button.setObjectName("continueButton")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(24)
        for widget in (self.title, self.message, self.ok_button):
            layout.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        outer.setContentsMargins(160, 0, 160, 0)
        self.hide()

    def show_problem(self, text: str) -> None:
        """Show the card with ``text`` (already in the visitor's language)."""
        self.title.setText(self._t("Sorry, something went wrong"))
        self.message.setText(text)
        self.ok_button.setText(self._t("OK"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
