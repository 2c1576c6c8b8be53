"""Where the key focus goes and how it shows: reading order, rows, wrapping, touch, Back,
help, the idle card, language changes, install and remove."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.ui.access.conftest import focus_of, move_to, send, type_text
from tests.ui.conftest import click
from ui.access.keys import KeyNavigation, install_keys
from ui.app import KioskWindow
from ui.screens.appeal import AppealTextScreen
from ui.screens.base import ScreenId
from ui.screens.home import MENU, HomeScreen, MenuScreen
from ui.screens.queue import QueueScreen
from ui.screens.status import StatusScreen

K = Qt.Key
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def _menu(window: KioskWindow, keys: KeyNavigation) -> MenuScreen:
    """The menu in Kazakh with the focus shown on its first tile."""
    nav = window.navigator
    nav.ctx.language.set(Language.KK)
    nav.show_screen(ScreenId.MENU)
    send(window, K.Key_Down)  # the first key shows where the focus is, it does not move it
    menu = nav.screen_of(MenuScreen)
    assert focus_of(keys) is menu.tiles[ScreenId.QUEUE]
    return menu


def _on(window: KioskWindow) -> ScreenId:
    return window.navigator.current


def test_down_reads_the_screen_in_order_and_wraps_round(qtbot: QtBot, window: KioskWindow,
                                                        keys: KeyNavigation) -> None:
    nav = window.navigator
    menu = _menu(window, keys)
    heard: list[QWidget] = []
    keys.focused.connect(heard.append)
    header = [*nav.language_buttons.values(), nav.text_size_button, nav.contrast_button,
              nav.audio_button]
    tiles = [menu.tiles[target] for target, _, _ in MENU]
    expected = [*tiles[1:], nav.back_button, nav.home_button, *header, tiles[0]]
    for widget in expected:
        send(window, K.Key_Down)
        assert focus_of(keys) is widget
    assert heard == expected, "each control reached is announced once"


def test_up_from_the_first_control_reaches_the_header_then_wraps_to_the_footer(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    _menu(window, keys)
    send(window, K.Key_Up)
    assert focus_of(keys) is nav.audio_button, "Sound is one key up from any screen's start"
    for _ in range(5):
        send(window, K.Key_Up, modifiers=KEYPAD)  # the keypad's 8 with Num Lock off
    assert focus_of(keys) is nav.language_buttons[Language.KK]
    send(window, K.Key_Backtab, modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert focus_of(keys) is nav.home_button
    send(window, K.Key_Tab)
    assert focus_of(keys) is nav.language_buttons[Language.KK]


def test_left_and_right_stay_in_the_row(qtbot: QtBot, window: KioskWindow,
                                        keys: KeyNavigation) -> None:
    menu = _menu(window, keys)
    first_row = [menu.tiles[target] for target, _, _ in MENU[:4]]
    for widget in first_row[1:]:
        send(window, K.Key_Right)
        assert focus_of(keys) is widget
    send(window, K.Key_Right)
    assert focus_of(keys) is first_row[0], "round within the row"
    send(window, K.Key_Left)
    assert focus_of(keys) is first_row[-1]
    send(window, K.Key_PageDown)
    assert focus_of(keys) is menu.tiles[MENU[4][0]], "PageDown: the next row's first"
    send(window, K.Key_PageUp)
    assert focus_of(keys) is first_row[0]


def test_a_control_alone_in_its_row_moves_on_with_left_and_right(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    nav.show_screen(ScreenId.QUEUE)
    queue = nav.screen_of(QueueScreen)
    send(window, K.Key_Down)
    assert focus_of(keys) is queue.priority
    send(window, K.Key_Right)
    assert focus_of(keys) is next(iter(queue.buttons.values()))
    send(window, K.Key_Up)
    send(window, K.Key_Left)
    assert focus_of(keys) is nav.audio_button


def test_touch_shows_nothing_new_and_a_touch_hides_the_focus(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    home = nav.screen_of(HomeScreen)
    click(qtbot, home.start_buttons[Language.RU])
    assert _on(window) is ScreenId.MENU
    marked = [w for w in window.findChildren(QWidget) if w.property("keyFocus")]
    assert marked == [] and not keys.active, "no outline for a visitor who only touches"
    send(window, K.Key_Down)
    tile = focus_of(keys)
    send(window, K.Key_Down)
    moved = focus_of(keys)
    assert moved is not tile
    press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5),
                        Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(nav.contrast_button, press)
    assert moved.property("keyFocus") is False and not keys.active
    send(window, K.Key_Down)
    assert focus_of(keys) is nav.contrast_button, "the next key starts from what was touched"


def test_back_keys(qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    _menu(window, keys)
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.QUEUE
    send(window, K.Key_Backspace)  # not in a text field: Back
    assert _on(window) is ScreenId.MENU
    focus_of(keys)
    send(window, K.Key_Minus, "-", KEYPAD)
    assert _on(window) is ScreenId.HOME
    send(window, K.Key_Minus, "-", KEYPAD)
    assert _on(window) is ScreenId.HOME, "nothing behind Home"
    nav.show_screen(ScreenId.STATUS)
    status = nav.screen_of(StatusScreen)
    assert focus_of(keys) is status.code.edit
    type_text(window, "AB")
    send(window, K.Key_Backspace)  # in a text field: delete
    assert status.code.text == "A" and _on(window) is ScreenId.STATUS
    send(window, K.Key_Minus, "-")  # the main keyboard's hyphen is typed
    assert status.code.text == "A-"
    send(window, K.Key_Down)
    send(window, K.Key_Down)
    assert focus_of(keys) is status.keyboard.keys["2"]
    send(window, K.Key_Backspace)  # on a key of the on-screen keyboard: delete
    assert status.code.text == "A" and _on(window) is ScreenId.STATUS
    send(window, K.Key_Back)
    assert _on(window) is ScreenId.HOME


def test_the_help_key_asks_for_a_repeat(qtbot: QtBot, window: KioskWindow,
                                        keys: KeyNavigation) -> None:
    repeats: list[bool] = []
    keys.repeat_requested.connect(lambda: repeats.append(True))
    _menu(window, keys)
    send(window, K.Key_Asterisk, "*", KEYPAD)
    send(window, K.Key_F1)
    assert len(repeats) == 2
    window.navigator.show_screen(ScreenId.STATUS)
    send(window, K.Key_Asterisk, "*")  # a typed star is not the keypad's help key
    assert len(repeats) == 2


def test_enter_presses_and_says_what_it_pressed(qtbot: QtBot, window: KioskWindow,
                                                keys: KeyNavigation) -> None:
    pressed: list[QWidget] = []
    keys.activated.connect(pressed.append)
    menu = _menu(window, keys)
    send(window, K.Key_Down)
    send(window, K.Key_Space)
    assert pressed == [menu.tiles[ScreenId.SERVICES]]
    assert _on(window) is ScreenId.SERVICES


def test_only_continue_takes_keys_while_need_more_time_is_asked(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    nav.show_screen(ScreenId.APPEAL_TEXT)
    text = nav.screen_of(AppealTextScreen)
    send(window, K.Key_Down)
    send(window, K.Key_Down)
    assert focus_of(keys) is text.topic.clear_button
    nav.idle._idle.timeout.emit()  # the quiet minute is over
    assert focus_of(keys) is nav.prompt.continue_button
    for key in (K.Key_Down, K.Key_Up, K.Key_Tab, K.Key_Backspace):
        send(window, key)
        assert focus_of(keys) is nav.prompt.continue_button
    assert _on(window) is ScreenId.APPEAL_TEXT, "Back does not leave behind the card"
    send(window, K.Key_Return)
    assert not nav.prompt.isVisible()
    assert focus_of(keys) is text.topic.clear_button, "back where the visitor was"


def test_keys_count_as_activity(qtbot: QtBot, window: KioskWindow,
                                keys: KeyNavigation) -> None:
    nav = window.navigator
    _menu(window, keys)
    nav.idle._idle.stop()
    send(window, K.Key_Down)
    assert nav.idle._idle.isActive(), "a key starts the quiet minute again"


def test_a_new_language_keeps_the_focus_in_place(qtbot: QtBot, window: KioskWindow,
                                                 keys: KeyNavigation) -> None:
    nav = window.navigator
    _menu(window, keys)
    move_to(window, keys, lambda w: w is nav.language_buttons[Language.RU])
    send(window, K.Key_Return)
    assert nav.ctx.language.lang is Language.RU
    assert focus_of(keys) is nav.language_buttons[Language.RU]
    send(window, K.Key_Tab)
    assert focus_of(keys) is nav.language_buttons[Language.EN]


def test_maintenance_keys_are_left_alone(qtbot: QtBot, window: KioskWindow,
                                         keys: KeyNavigation) -> None:
    _menu(window, keys)
    send(window, K.Key_M, "m", Qt.KeyboardModifier.ControlModifier |
         Qt.KeyboardModifier.AltModifier)
    assert window.maintenance is not None and window.maintenance.pad.isVisible()
    assert not keys.active, "the PIN pad is staff's: no outline, no navigation"
    send(window, K.Key_Down)
    assert not keys.active
    assert send(window, K.Key_Escape) is True, "the lockdown still swallows Escape"
    window.maintenance.pad.close_pad()
    assert _on(window) is ScreenId.MENU


def test_install_once_and_remove(qtbot: QtBot, window: KioskWindow,
                                 keys: KeyNavigation) -> None:
    nav = window.navigator
    assert install_keys(nav) is keys
    _menu(window, keys)
    current = focus_of(keys)
    keys.remove()
    assert current.property("keyFocus") is False
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.MENU, "no key navigation after remove()"
    again = install_keys(nav)
    try:
        assert again is not keys
        send(window, K.Key_Down)
        assert focus_of(again) is current
    finally:
        again.remove()


def test_a_key_from_the_window_system_moves_once(qtbot: QtBot, window: KioskWindow,
                                                 keys: KeyNavigation) -> None:
    """A real key reaches the window first, then the widget: one step, not two."""
    from PySide6.QtTest import QTest

    menu = _menu(window, keys)
    QTest.keyClick(window.windowHandle(), K.Key_Down)
    assert focus_of(keys) is menu.tiles[ScreenId.SERVICES]
    QTest.keyClick(window.windowHandle(), K.Key_Return)
    assert _on(window) is ScreenId.SERVICES


def test_a_problem_card_takes_the_keys(qtbot: QtBot, window: KioskWindow,
                                       keys: KeyNavigation) -> None:
    """"Sorry, something went wrong" over the screen: its OK is all keys reach, and OK by
    Enter returns the focus where it was."""
    import sqlite3

    nav = window.navigator
    menu = _menu(window, keys)
    send(window, K.Key_Down)
    nav.storage_failed(sqlite3.OperationalError("database or disk is full"))
    assert nav.problem is not None and nav.problem.isVisible()
    assert focus_of(keys) is nav.problem.ok_button
    send(window, K.Key_Down)
    assert focus_of(keys) is nav.problem.ok_button
    send(window, K.Key_Return)
    assert not nav.problem.isVisible()
    assert focus_of(keys) is menu.tiles[ScreenId.SERVICES]


def test_in_audio_mode_the_first_enter_on_home_begins(qtbot: QtBot, window: KioskWindow,
                                                       keys: KeyNavigation) -> None:
    """Home says "To begin, press Enter": one Enter starts, in the kiosk's language."""
    nav = window.navigator
    nav.set_audio_mode(True)
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.MENU
    assert nav.ctx.language.lang is Language.KK
    assert focus_of(keys) is nav.screen_of(MenuScreen).tiles[ScreenId.QUEUE]


def test_without_audio_the_first_enter_only_shows_the_focus(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.HOME
    assert focus_of(keys) is nav.screen_of(HomeScreen).start_buttons[Language.KK]


def test_a_numeric_keypad_with_num_lock_on_moves_outside_fields_and_types_in_them(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    """Keypad 2/8/6 move the focus on buttons; in the code field the same keys are digits."""
    menu = _menu(window, keys)
    send(window, K.Key_2, "2", KEYPAD)
    assert focus_of(keys) is menu.tiles[ScreenId.SERVICES]
    send(window, K.Key_8, "8", KEYPAD)
    assert focus_of(keys) is menu.tiles[ScreenId.QUEUE]
    send(window, K.Key_6, "6", KEYPAD)
    assert focus_of(keys) is menu.tiles[ScreenId.SERVICES]
    nav = window.navigator
    nav.show_screen(ScreenId.STATUS)
    status = nav.screen_of(StatusScreen)
    assert focus_of(keys) is status.code.edit
    for digit in "2345":
        send(window, Qt.Key(ord(digit)), digit, KEYPAD)
    assert status.code.text == "2345" and focus_of(keys) is status.code.edit
