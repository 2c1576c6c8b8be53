"""The PIN pad: a modal card with a keypad, used to enter maintenance and to change the PIN."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import N_, Message
from kiosk.maintenance_pin import MAX_DIGITS, PinFormatError
from ui.widgets import BigButton, body_label, on_click, title_label

#: Checks a typed PIN: returns "" to accept it, or the message to show (and keep the pad).
PinCheck = Callable[[str], str]
#: The pad's title and refusal when a new PIN is typed (kiosk.maintenance_pin.valid_new_pin).
NEW_PIN_TITLE = N_("New PIN (6 to 8 digits)")
NEW_PIN_RULE = N_("A new PIN is 6 to 8 digits.")
logger = logging.getLogger(__name__)
#: The pad closes by itself when nobody touches it for this long.
PAD_TIMEOUT_MS = 30_000


class PinPad(QFrame):
    """Digits show as dots; OK hands the PIN to the current check; Cancel closes."""

    closed = Signal()

    def __init__(self, parent: QWidget, t: Callable[[Message | str], str]) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self._t = t
        self._check: PinCheck | None = None
        self.pin = ""
        self.title = title_label()
        self.dots = QLabel()
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = body_label(object_name="errorMessage")
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(16)
        for index, label in enumerate("123456789⌫0✓"):
            key = QPushButton(label)
            key.setObjectName("doneKey" if label == "✓" else
                              "functionKey" if label == "⌫" else "key")
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            key.setMinimumSize(150, 100)
            on_click(key, partial(self.press, label))
            self.keys[label] = key
            grid.addWidget(key, index // 3, index % 3)
        self.cancel_button = BigButton(secondary=True)
        on_click(self.cancel_button, self.close_pad)
        card = QFrame(self)
        card.setObjectName("idleCard")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(20)
        for widget in (self.title, self.dots, self.message):
            layout.addWidget(widget)
        layout.addLayout(grid)
        layout.addWidget(self.cancel_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self.close_pad)
        self.hide()

    def ask(self, title: str, check: PinCheck, message: str = "") -> None:
        """Show the pad with ``title``; each OK calls ``check`` until it accepts."""
        self._check = check
        self.pin = ""
        self.title.setText(title)
        self.message.setText(message)
        self.cancel_button.setText(self._t("Cancel"))
        self._show_dots()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self._timeout.start(PAD_TIMEOUT_MS)

    def press(self, key: str) -> None:
        """A key of the pad was touched."""
        self._timeout.start(PAD_TIMEOUT_MS)
        if key == "⌫":
            self.pin = self.pin[:-1]
        elif key == "✓":
            self._submit()
            return
        elif len(self.pin) < MAX_DIGITS:
            self.pin += key
        self._show_dots()

    def show_message(self, text: str) -> None:
        """Show ``text`` under the dots (a wrong PIN, the lockout)."""
        self.message.setText(text)

    def close_pad(self) -> None:
        """Hide the pad and forget what was typed."""
        self._timeout.stop()
        self.pin = ""
        self._check = None
        self.hide()
        self.closed.emit()

    def _submit(self) -> None:
        pin, self.pin = self.pin, ""
        self._show_dots()
        check = self._check
        if check is None:
            return
        try:
            problem = check(pin)
        except PinFormatError as exc:  # set_pin refused a new PIN the check let through
            logger.warning("new PIN refused: %s", exc)
            problem = self._t(NEW_PIN_RULE)
        if problem:
            self.message.setText(problem)
        elif self._check is check:  # accepted, and the check did not ask for another PIN
            self.close_pad()

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" * len(self.pin)) or "—")
