"""The on-screen keyboard: Kazakh, Russian and Latin layouts, and a numeric keypad.

No OS keyboard is assumed. Keys are at least 15 mm wide at the configured screen DPI and
90 px (22 mm) tall. It types into whichever line or text edit it is attached to.

Every letter layout has the signs a villager writes (``? ! - ( ) "``) and the digits, each
one tap away: on a wide keyboard (landscape) the digits stand in a block right of the
letters, on a narrow one (portrait) in a row above them, so the keys stay as large as the
letters' and the keyboard no taller than the screen can spare.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

logger = logging.getLogger(__name__)

KEY_MM = 15.0
LAYOUTS: dict[str, list[str]] = {
    # Kazakh letters on their own row, as on the standard Kazakh layout; signs at row ends.
    "kk": ["әіңғүұқөһ?!-", "йцукенгшщзхъ", 'фывапролджэ"', "ячсмитьбю()"],
    # Russian and Latin: the signs on the row where Kazakh has its letters.
    "ru": ['?!-()":/№', "йцукенгшщзхъ", "фывапролджэё", "ячсмитьбю"],
    "en": ['?!-()":/', "qwertyuiop", "asdfghjkl'", "zxcvbnm"],
}
LAYOUT_LABELS = {"kk": "ҚАЗ", "ru": "РУС", "en": "ENG"}
#: The key back from the keypad to the letters, named after the alphabet it returns to.
LETTERS_LABELS = {"kk": "АӘБ", "ru": "АБВ", "en": "ABC"}
#: The digits of a letter layout: a row (narrow keyboard) or a block of three columns (wide).
DIGITS = "1234567890"
DIGIT_BLOCK = ["123", "456", "789", "0"]
NUMERIC_ROWS = ["123", "456", "789"]
#: Tracking codes use only these symbols (no 0/O, 1/I/L): the code keyboard offers no others.
CODE_ROWS = ["23456789", "ABCDEFGHJK", "MNPQRSTUVW", "XYZ"]
KEY_HEIGHT = 90  # 22 mm at 102 dpi; the guide asks for at least 15 mm
KEY_SPACING = 10
ROW_SPACING = 8
#: Between the letters and the digit block.
BLOCK_GAP = 24
#: The bottom row of a letter layout in key widths: ⇧, two layouts, comma, space, full stop,
#: ⌫, ↵. (No "123" key: the digits are on the letters' keyboard.)
BOTTOM_ROW_KEYS = 11.3


def key_pixels(dpi: float) -> int:
    """The narrowest a key may be: 15 mm at ``dpi``."""
    return round(KEY_MM / 25.4 * dpi)


Target = QLineEdit | QPlainTextEdit


class OnScreenKeyboard(QWidget):
    """Letter layouts with shift, backspace, space, layout switch and a Done key.

    Where the digits stand (a block beside the letters, or a row above them) follows the
    keyboard's width each time it is resized; ``wide`` is the first guess (a screen that
    knows it is landscape builds only the keys it will show).
    """

    done = Signal()

    def __init__(self, dpi: float = 102.0, layout: str = "kk", numeric: bool = False,
                 parent: QWidget | None = None, *, wide: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.key_width = key_pixels(dpi)
        self.key_size = max(KEY_HEIGHT, self.key_width)
        self.layout_name = layout
        self.numeric = numeric
        self.shift = False
        self.wide = wide
        self.target: Target | None = None
        self.keys: dict[str, QPushButton] = {}
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._panels: dict[tuple[str, bool], tuple[QWidget, dict[str, QPushButton]]] = {}
        self._panel: QWidget | None = None
        self._rows = QVBoxLayout()
        self.rebuild()

    # -- public ------------------------------------------------------------------------
    def attach(self, target: Target | None, *, numeric: bool | None = None) -> None:
        """Type into ``target`` from now on (switching to the keypad for numbers)."""
        self.target = target
        if numeric is not None and numeric != self.numeric:
            self.numeric = numeric
            self.rebuild()
        self.letters_key_visible(not (numeric or False))

    def letters_key_visible(self, visible: bool) -> None:
        """On an IIN or phone field the keypad has no way back to letters."""
        key = self.keys.get("АБВ")
        if key is not None:
            key.setVisible(visible)

    def set_layout(self, name: str) -> None:
        """Switch to the ``kk``, ``ru`` or ``en`` letters (or the ``code`` symbols)."""
        if name == self.layout_name and not self.numeric:
            return
        self.layout_name = name
        self.numeric = False
        self.rebuild()

    def wide_enough(self, width: int) -> bool:
        """Whether ``width`` px hold the digit block beside the longest row of letters."""
        columns = max(BOTTOM_ROW_KEYS, *(len(row) for rows in LAYOUTS.values() for row in rows))
        needed = (columns + len(DIGIT_BLOCK[0])) * (self.key_width + KEY_SPACING) + \
            BLOCK_GAP + 16
        return width >= needed

    def press(self, key: str) -> None:
        """Act as if ``key`` was touched (used by the buttons and by tests)."""
        if self.target is None:
            return
        if key == "⌫":
            self._backspace()
        elif key == "␣":
            self._insert(" ")
        elif key == "⇧":
            self.shift = not self.shift
            self._apply_shift()
        elif key == "123":
            self.numeric = True
            self.rebuild()
        elif key == "АБВ":
            self.numeric = False
            self.rebuild()
        elif key == "↵":
            self._insert("\n") if isinstance(self.target, QPlainTextEdit) else self.done.emit()
        else:
            self._insert(key.upper() if self.shift else key)
            if self.shift:
                self.shift = False
                self._apply_shift()

    # -- building ----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Put the digits beside the letters when the keyboard is wide enough."""
        super().resizeEvent(event)
        wide = self.wide_enough(event.size().width())
        if wide != self.wide:
            self.wide = wide
            self.rebuild()

    def rebuild(self) -> None:
        """Show the keys of the current mode (each mode's keys are built once, then reused)."""
        mode = "numeric" if self.numeric else self.layout_name
        letters = mode in LAYOUTS
        key = (mode, self.wide and letters)
        if key not in self._panels:
            panel = QWidget(self)
            self._rows = QVBoxLayout(panel)
            self._rows.setContentsMargins(8, 8, 8, 8)
            self._rows.setSpacing(ROW_SPACING)
            self.keys = {}
            if self.numeric:
                self._build_keypad()
            elif self.layout_name == "code":
                self._build_code()
            else:
                self._build_letters(wide=self.wide)
            panel.hide()
            self._panels[key] = (panel, self.keys)
        panel, self.keys = self._panels[key]
        if panel is not self._panel:
            if self._panel is not None:  # only the keys on show take room
                self._box.removeWidget(self._panel)
                self._panel.hide()
            self._box.addWidget(panel)
            panel.show()
            self._panel = panel
        letters_key = self.keys.get("АБВ")
        if letters_key is not None:
            letters_key.setText(LETTERS_LABELS.get(self.layout_name, "АБВ"))
        self._apply_shift()

    def _apply_shift(self) -> None:
        for label, button in self.keys.items():
            if len(label) == 1 and label.isalpha() and self.layout_name != "code":
                button.setText(label.upper() if self.shift else label)

    def _key(self, label: str, width: float = 1.0, object_name: str = "key") -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(object_name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(round(self.key_width * width), KEY_HEIGHT)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAutoRepeat(label == "⌫")
        button.clicked.connect(lambda _=False, key=label: self.press(key))
        self.keys[label] = button
        return button

    def _row_layout(self, keys: list[QPushButton]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(KEY_SPACING)
        for key in keys:
            row.addWidget(key)
        return row

    def _row(self, keys: list[QPushButton]) -> None:
        self._rows.addLayout(self._row_layout(keys))

    def _build_code(self) -> None:
        for symbols in CODE_ROWS[:-1]:
            self._row([self._key(c) for c in symbols])
        self._row([self._key(c) for c in CODE_ROWS[-1]] +
                  [self._key("⌫", 2, "functionKey"), self._key("↵", 3, "doneKey")])

    def _build_letters(self, *, wide: bool) -> None:
        rows = LAYOUTS[self.layout_name]
        if wide:
            letters = QVBoxLayout()
            letters.setSpacing(ROW_SPACING)
            for chars in rows:
                letters.addLayout(self._row_layout([self._key(c) for c in chars]))
            digits = QGridLayout()
            digits.setHorizontalSpacing(KEY_SPACING)
            digits.setVerticalSpacing(ROW_SPACING)
            for r, chars in enumerate(DIGIT_BLOCK):
                for c, char in enumerate(chars):
                    span = len(DIGIT_BLOCK[0]) if len(chars) == 1 else 1
                    digits.addWidget(self._key(char), r, c, 1, span)
            upper = QHBoxLayout()
            upper.setSpacing(BLOCK_GAP)
            upper.addLayout(letters, max(len(row) for row in rows))
            upper.addLayout(digits, len(DIGIT_BLOCK[0]))
            self._rows.addLayout(upper)
        else:
            self._row([self._key(c) for c in DIGITS])
            for chars in rows:
                self._row([self._key(c) for c in chars])
        bottom = [self._key("⇧", 1.2, "functionKey")]
        for name, label in LAYOUT_LABELS.items():
            if name != self.layout_name:
                switch = QPushButton(label)
                switch.setObjectName("functionKey")
                switch.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                switch.setMinimumSize(round(self.key_width * 1.2), KEY_HEIGHT)
                switch.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                switch.clicked.connect(lambda _=False, n=name: self.set_layout(n))
                self.keys[label] = switch
                bottom.append(switch)
        bottom += [self._key(",", 1),
                   self._key("␣", 3, "spaceKey"), self._key(".", 1),
                   self._key("⌫", 1.2, "functionKey"), self._key("↵", 1.5, "doneKey")]
        self._row(bottom)

    def _build_keypad(self) -> None:
        grid = QGridLayout()
        grid.setSpacing(12)
        for r, digits in enumerate(NUMERIC_ROWS):
            for c, digit in enumerate(digits):
                grid.addWidget(self._key(digit, 1.6), r, c)
        grid.addWidget(self._key("⌫", 1.6, "functionKey"), 3, 0)
        grid.addWidget(self._key("0", 1.6), 3, 1)
        grid.addWidget(self._key("↵", 1.6, "doneKey"), 3, 2)
        for index, extra in enumerate("+-/"):
            grid.addWidget(self._key(extra, 1.2, "functionKey"), index, 3)
        grid.addWidget(self._key("АБВ", 1.2, "functionKey"), 3, 3)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        self._rows.addLayout(row)

    # -- typing ------------------------------------------------------------------------
    def _insert(self, text: str) -> None:
        if isinstance(self.target, QLineEdit):
            self.target.insert(text)
        elif isinstance(self.target, QPlainTextEdit):
            self.target.insertPlainText(text)

    def _backspace(self) -> None:
        if isinstance(self.target, QLineEdit):
            self.target.backspace()
        elif isinstance(self.target, QPlainTextEdit):
            self.target.textCursor().deletePreviousChar()


def keyboard_of(widget: QWidget | None) -> OnScreenKeyboard | None:
    """The on-screen keyboard ``widget`` is a key of (or is), else None."""
    while widget is not None:
        if isinstance(widget, OnScreenKeyboard):
            return widget
        widget = widget.parentWidget()
    return None
