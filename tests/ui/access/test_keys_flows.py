"""Every citizen flow by keys alone — a ticket, an appeal, a booking, a status look-up —
with real key events through the whole application; nothing is touched."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLayout, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.access.conftest import focus_of, move_to, send, type_text
from tests.ui.conftest import visible_texts
from ui.access.keys import KeyNavigation
from ui.app import KioskWindow
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen, AppealTypeScreen
from ui.screens.base import ScreenId
from ui.screens.booking import BookingSlotScreen
from ui.screens.home import HomeScreen, MenuScreen
from ui.screens.person import PersonScreen
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen
from ui.screens.status import StatusScreen

K = Qt.Key
ANSWERS = {"full_name": "Әлия Нұрланқызы", "iin": "900101400003", "phone": "87012345678",
           "address": "", "topic": "Жер"}


def _start_in_kazakh(qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    """Home → the menu in Kazakh: the first key shows the focus on the first start button,
    Enter presses it."""
    home = window.navigator.screen_of(HomeScreen)
    if not keys.active:
        send(window, K.Key_Down)  # the first key shows where the focus is
    assert focus_of(keys) is home.start_buttons[next(iter(home.start_buttons))]
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.MENU


def _on(window: KioskWindow) -> ScreenId:
    """The screen on show (read afresh: each key may change it)."""
    return window.navigator.current


def _is(target: QWidget) -> Callable[[QWidget], bool]:
    return lambda widget: widget is target


def _widgets(layout: QLayout) -> list[QWidget]:
    items = (layout.itemAt(i) for i in range(layout.count()))
    return [w for w in (item.widget() if item else None for item in items) if w is not None]


def _tile(window: KioskWindow, keys: KeyNavigation, target: ScreenId) -> None:
    """On the menu: Down to a tile, Enter."""
    tile = window.navigator.screen_of(MenuScreen).tiles[target]
    move_to(window, keys, lambda w: w is tile)
    send(window, K.Key_Return)
    assert _on(window) is target


def _wait_printed(qtbot: QtBot, window: KioskWindow) -> ResultScreen:
    result = window.navigator.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=20_000)
    return result


def _answer_the_person_questions(window: KioskWindow, keys: KeyNavigation,
                                 screen_id: ScreenId) -> list[str]:
    """Whatever the applicant screen asks (one question or four at once): type the answer
    into the focused field on the keyboard, Enter; End + Enter where Enter stays. Returns
    the questions answered, in order."""
    nav = window.navigator
    screen = nav.screens[screen_id]
    assert isinstance(screen, PersonScreen)
    asked: list[str] = []
    for _ in range(12):
        if _on(window) is not screen_id:
            return asked
        field = focus_of(keys)
        assert isinstance(field, QLineEdit), f"the focus is on {field!r}, not a field"
        name = next(n for n, f in screen.fields.items() if f.edit is field)
        asked.append(name)
        if not field.text():
            type_text(window, ANSWERS[name])
        send(window, K.Key_Return)
        if _on(window) is screen_id and keys.current() is field:
            send(window, K.Key_End)  # the main action: Next, Skip, Book
            assert keys.current() is nav.primary_button
            send(window, K.Key_Return)
    raise AssertionError(f"still on {screen_id} after {asked}")


def test_a_queue_ticket_by_keys(qtbot: QtBot, window: KioskWindow,
                                keys: KeyNavigation) -> None:
    nav = window.navigator
    _start_in_kazakh(qtbot, window, keys)
    menu = nav.screen_of(MenuScreen)
    assert focus_of(keys) is menu.tiles[ScreenId.QUEUE], "a screen starts on its body"
    send(window, K.Key_Return)
    queue = nav.screen_of(QueueScreen)
    assert _on(window) is ScreenId.QUEUE
    first = queue.priority if queue.priority.isVisible() else queue.buttons["social"]
    assert focus_of(keys) is first
    move_to(window, keys, lambda w: w is queue.buttons["land"])
    send(window, K.Key_Enter, modifiers=Qt.KeyboardModifier.KeypadModifier)
    assert _on(window) is ScreenId.RESULT
    result = _wait_printed(qtbot, window)
    rows = nav.ctx.db.execute("SELECT number, department FROM tickets").fetchall()
    assert [(r[0][:2], r[1]) for r in rows] == [("Ж-", "land")]
    assert rows[0][0] in visible_texts(result)
    assert focus_of(keys) is result.done_button
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.HOME
    assert nav.ctx.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


def test_an_appeal_by_keys(qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    _start_in_kazakh(qtbot, window, keys)
    _tile(window, keys, ScreenId.APPEAL_TYPE)
    kinds = nav.screen_of(AppealTypeScreen)
    assert focus_of(keys) is next(iter(kinds.buttons.values()))
    move_to(window, keys, lambda w: w is kinds.buttons["complaint"])
    send(window, K.Key_Space)
    assert _on(window) is ScreenId.APPEAL_TEXT
    text_screen = nav.screen_of(AppealTextScreen)
    assert focus_of(keys) is text_screen.topic.edit
    type_text(window, "Жол")  # a USB keyboard types into the focused field
    send(window, K.Key_Return)  # Enter goes on to the next field
    assert focus_of(keys) is text_screen.text
    assert text_screen.keyboard.target is text_screen.text, "the keyboard types there now"
    for letter in "көпір":  # on the on-screen keyboard, key by key (up or down to it:
        key = text_screen.keyboard.keys[letter]  # round the screen passes the topic field)
        here = focus_of(keys)
        up = here is not None and key.mapTo(window, key.rect().topLeft()).y() < \
            here.mapTo(window, here.rect().topLeft()).y()
        move_to(window, keys, _is(key), K.Key_Up if up else K.Key_Down)
        send(window, K.Key_Return)
    move_to(window, keys, lambda w: w is text_screen.text, K.Key_Up)
    type_text(window, " құлады")
    assert text_screen.topic.text == "Жол"
    assert text_screen.text.toPlainText() == "көпір құлады"
    send(window, K.Key_Return)  # Enter in the last field: on to the main action
    assert focus_of(keys) is nav.primary_button
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.APPEAL_PERSON
    asked = _answer_the_person_questions(window, keys, ScreenId.APPEAL_PERSON)
    assert asked[:3] == ["full_name", "iin", "phone"]
    assert _on(window) is ScreenId.APPEAL_REVIEW
    consent = nav.screen_of(AppealReviewScreen).consent
    assert focus_of(keys) is consent
    send(window, K.Key_End)
    assert focus_of(keys) is not nav.primary_button, "no Send before consent"
    send(window, K.Key_Home)
    assert focus_of(keys) is consent
    send(window, K.Key_Return)
    assert consent.isChecked()
    send(window, K.Key_End)
    assert focus_of(keys) is nav.primary_button
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.RESULT
    _wait_printed(qtbot, window)
    send(window, K.Key_Return)
    send(window, K.Key_Return)  # a second Enter on the result's Done: Home, nothing sent
    rows = nav.ctx.db.execute("SELECT full_name, iin, appeal_type, topic, text FROM appeals"
                              ).fetchall()
    assert rows == [("Әлия Нұрланқызы", "900101400003", "complaint", "Жол",
                     "көпір құлады")]


def test_a_booking_by_keys(qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    _start_in_kazakh(qtbot, window, keys)
    _tile(window, keys, ScreenId.BOOKING_SLOT)
    slots = nav.screen_of(BookingSlotScreen)
    days = _widgets(slots.days)
    assert focus_of(keys) is days[0], "the days are read first, then that day's times"
    send(window, K.Key_Down)
    assert focus_of(keys) is days[1]
    send(window, K.Key_Return)  # another day: its times are built anew
    assert focus_of(keys) is _day_button(slots, 1), "the focus stays on the chosen day"
    times = _widgets(slots.times)
    passed = move_to(window, keys, lambda w: w is times[1])
    assert passed[-2:] == times[:2]
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.BOOKING_PERSON
    asked = _answer_the_person_questions(window, keys, ScreenId.BOOKING_PERSON)
    assert "topic" in asked
    assert _on(window) is ScreenId.RESULT
    _wait_printed(qtbot, window)
    rows = nav.ctx.db.execute("SELECT full_name, topic FROM bookings").fetchall()
    assert rows == [("Әлия Нұрланқызы", "Жер")]


def _day_button(slots: BookingSlotScreen, index: int) -> QWidget:
    widget = _widgets(slots.days)[index]
    assert isinstance(widget, QAbstractButton) and widget.isChecked()
    return widget


def test_a_status_by_keys(qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    nav = window.navigator
    _start_in_kazakh(qtbot, window, keys)
    _tile(window, keys, ScreenId.QUEUE)
    queue = nav.screen_of(QueueScreen)
    move_to(window, keys, lambda w: w is queue.buttons["social"])
    send(window, K.Key_Return)
    _wait_printed(qtbot, window)
    code, number = nav.ctx.db.execute("SELECT tracking_code, number FROM tickets").fetchone()
    send(window, K.Key_Return)  # Done
    _start_in_kazakh(qtbot, window, keys)
    _tile(window, keys, ScreenId.STATUS)
    status = nav.screen_of(StatusScreen)
    field = status.code.edit
    assert focus_of(keys) is field
    type_text(window, code[:5])  # half on a USB keyboard...
    keyboard = status.keyboard
    for char in code[5:]:  # ...half on the on-screen code keys
        key = keyboard.keys[char]
        move_to(window, keys, _is(key))
        send(window, K.Key_Space)
    assert field.text() == code
    move_to(window, keys, lambda w: w is field, K.Key_Up)
    send(window, K.Key_Return)  # Enter in the field: the look-up (its ↵ key)
    qtbot.waitUntil(lambda: number in "\n".join(visible_texts(status)), timeout=5_000)
    assert focus_of(keys) is field


def test_typing_in_the_appeal_text_keeps_the_text_box_a_text_box(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    """Space and Backspace in a field type and delete; Shift+Enter is a new line."""
    nav = window.navigator
    nav.show_screen(ScreenId.APPEAL_TEXT)
    text_screen = nav.screen_of(AppealTextScreen)
    move_to(window, keys, lambda w: w is text_screen.text)
    assert isinstance(text_screen.text, QPlainTextEdit)
    type_text(window, "су жоқ")
    send(window, K.Key_Backspace)
    send(window, K.Key_Return, modifiers=Qt.KeyboardModifier.ShiftModifier)
    type_text(window, "ш")
    assert text_screen.text.toPlainText() == "су жо\nш"
    assert _on(window) is ScreenId.APPEAL_TEXT


def test_a_rating_and_a_service_checklist_by_keys(qtbot: QtBot, window: KioskWindow,
                                                  keys: KeyNavigation) -> None:
    """The other two tiles: every control there is reachable by keys too."""
    from ui.screens.rating import RatingScreen
    from ui.screens.services import ServicesScreen

    nav = window.navigator
    _start_in_kazakh(qtbot, window, keys)
    _tile(window, keys, ScreenId.RATING)
    rating = nav.screen_of(RatingScreen)
    move_to(window, keys, _is(rating.faces[4]))
    send(window, K.Key_Return)
    chip = next(c for c in rating.chip_buttons.values() if c.isVisible())
    move_to(window, keys, _is(chip))
    send(window, K.Key_Return)
    send(window, K.Key_End)
    assert focus_of(keys) is nav.primary_button
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.RESULT
    assert nav.ctx.db.execute("SELECT score FROM ratings").fetchall() == [(5,)]
    send(window, K.Key_Return)  # Done
    _start_in_kazakh(qtbot, window, keys)
    _tile(window, keys, ScreenId.SERVICES)
    services = nav.screen_of(ServicesScreen)
    assert focus_of(keys) is services.search.edit
    type_text(window, "аныктама")
    send(window, K.Key_Return)  # the search field's ↵: the keyboard goes, the list shows
    hits = _widgets(services.list)
    assert hits, "a Kazakh word typed without Kazakh letters is found"
    move_to(window, keys, _is(hits[0]))
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.SERVICE
    send(window, K.Key_End)
    send(window, K.Key_Return)
    assert _on(window) is ScreenId.RESULT


def test_enter_typed_into_the_appeal_text_before_any_navigation_is_a_new_line(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation) -> None:
    """A visitor who touched the text box and types on a keyboard gets a new line."""
    from tests.ui.conftest import click

    nav = window.navigator
    nav.show_screen(ScreenId.APPEAL_TEXT)
    text_screen = nav.screen_of(AppealTextScreen)
    click(qtbot, nav.back_button)  # a touch: no key navigation yet
    nav.show_screen(ScreenId.APPEAL_TEXT)
    text_screen.text.setFocus()
    type_text(window, "су")
    send(window, K.Key_Return, "\r")
    type_text(window, "жоқ")
    assert text_screen.text.toPlainText() == "су\nжоқ"
    assert not keys.active


def test_the_focus_scrolls_a_long_list_into_view(qtbot: QtBot, window: KioskWindow,
                                                 keys: KeyNavigation) -> None:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QScrollArea

    from ui.screens.services import ServicesScreen

    nav = window.navigator
    nav.show_screen(ScreenId.SERVICES)
    services = nav.screen_of(ServicesScreen)
    send(window, K.Key_Down)
    type_text(window, "а")
    send(window, K.Key_Return)
    hits = _widgets(services.list)
    area = next(w for w in services.findChildren(QScrollArea) if w.widget() is
                services.list_holder)
    assert hits[-1].mapTo(area.viewport(), QPoint(0, 0)).y() > area.viewport().height(), \
        "the list is longer than the screen"
    move_to(window, keys, _is(hits[-1]))
    shown = QRect(hits[-1].mapTo(area.viewport(), QPoint(0, 0)), hits[-1].size())
    assert area.viewport().rect().contains(shown), "the focused choice is in view"
    send(window, K.Key_Down)
    assert focus_of(keys) is nav.back_button, "after the list: the footer"
