"""The desks page's parts: a row per desk, a button asking for a second touch, the password."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.queue.desks import Desk
from ui.maintenance.panel import FactGrid, action_button
from ui.maintenance.setup_widgets import GAP, TARGET
from ui.widgets import on_click

#: A second touch within this time confirms a change that signs a specialist out.
CONFIRM_MS = 5000
_MONO = "DejaVu Sans Mono"
def grouped(password: str, size: int = 4) -> list[str]:
    """``password`` in groups of ``size`` (how it is shown and written down)."""
    return [password[i:i + size] for i in range(0, len(password), size)]


class ConfirmButton(QPushButton):
    """A button that acts on the second touch within five seconds (the first turns it red)."""

    confirmed = Signal()

    def __init__(self, needs_confirm: bool = True) -> None:
        super().__init__()
        self.setObjectName("secondaryButton")
        self.setMinimumHeight(80)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.needs_confirm = needs_confirm
        self.label = ""
        self.confirm_label = ""
        self.armed = False
        self._disarm = QTimer(self)
        self._disarm.setSingleShot(True)
        self._disarm.timeout.connect(self.disarm)
        on_click(self, self._tapped)

    def set_texts(self, label: str, confirm: str) -> None:
        """Its words, and the words that ask for the second touch."""
        self.label, self.confirm_label = label, confirm
        self.setText(confirm if self.armed else label)

    def _tapped(self) -> None:
        if self.armed or not self.needs_confirm:
            self.disarm()
            self.confirmed.emit()
            return
        self.armed = True
        self.setText(self.confirm_label)
        self._restyle("dangerButton")
        self._disarm.start(CONFIRM_MS)

    def disarm(self) -> None:
        """Back to its first words."""
        self.armed = False
        self._disarm.stop()
        self.setText(self.label)
        self._restyle("secondaryButton")

    def _restyle(self, name: str) -> None:
        self.setObjectName(name)
        self.style().unpolish(self)
        self.style().polish(self)


class RowWords(NamedTuple):
    """The buttons' words of every row, in the current language."""

    switch_off: str
    switch_on: str
    new_password: str
    confirm: str


class DeskRow(QWidget):
    """One desk: login, specialist, department and room, its state, and its two actions."""

    #: (login, "open" or "disabled") after the technician confirmed.
    state_requested = Signal(str, str)
    #: login, after the technician confirmed a new password.
    reset_requested = Signal(str)

    def __init__(self, desk: Desk, portrait: bool) -> None:
        super().__init__()
        self.desk = desk
        self.who = self._label("factValue")
        self.who.setTextFormat(Qt.TextFormat.RichText)
        self.state = self._label("factWarn" if desk.state == "disabled" else "factValue")
        self.where = self._label("factName")
        self.where.setWordWrap(True)
        first = QHBoxLayout()
        first.setSpacing(GAP)
        first.addWidget(self.who)
        first.addWidget(self.state)
        first.addStretch(1)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addLayout(first)
        words.addWidget(self.where)
        self.toggle = ConfirmButton(needs_confirm=desk.state != "disabled")
        self.toggle.confirmed.connect(self._toggle)
        self.reset = ConfirmButton()
        self.reset.confirmed.connect(lambda: self.reset_requested.emit(self.desk.login))
        buttons = QHBoxLayout()
        buttons.setSpacing(GAP)
        buttons.addWidget(self.toggle)
        buttons.addWidget(self.reset)
        row = QBoxLayout(QBoxLayout.Direction.TopToBottom if portrait
                         else QBoxLayout.Direction.LeftToRight, self)
        row.setContentsMargins(0, 4, 0, 4)
        row.setSpacing(12 if portrait else GAP)
        row.addLayout(words, 1)
        row.addLayout(buttons)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def _toggle(self) -> None:
        self.state_requested.emit(self.desk.login,
                                  "open" if self.desk.state == "disabled" else "disabled")

    def set_texts(self, department: str, room: str, state: str, words: RowWords) -> None:
        """The row's words in the current language (``room`` already says "room 103")."""
        desk = self.desk
        self.who.setText(f"<b>{html.escape(desk.login)}</b> — {html.escape(desk.specialist)}")
        self.state.setText(state)
        self.where.setText(f"{department} · {room}")
        self.toggle.set_texts(words.switch_on if desk.state == "disabled" else words.switch_off,
                              words.confirm)
        self.reset.set_texts(words.new_password, words.confirm)


class PasswordCard(QFrame):
    """A desk's new password, shown once in large digits, with what to do with it."""

    #: The technician has written it down.
    done = Signal()

    def __init__(self, portrait: bool = False) -> None:
        super().__init__()
        self.setObjectName("idleCard")  # the gold frame of a card that must be read
        body = QVBoxLayout(self)
        side = 20 if portrait else 32  # the 16 digits fit 1080 px in portrait
        body.setContentsMargins(side, 16, side, 16)
        body.setSpacing(8)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.password = QLabel()
        self.password.setObjectName("resultCode")
        self.password.setTextFormat(Qt.TextFormat.RichText)
        self.password.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.note = QLabel()
        self.note.setObjectName("setupText")
        self.note.setWordWrap(True)
        self.facts = FactGrid()
        self.done_button = action_button(object_name="primaryButton")
        self.done_button.setMinimumHeight(TARGET)
        self.done_button.setMinimumWidth(320)
        on_click(self.done_button, self.done.emit)
        body.addWidget(self.heading)
        if portrait:  # the 16 digits take the width: the button goes last
            for widget in (self.password, self.note, self.facts):
                body.addWidget(widget)
            body.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:  # the button beside the digits keeps the card low, the desks in view
            middle = QHBoxLayout()
            middle.setSpacing(GAP)
            middle.addWidget(self.password)
            middle.addStretch(1)
            middle.addWidget(self.done_button)
            body.addLayout(middle)
            body.addWidget(self.note)
            body.addWidget(self.facts)
        self.hide()

    def show_password(self, heading: str, password: str, note: str,
                      facts: Sequence[tuple[str, str]], done: str) -> None:
        """Show ``password`` in groups of four, large, in a font where every digit is plain."""
        gap = "&nbsp;" * 2
        groups = gap.join(html.escape(group) for group in grouped(password))
        self.heading.setText(heading)
        self.password.setText(f"<span style=\"font-family: '{_MONO}'; letter-spacing: 4px\">"
                              f"{groups}</span>")
        self.note.setText(note)
        self.facts.set_rows(facts)
        self.done_button.setText(done)
        self.show()

    def forget(self) -> None:
        """Hide the card and drop the password from the screen."""
        self.password.clear()
        self.facts.set_rows([])
        self.hide()

    @property
    def shown_password(self) -> str:
        """The password as a person reads it off the card, without the gaps ("" if none)."""
        text = QTextDocumentFragment.fromHtml(self.password.text()).toPlainText()
        return "".join(text.split())
