"""Free text typed by a citizen: every letter kept (₸, Ў, é), emoji dropped, the citizen told.

Emoji do not come from the on-screen keyboard: a USB keyboard or scanner types them, so
these tests send key events with the characters' text to the real widgets.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from kiosk.validators import EMOJI_REMOVED
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.test_flows import LANGS, primary, start, tile
from ui.app import KioskWindow
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen, AppealTypeScreen
from ui.screens.base import Screen, ScreenId
from ui.screens.booking import BookingSlotScreen
from ui.screens.person import AppealPersonScreen, BookingPersonScreen, PersonScreen
from ui.screens.rating import RatingScreen
from ui.screens.result import ResultScreen

TYPED = "Көпір құлады 😡👎🏽, жөндеуге 5000 ₸ керек.\nЎзбек махалласы 🇰🇿 👨‍👩‍👧 1️⃣"
STORED = "Көпір құлады, жөндеуге 5000 ₸ керек.\nЎзбек махалласы"


def type_keys(widget: QWidget, text: str) -> None:
    """Type ``text`` as a USB keyboard would: one key event per character, with its text.

    A person pauses before Enter (a burst of keys ending in Enter is a barcode scan).
    """
    for char in text:
        if char == "\n":
            QTest.qWait(100)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = Qt.Key.Key_Return if char == "\n" else Qt.Key.Key_unknown
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     char))
    QApplication.processEvents()


def notice_shown(window: KioskWindow, screen: Screen) -> bool:
    """Whether ``screen`` shows the emoji notice, in the current language."""
    notice = window.navigator.ctx.language.t(EMOJI_REMOVED)
    return any(notice in text for text in visible_texts(screen))


def to_appeal_text(qtbot: QtBot, window: KioskWindow, lang: Language) -> AppealTextScreen:
    """Start in ``lang``, choose a complaint, type the topic; the text field is tapped."""
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.APPEAL_TYPE)
    click(qtbot, nav.screen_of(AppealTypeScreen).buttons["complaint"])
    text_screen = nav.screen_of(AppealTextScreen)
    type_on(qtbot, text_screen.keyboard, "Жол")
    qtbot.mouseClick(text_screen.text, Qt.MouseButton.LeftButton)
    return text_screen


def fill_person(qtbot: QtBot, person: PersonScreen) -> None:
    """Name, IIN and phone on the on-screen keyboard."""
    for value in ("Әлия Нұрланқызы", "900101400003", "87012345678"):
        type_on(qtbot, person.keyboard, value)
        click(qtbot, person.keyboard.keys["↵"])


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_appeal_keeps_every_letter_drops_emoji_and_says_so(qtbot: QtBot, window: KioskWindow,
                                                           lang: Language) -> None:
    nav = window.navigator
    text_screen = to_appeal_text(qtbot, window, lang)
    assert not notice_shown(window, text_screen)
    type_keys(text_screen.text, TYPED)
    assert text_screen.text.toPlainText() == TYPED
    assert notice_shown(window, text_screen), visible_texts(text_screen)
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_PERSON, visible_texts(text_screen)
    fill_person(qtbot, nav.screen_of(AppealPersonScreen))
    primary(qtbot, window)
    review = nav.screen_of(AppealReviewScreen)
    assert nav.current is ScreenId.APPEAL_REVIEW
    assert notice_shown(window, review), visible_texts(review)
    assert "5000 ₸" in "\n".join(visible_texts(review))
    click(qtbot, review.consent)
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT
    qtbot.waitUntil(lambda: not nav.screen_of(ResultScreen).printing, timeout=15_000)
    assert nav.ctx.db.execute("SELECT topic, text FROM appeals").fetchone() == ("Жол", STORED)


def test_the_notice_goes_when_the_emoji_are_deleted(qtbot: QtBot, window: KioskWindow) -> None:
    text_screen = to_appeal_text(qtbot, window, Language.KK)
    type_keys(text_screen.text, "Жарық жоқ 😡")
    assert notice_shown(window, text_screen)
    qtbot.keyClick(text_screen.text, Qt.Key.Key_Backspace)
    assert not notice_shown(window, text_screen)


def test_appeal_of_only_emoji_names_the_field(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    text_screen = to_appeal_text(qtbot, window, Language.KK)
    type_keys(text_screen.text, "😡🤬 👎🏻")
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_TEXT
    error = text_screen.error.text()
    assert error.startswith("⚠ Өтінішіңіз:") and "эмодзи" in error, error


def test_booking_topic_drops_emoji_and_says_so(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.RU)
    tile(qtbot, window, ScreenId.BOOKING_SLOT)
    slots = nav.screen_of(BookingSlotScreen)
    click(qtbot, slots.times.itemAt(0).widget())  # type: ignore[union-attr, arg-type]
    person = nav.screen_of(BookingPersonScreen)
    fill_person(qtbot, person)
    type_keys(person.fields["topic"].edit, "Жер телімі 🏡 ₸")
    assert notice_shown(window, person), visible_texts(person)
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT, visible_texts(person)
    qtbot.waitUntil(lambda: not nav.screen_of(ResultScreen).printing, timeout=15_000)
    assert nav.ctx.db.execute("SELECT topic FROM bookings").fetchone() == ("Жер телімі ₸",)


def test_rating_comment_drops_emoji_and_says_so(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.EN)
    tile(qtbot, window, ScreenId.RATING)
    rating = nav.screen_of(RatingScreen)
    click(qtbot, rating.faces[4])
    qtbot.mouseClick(rating.comment.edit, Qt.MouseButton.LeftButton)
    type_keys(rating.comment.edit, "Рақмет 👍🏽 Ўлмас ағаға!")
    assert notice_shown(window, rating), visible_texts(rating)
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT
    assert nav.ctx.db.execute("SELECT comment FROM ratings").fetchone() == \
        ("Рақмет Ўлмас ағаға!",)


def test_an_emoji_in_the_name_is_the_name_rule(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    to_appeal_text(qtbot, window, Language.EN)
    type_keys(nav.screen_of(AppealTextScreen).text, "Көпір құлады")
    primary(qtbot, window)
    person = nav.screen_of(AppealPersonScreen)
    type_keys(person.fields["full_name"].edit, "Ўктам 😀 Ҳасанов")
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_PERSON
    message = person.fields["full_name"].message
    assert message.isVisible() and "emoji" in message.text(), message.text()
