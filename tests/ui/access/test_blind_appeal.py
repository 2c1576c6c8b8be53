"""An appeal by keys and ear: what the user review found a blind villager could not do.

- Down from the topic passed the appeal-text box, which took the keyboard over: the topic
  typed on the on-screen keys went into the text.
- The text box was announced only as "empty"; the consent box said only "not chosen".
- The review never read the appeal back; End before the consent went to Home.
- Keys pressed on the on-screen keyboard said nothing.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from kiosk.speech.guide import Utterance
from kiosk.speech.phrases import single_letter
from tests.ui.access.conftest import focus_of, move_to, send
from ui.access.keys import KeyNavigation
from ui.app import KioskWindow
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen
from ui.screens.base import ScreenId

K = Qt.Key


def _words(heard: list[Utterance]) -> list[str]:
    return [phrase for utterance in heard for phrase in utterance.phrases]


def test_from_the_topic_down_goes_into_its_keyboard(qtbot: QtBot, window: KioskWindow,
                                                    keys: KeyNavigation,
                                                    said: list[Utterance]) -> None:
    nav = window.navigator
    window.navigator.ctx.language.set(Language.KK)
    nav.show_screen(ScreenId.APPEAL_TEXT)
    screen = nav.screen_of(AppealTextScreen)
    send(window, K.Key_Down)  # the first key shows where the focus is: the topic
    assert focus_of(keys) is screen.topic.edit
    passed = move_to(window, keys, lambda w: w is screen.keyboard.keys["ж"])
    assert screen.text not in passed, "the text box is not on the way to the keys"
    send(window, K.Key_Return)
    assert screen.topic.text == "ж" and screen.text.toPlainText() == ""
    assert single_letter("ж", Language.KK) in _words(said)[-2:], "the key pressed is said"


def test_the_text_box_and_the_consent_are_named_and_the_review_is_read_back(
        qtbot: QtBot, window: KioskWindow, keys: KeyNavigation,
        said: list[Utterance]) -> None:
    nav = window.navigator
    nav.ctx.language.set(Language.KK)
    nav.show_screen(ScreenId.APPEAL_TEXT)
    screen = nav.screen_of(AppealTextScreen)
    said.clear()
    move_to(window, keys, lambda w: w is screen.text)
    label = screen.text_label.text()
    assert label and label in _words(said), "the box is called by its label"
    nav.ctx.form.update(appeal_type="complaint", topic="Жол", text="Көпір құлады",
                        full_name="Әлия Нұрланқызы", iin="900101400003",
                        phone="+77012345678")
    said.clear()
    nav.show_screen(ScreenId.APPEAL_REVIEW)
    review = nav.screen_of(AppealReviewScreen)
    words = _words(said)
    assert any("Көпір құлады" in w for w in words), "the appeal is read back"
    assert any("Әлия Нұрланқызы" in w for w in words)
    assert not any("900101400003" in w for w in words), "the IIN is never read out"
    assert focus_of(keys) is review.consent
    consent_words = review.consent_text.text().split(",")[0]  # the voice's first phrase of it
    qtbot.waitUntil(lambda: any(consent_words in w for w in _words(said)), timeout=5000)
    send(window, K.Key_End)  # Send is grey until the box is ticked: End stays in the body
    assert focus_of(keys) is not nav.home_button
    assert focus_of(keys) is review.consent


@pytest.mark.parametrize("headphones", [False, True], ids=["speaker", "headphones"])
def test_digits_typed_are_read_back_only_on_headphones(qtbot: QtBot, window: KioskWindow,
                                                        keys: KeyNavigation,
                                                        said: list[Utterance],
                                                        headphones: bool) -> None:
    """An IIN typed by keys must not be read out through the hall's speaker."""
    from PySide6.QtWidgets import QLineEdit

    from ui.access.voice_describe import control_words

    nav = window.navigator
    nav.audio_default = headphones
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setText("900101400003")
    voice = window.voice
    assert voice is not None
    words = voice.private_words(field, control_words(field, nav.ctx.language.t))
    leaked = any("9, 0, 0" in w for w in words)
    assert leaked is headphones
