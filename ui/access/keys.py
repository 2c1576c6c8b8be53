"""Key-only navigation: a tactile keypad or a USB numeric keypad moves a visible focus
through every control of every visitor screen (the ADA 707 pattern).

The kiosk's buttons take no Qt focus (a tap must not take the text cursor from a field),
so the navigation keeps its own *current* control and marks it with the dynamic property
``keyFocus`` = true (the style sheets draw ``*[keyFocus="true"]`` with a thick outline).
The order is the reading order of the screen (:mod:`ui.access.order`): the header, the
screen's body (its fields, lists, the on-screen keyboard's keys), the footer. When a screen
arrives the focus is on the first control of its body; Up and Down wrap around from the
last control to the first. While a card is up over the screens ("Need more time?", "Sorry,
something went wrong") its button is the only thing keys reach.

The keys are in :mod:`ui.access.keymap` (its table is the one for the README).

The first key after a touch (or on a new visitor's first screen) only shows where the
focus is (in audio mode Enter also presses it: Home says "To begin, press Enter"); a touch
hides the outline again, so a visitor who only touches sees nothing new.
Keys with Ctrl, Alt or Meta are left alone (Ctrl+Alt+M opens maintenance), and so is every
key while the maintenance screen or its PIN pad is up. A barcode scanner types a fast burst
ending in Enter: while a burst is under way (:mod:`ui.scanner`'s own measure) keys are left
alone, so the scan reaches the scanner whole and its Enter presses nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import SIGNAL, QEvent, QObject, QRect, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from ui.access.focus import scroll_to, set_key_focus, tap
from ui.access.keymap import key_action
from ui.access.order import is_text, nearest, overlay, place, read_kiosk, usable
from ui.keyboard import OnScreenKeyboard, keyboard_of
from ui.maintenance.pin_pad import PinPad
from ui.scanner import ScannerFilter
from ui.screens.base import ScreenId

if TYPE_CHECKING:
    from ui.navigator import Navigator

logger = logging.getLogger(__name__)

OBJECT_NAME = "keyNavigation"
#: The dynamic property that marks the control the keys are on.
PROPERTY = "keyFocus"

#: A control appears or becomes usable (or a card comes and goes).
_APPEARING = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.EnabledChange)


class KeyNavigation(QObject):
    """Moves the visible key focus and presses what it is on (installed by :func:`install_keys`).

    :attr:`focused` is emitted with the control the focus moved to, while the visitor uses
    keys (after their first key, until they touch the screen); :attr:`activated` with a
    control about to be pressed by a key; :attr:`repeat_requested` for the help key.
    """

    focused = Signal(object)
    activated = Signal(object)
    repeat_requested = Signal()

    def __init__(self, navigator: Navigator) -> None:
        super().__init__(navigator)
        self.setObjectName(OBJECT_NAME)
        self.navigator = navigator
        self.window = navigator.window()
        #: The focus is shown (a key was pressed since the last touch).
        self.active = False
        self.installed = False
        self._current: QWidget | None = None
        self._marked: QWidget | None = None
        self._rect = QRect()
        self._saved: QWidget | None = None  # the body's focus while a card has the keys
        self._first = True  # a screen arrived: the focus goes to its first control
        #: The focus is where the screen starts and the visitor has not moved it: it follows
        #: the start (a result's Done button appears once the printing is over).
        self._parked = False
        self._tapping = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)  # at the loop's next turn
        self._timer.timeout.connect(self.refresh)

    # -- public ------------------------------------------------------------------------
    def install(self) -> None:
        """Filter the application's events and follow the navigator."""
        app = QApplication.instance()
        if self.installed or app is None:
            return
        app.installEventFilter(self)
        self.navigator.screen_shown.connect(self._screen_shown)
        self.navigator.ctx.language.changed.connect(self._changed)
        self.installed = True
        logger.info("key navigation on")

    def remove(self) -> None:
        """Stop: no filter, no outline, no more signals (a new :func:`install_keys` starts
        afresh)."""
        if self.installed:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self.navigator.screen_shown.disconnect(self._screen_shown)
            self.navigator.ctx.language.changed.disconnect(self._changed)
            self.installed = False
        if isValid(self._timer):
            self._timer.stop()
        self._mark(None)
        self.active = False
        self.setParent(None)
        self.deleteLater()

    def current(self) -> QWidget | None:
        """The control the keys are on (None before any screen was read)."""
        widget = self._current
        return widget if widget is not None and isValid(widget) else None

    def refresh(self) -> None:
        """Read the screen again (its controls may have changed) and keep the focus on a
        control that is there: the same one, or the one nearest to where it was."""
        if not self.installed:
            return
        if self._passive():
            self._mark(None)
            self.active = False
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        reading = read_kiosk(self.navigator)
        flat = reading.flat
        current = self.current()
        if reading.exclusive:
            if current not in flat:
                if current is not None and self._saved is None:
                    self._saved = current  # back there when the card goes
                self._focus(flat[0] if flat else None)
            return
        if self._saved is not None:
            saved, self._saved = self._saved, None
            if saved in flat:
                self._focus(saved)
                return
        if self._first or (self._parked and reading.start is not current):
            self._first = False
            self._parked = True
            self._focus(reading.start)
        elif current not in flat:
            self._focus(nearest(flat, self._rect, self.navigator))
        elif self.active:
            self._remember(current)
            self._mark(current)

    # -- events ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys navigate; a touch hides the focus; a card over the screens takes the keys."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            # A key reaches the window first and then the widget with the text cursor: it is
            # handled once, at the widget.
            if isinstance(event, QKeyEvent) and isinstance(watched, QWidget) \
                    and watched.window() is self.window:
                return self._key(event)
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            if not self._tapping:
                self._touched(watched)
        elif kind in _APPEARING and isinstance(watched, QWidget) and (
                watched.parentWidget() is self.navigator or  # a card over the screens
                (self._parked and isinstance(watched, QAbstractButton))):
            self._timer.start()
        return False

    def _touched(self, watched: QObject) -> None:
        """A finger: no outline until the next key, which starts from what was touched."""
        if isinstance(watched, QWidget) and not isinstance(watched, QPlainTextEdit | QTextEdit):
            parent = watched.parentWidget()
            if isinstance(parent, QPlainTextEdit | QTextEdit):
                watched = parent  # the text box's viewport
        if isinstance(watched, QAbstractButton | QLineEdit | QPlainTextEdit | QTextEdit) and \
                self.navigator.isAncestorOf(watched):
            self._current = watched
            self._remember(watched)
        if self.active:
            self.active = False
            self._mark(None)

    def _screen_shown(self, _screen: object) -> None:
        self._first = True
        self._saved = None
        self._timer.start()

    def _changed(self, _value: object = None) -> None:
        self._timer.start()

    def _passive(self) -> bool:
        """Keys belong to staff now (maintenance, its PIN pad)."""
        return self.navigator.current is ScreenId.MAINTENANCE or \
            isinstance(overlay(self.navigator), PinPad)

    def _burst(self) -> bool:
        """A barcode scanner is typing (keys closer together than a person types)."""
        scanner = getattr(self.window, "scanner", None)
        if not isinstance(scanner, ScannerFilter) or not scanner.buffer:
            return False
        return scanner.clock() - scanner.last <= scanner.gap

    def _editing(self) -> QWidget | None:
        """The text field keys type into now, if the visitor is typing in one."""
        current = self.current()
        if self.active:
            return current if current is not None and is_text(current) else None
        focus = QApplication.focusWidget()
        if focus is not None and is_text(focus) and focus.isVisible() and \
                self.navigator.isAncestorOf(focus):
            return focus
        return None

    def _on_keyboard(self) -> OnScreenKeyboard | None:
        """The on-screen keyboard whose key the focus is on."""
        return keyboard_of(self.current())

    def _key(self, event: QKeyEvent) -> bool:
        if self._passive():
            if self.active:
                self.active = False
                self._mark(None)
            return False
        if self._burst():
            return False
        editing = self._editing()
        action = key_action(event, editing=editing is not None,
                            on_keyboard=self._on_keyboard() is not None,
                            newline=not self.active and isinstance(editing, QPlainTextEdit |
                                                                   QTextEdit))
        if action is None:
            return False
        self._poke_idle()
        self.refresh()
        if not self.active:
            self._reveal(action)
            return True
        self._do(action)
        return True

    def _poke_idle(self) -> None:
        """A key is activity (except while "Need more time?" counts: that wants Continue)."""
        idle = self.navigator.idle
        if idle.active and not idle.counting:
            idle.poke()

    def _reveal(self, action: str) -> None:
        """The first key after a touch: show where the focus is; Back, help and Enter in
        the field being typed in also act, and so does Enter in audio mode (the voice has
        said what it does: "To begin, press Enter")."""
        if action == "enter":
            editing = self._editing()
            if editing is not None and editing is not self.current():
                self._current = editing
        self.active = True
        current = self.current()
        if current is None:
            return
        self._focus(current, moved=True)
        if action in ("back", "repeat", "enter") or (
                action == "activate" and self.navigator.audio_mode):
            self._do(action)

    # -- actions -----------------------------------------------------------------------
    def _do(self, action: str) -> None:
        if action == "repeat":
            self.repeat_requested.emit()
            return
        self._parked = False
        reading = read_kiosk(self.navigator)
        if action == "back":
            if not reading.exclusive and self.navigator.current is not ScreenId.HOME:
                self.navigator.back()
                self._timer.start()
            return
        current = self.current()
        if current is None or current not in reading.flat:
            return
        if action == "activate":
            self._press(current)
        elif action == "enter":
            self._enter(current, reading.flat)
        elif action == "delete":
            keyboard = self._on_keyboard()
            if keyboard is not None:
                keyboard.press("⌫")
        else:
            self._focus(reading.move(action, current, self.navigator.primary_button))

    def _press(self, widget: QWidget) -> None:
        """Press a button as a finger would (its screen may change: read it again soon)."""
        if isinstance(widget, QAbstractButton):
            self.activated.emit(widget)
            widget.click()
            self._timer.start()
        elif is_text(widget):
            self._focus(widget, moved=True)

    def _enter(self, field: QWidget, flat: list[QWidget]) -> None:
        """Enter in a text field: what the screen's ↵ key does there, or on to the next
        field, or to the main action."""
        keyboard = self._keyboard_of(field)
        if isinstance(field, QLineEdit) and keyboard is not None and \
                keyboard.receivers(SIGNAL("done()")) > 0:
            key = keyboard.keys.get("↵")
            if key is not None:
                self.activated.emit(key)
            keyboard.press("↵")
            target = keyboard.target
            if target is not field and isinstance(target, QWidget) and usable(target):
                self._current = target  # the screen moved on to its next question
                self._remember(target)
                self._mark(target)
                target.setFocus()
                self.focused.emit(target)
            self._timer.start()
            return
        index = flat.index(field)
        later = flat[index + 1:]
        following = next((w for w in later if is_text(w)), None)
        primary = self.navigator.primary_button
        if following is None and primary in later:
            following = primary
        self._focus(following or flat[(index + 1) % len(flat)])

    def _keyboard_of(self, field: QWidget) -> OnScreenKeyboard | None:
        screen = self.navigator.stack.currentWidget()
        for keyboard in screen.findChildren(OnScreenKeyboard) if screen is not None else []:
            if keyboard.target is field:
                return keyboard
        return None

    # -- showing the focus ---------------------------------------------------------------
    def _focus(self, widget: QWidget | None, *, moved: bool = False) -> None:
        """Put the focus on ``widget`` (shown and announced while keys are in use)."""
        if widget is None:
            return
        changed = widget is not self.current()
        self._current = widget
        self._remember(widget)
        if not self.active:
            return
        self._mark(widget)
        scroll_to(widget, self.navigator)
        if is_text(widget) and (changed or moved):
            self._tapping = True
            try:
                tap(widget)
            finally:
                self._tapping = False
        if changed or moved:
            self.focused.emit(widget)

    def _remember(self, widget: QWidget) -> None:
        if isValid(widget) and widget.isVisible():
            self._rect = place(widget, self.navigator)

    def _mark(self, widget: QWidget | None) -> None:
        """Move the ``keyFocus`` property (and the outline the style sheets draw with it)."""
        old = self._marked
        if old is widget:
            return
        self._marked = widget
        if old is not None and isValid(old):
            set_key_focus(old, False)
        if widget is not None:
            set_key_focus(widget, True)



def install_keys(navigator: Navigator) -> KeyNavigation:
    """Key-only navigation for the kiosk (once; a second call returns the same one).

    Call it after Home's first paint, with the other application-wide filters; undo with
    :meth:`KeyNavigation.remove`.
    """
    for child in navigator.children():
        if isinstance(child, KeyNavigation) and child.installed:
            return child
    keys = KeyNavigation(navigator)
    keys.install()
    return keys
