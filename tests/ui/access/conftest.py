"""Key-only navigation fixtures: the real kiosk with keys installed, and a visitor's keys.

Keys are sent as the window system sends them, to the widget that has the text cursor (or
the window), through the whole application's event filters. The barcode scanner's clock is
a typist's: a person's keys are never closer together than a scanner's burst (a test that
scans uses a real burst).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.speech.guide import Utterance
from ui.access.keys import KeyNavigation, install_keys
from ui.app import KioskWindow


class Typist:
    """A clock that moves on a quarter of a second each time it is read."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 0.25
        return self.now


@pytest.fixture
def keys(qtbot: QtBot, window: KioskWindow) -> Iterator[KeyNavigation]:
    """Key navigation on the kiosk, installed as the app does after Home's first paint."""
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.scanner is not None, timeout=5000)
    assert window.scanner is not None
    window.scanner.clock = Typist()
    navigation = install_keys(window.navigator)
    QApplication.processEvents()
    yield navigation
    navigation.remove()


def send(window: KioskWindow, key: Qt.Key, text: str = "",
         modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> bool:
    """Press and release ``key`` where the window sends keys; True when the press was
    taken (by the navigation or a filter)."""
    QApplication.processEvents()  # what the event loop does before the next key arrives
    target: QWidget = window.focusWidget() or window
    press = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
    taken = QApplication.sendEvent(target, press)
    target = window.focusWidget() or window
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text))
    QApplication.processEvents()
    return bool(taken)


def type_text(window: KioskWindow, text: str) -> None:
    """Type ``text`` on a USB keyboard (each character a key with its text)."""
    for char in text:
        code = ord(char.upper()) if char.isalnum() else Qt.Key.Key_Space if char == " " \
            else ord(char)
        shift = Qt.KeyboardModifier.ShiftModifier if char.isupper() else \
            Qt.KeyboardModifier.NoModifier
        send(window, Qt.Key(code), char, shift)


def move_to(window: KioskWindow, keys: KeyNavigation, wanted: Callable[[QWidget], bool],
            key: Qt.Key = Qt.Key.Key_Down, limit: int = 200) -> list[QWidget]:
    """Press ``key`` until the focus is on a control ``wanted`` accepts; the controls
    passed on the way (the last one is the wanted one)."""
    passed: list[QWidget] = []
    for _ in range(limit):
        current = keys.current()
        if current is not None and keys.active and wanted(current):
            return passed
        send(window, key)
        current = keys.current()
        assert current is not None
        passed.append(current)
    raise AssertionError(f"no wanted control within {limit} presses of {key}")


def focus_of(keys: KeyNavigation) -> QWidget:
    """The focused control (it must carry keyFocus=true, and be the only one that does)."""
    QApplication.processEvents()  # what a person sees: the event loop has run
    current = keys.current()
    assert current is not None
    assert current.property("keyFocus") is True, "the focused control is not marked"
    marked = [w for w in current.window().findChildren(QWidget) if w.property("keyFocus")]
    assert marked == [current], marked
    return current


@pytest.fixture
def said(window: KioskWindow, keys: KeyNavigation) -> Iterator[list[Utterance]]:
    """What the kiosk's own voice is asked to say in audio mode (nothing is played)."""
    window.install_filters()
    voice = window.voice
    assert voice is not None
    voice.guide.stream.command = None
    heard: list[Utterance] = []
    voice.guide.listener = heard.append
    window.navigator.audio_default = True  # headphones in: audio mode for the whole visit
    window.navigator.set_audio_mode(True)
    yield heard
    window.navigator.set_audio_mode(False)
