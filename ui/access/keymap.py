"""Which key does what in key-only navigation (the table for a keypad, a USB numeric keypad
or a keyboard). A numeric keypad's keys named in brackets move the focus with Num Lock off
(they are then the arrow, page, Home/End and Clear keys) and with Num Lock on too, except in
a text field, where its digits are typed.

======================================  ===================================================
Key                                     What it does
======================================  ===================================================
Down, Tab (keypad 2)                    next control (after the last: the first)
Up, Shift+Tab (keypad 8)                previous control
Right / Left (keypad 6 / 4)             next / previous control in the same row (keyboard
                                        keys, tiles, footer), round within the row; a
                                        control alone in its row: like Down / Up
PageDown / PageUp (keypad 3 / 9)        first control of the next / previous row
Home / End (keypad 7 / 1)               first control of the screen / the footer's main
                                        action (Next, Send, Check...)
Enter, keypad Enter, Space              press the control. In a text field Enter goes on:
                                        the field's ↵ key where the screen has one (next
                                        question, look up), else the next field or the
                                        main action; Space types a space
Backspace                               in a text field or on a keyboard key: delete the
                                        last character; elsewhere: Back
keypad − (minus), Back key              Back (as the footer's Back: one question back, or
                                        the previous screen; from a result: Home)
keypad * (star), F1, Help key,          say it again (``repeat_requested``)
keypad 5
letters, digits (keypad too)            typed into the field being edited (the keypad's
                                        digits elsewhere: the moves in brackets)
Escape                                  nothing (the kiosk's lockdown swallows it)
======================================  ===================================================

In a text field Left, Right, Home, End, Backspace and Space are the field's own (the text
cursor, deleting, a space). In the appeal text Shift+Enter is a new line, and so is Enter
typed before any navigation key (a keyboard user who touched the box to write). Keys with Ctrl,
Alt or Meta are never navigation (Ctrl+Alt+M opens maintenance).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

K = Qt.Key
#: Keys that act anywhere, whatever has the text cursor.
MOVES: dict[Qt.Key, str] = {
    K.Key_Down: "next", K.Key_Tab: "next", K.Key_Up: "previous", K.Key_Backtab: "previous",
    K.Key_Right: "right", K.Key_Left: "left", K.Key_PageDown: "next_row",
    K.Key_PageUp: "previous_row", K.Key_Home: "first", K.Key_End: "last",
    K.Key_Return: "activate", K.Key_Enter: "activate", K.Key_Space: "activate",
    K.Key_Backspace: "back", K.Key_Back: "back",
    K.Key_F1: "repeat", K.Key_Help: "repeat", K.Key_Clear: "repeat",
}
#: Keys of the numeric keypad (with the keypad modifier) that would otherwise type a sign.
KEYPAD: dict[Qt.Key, str] = {K.Key_Minus: "back", K.Key_Asterisk: "repeat"}
#: The keypad's digits with Num Lock on, outside a text field: the keys printed under them.
KEYPAD_DIGITS: dict[Qt.Key, str] = {
    K.Key_8: "previous", K.Key_2: "next", K.Key_4: "left", K.Key_6: "right",
    K.Key_9: "previous_row", K.Key_3: "next_row", K.Key_7: "first", K.Key_1: "last",
    K.Key_5: "repeat",
}
#: Keys that belong to the text field being edited (cursor, delete, a space).
IN_TEXT = frozenset({K.Key_Left, K.Key_Right, K.Key_Home, K.Key_End, K.Key_Backspace,
                     K.Key_Space})
_NOT_NAVIGATING = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | \
    Qt.KeyboardModifier.MetaModifier

#: The key table for the README and DEPLOY (Markdown).
KEY_TABLE = "\n".join([
    "| Key | What it does |",
    "|---|---|",
    "| ↓ Down, Tab (keypad 2) | next control (after the last one: the first) |",
    "| ↑ Up, Shift+Tab (keypad 8) | previous control |",
    "| → Right / ← Left (keypad 6 / 4) | next / previous control in the same row (keyboard "
    "keys, tiles, footer), round within the row; alone in its row: like Down / Up; in a "
    "text field: the text cursor |",
    "| PageDown / PageUp (keypad 3 / 9) | first control of the next / previous row |",
    "| Home / End (keypad 7 / 1) | first control of the screen / the main action (Next, Send, "
    "Check); in a text field: the text cursor |",
    "| Enter, keypad Enter, Space | press the control; in a text field Enter goes on (next "
    "question, look up, or the next field / main action) and Space types a space |",
    "| Shift+Enter | a new line in the appeal text |",
    "| Backspace | in a text field or on a keyboard key: delete a character; elsewhere: "
    "Back |",
    "| keypad − (minus), Back key | Back |",
    "| keypad * (star), F1, Help key, keypad 5 | say it again |",
    "| letters and digits | typed into the field being edited (a keypad's digits elsewhere: "
    "the moves in brackets, Num Lock on or off) |",
]) + "\n"


def key_action(event: QKeyEvent, *, editing: bool, on_keyboard: bool,
               newline: bool = False) -> str | None:
    """What ``event`` asks for: ``next``, ``previous``, ``right``, ``left``, ``next_row``,
    ``previous_row``, ``first``, ``last``, ``activate``, ``enter`` (in a text field),
    ``delete`` (on an on-screen keyboard), ``back`` or ``repeat``; None when the key is not
    navigation (it goes on to the widget as usual).

    ``editing``: a text field is being typed in; ``on_keyboard``: the focus is on a key of
    the on-screen keyboard; ``newline``: Enter is a new line there (a multi-line text box
    typed in on a keyboard before any navigation key).
    """
    key = Qt.Key(event.key())
    mods = event.modifiers()
    action: str | None = None
    if mods & _NOT_NAVIGATING:
        action = None
    elif mods & Qt.KeyboardModifier.KeypadModifier and key in KEYPAD:
        action = KEYPAD[key]
    elif mods & Qt.KeyboardModifier.KeypadModifier and key in KEYPAD_DIGITS and not editing:
        action = KEYPAD_DIGITS[key]
    elif key in (K.Key_Return, K.Key_Enter) and (
            newline or mods & Qt.KeyboardModifier.ShiftModifier):
        action = None  # a new line in the appeal text
    elif editing:
        action = None if key in IN_TEXT else MOVES.get(key)
        action = "enter" if action == "activate" else action
    elif key == K.Key_Backspace and on_keyboard:
        action = "delete"
    else:
        action = MOVES.get(key)
    return action
