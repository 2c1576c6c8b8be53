"""The barcode scanner types like a keyboard: key navigation must let its bursts through."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.access.conftest import focus_of, send
from ui.access.keys import KeyNavigation
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.home import MenuScreen
from ui.screens.queue import QueueScreen
from ui.screens.status import StatusScreen

CODE = "KX7MQ4RT9C"


def _burst(window: KioskWindow, text: str) -> None:
    """A scanner's burst: every character at once, then Enter, to the focused widget."""
    target: QWidget = window.focusWidget() or window
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, ord(char.upper()),
                                                      Qt.KeyboardModifier.NoModifier, char))
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_Return,
                                                  Qt.KeyboardModifier.NoModifier, "\r"))


def test_a_scan_is_not_taken_for_keys(qtbot: QtBot, window: KioskWindow,
                                      keys: KeyNavigation) -> None:
    """With the focus on a menu tile, a scan ending in Enter opens the status of the scanned
    code, and the Enter presses nothing."""
    nav = window.navigator
    assert window.scanner is not None
    window.scanner.clock = time.monotonic  # a real burst
    nav.show_screen(ScreenId.MENU)
    send(window, Qt.Key.Key_Down)
    assert focus_of(keys) is nav.screen_of(MenuScreen).tiles[ScreenId.QUEUE]
    pressed: list[QWidget] = []
    keys.activated.connect(pressed.append)
    _burst(window, f"HTTP://127.0.0.1:8470/T/{CODE}")
    assert nav.current is ScreenId.STATUS
    assert nav.screen_of(StatusScreen).code.text.endswith(CODE)
    assert pressed == [] and nav.history[-2] is ScreenId.MENU, "the tile was not pressed"


def test_a_scan_on_a_screen_with_a_text_field(qtbot: QtBot, window: KioskWindow,
                                              keys: KeyNavigation) -> None:
    """A scan while a visitor types in the status field: the whole code, looked up."""
    nav = window.navigator
    assert window.scanner is not None
    window.scanner.clock = time.monotonic
    nav.show_screen(ScreenId.STATUS)
    send(window, Qt.Key.Key_Down)
    status = nav.screen_of(StatusScreen)
    assert focus_of(keys) is status.code.edit
    status.code.edit.clear()
    _burst(window, f"HTTP://127.0.0.1:8470/T/{CODE}")
    assert status.code.text.endswith(CODE) and CODE + CODE not in status.code.text


def test_keys_typed_at_a_person_s_pace_are_keys(qtbot: QtBot, window: KioskWindow,
                                                keys: KeyNavigation) -> None:
    """Twelve digits and Enter typed by a person into a field are typing, not a scan."""
    nav = window.navigator
    nav.show_screen(ScreenId.QUEUE)
    send(window, Qt.Key.Key_Down)
    queue = nav.screen_of(QueueScreen)
    focused = focus_of(keys)
    assert focused in (queue.priority, *queue.buttons.values())
    pressed: list[QWidget] = []
    keys.activated.connect(pressed.append)
    scanned: list[str] = []
    assert window.scanner is not None
    window.scanner.scanned.connect(scanned.append)
    for digit in "900101400003":
        send(window, Qt.Key(ord(digit)), digit)
    send(window, Qt.Key.Key_Return)
    assert scanned == []
    assert pressed == [focused], "Enter pressed the focused control"


def test_a_scan_through_the_window_system_arrives_whole(qtbot: QtBot, window: KioskWindow,
                                                         keys: KeyNavigation) -> None:
    assert window.scanner is not None
    window.scanner.clock = time.monotonic
    scanned: list[str] = []
    window.scanner.scanned.connect(scanned.append)
    handle = window.windowHandle()
    for char in CODE:
        QTest.keyClick(handle, Qt.Key(ord(char)), Qt.KeyboardModifier.ShiftModifier
                       if char.isalpha() else Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(handle, Qt.Key.Key_Return)
    assert [s.upper() for s in scanned] == [CODE]
