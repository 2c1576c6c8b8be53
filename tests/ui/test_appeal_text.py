"""The appeal's text screen: a visible title and a visible label on the text box, errors
that name their field (and are said); every screen of these flows shows a title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.ui.harness import visit
from tests.ui.test_flows import primary
from ui.app import KioskWindow
from ui.screens.appeal import AppealTextScreen
from ui.screens.base import ScreenId


def test_the_text_box_has_a_title_and_a_visible_label(qtbot: QtBot,
                                                      window: KioskWindow) -> None:
    visit(window, ScreenId.APPEAL_TEXT, Language.KK)
    screen = window.navigator.screen_of(AppealTextScreen)
    QApplication.processEvents()
    assert screen.title.isVisible() and screen.title.text() == "Өтінішіңізді жазыңыз"
    label = screen.text_label
    assert label.isVisible()
    assert label.text() == "Өтінішіңіз: не болғанын және нені сұрайтыныңызды жазыңыз"
    box = QRect(screen.text.mapTo(screen, QPoint(0, 0)), screen.text.size())
    where = QRect(label.mapTo(screen, QPoint(0, 0)), label.size())
    assert where.bottom() < box.top() and where.left() <= box.left() + 8, "right above it"
    assert screen.spoken()[:3] == ["Өтінішіңізді жазыңыз",
                                   "Өтінішіңіздің тақырыбы (бірнеше сөзбен)", label.text()]


@pytest.mark.parametrize(("lang", "expected"), [
    (Language.KK, "Тақырыбы: осы жолды толтырыңыз."),
    (Language.RU, "Тема: заполните, пожалуйста."),
    (Language.EN, "Topic: please fill this in.")])
def test_an_empty_topic_names_the_field_and_is_said(qtbot: QtBot, window: KioskWindow,
                                                    lang: Language, expected: str) -> None:
    nav = window.navigator
    visit(window, ScreenId.APPEAL_TEXT, lang)
    screen = nav.screen_of(AppealTextScreen)
    said: list[str] = []
    nav.announced.connect(said.append)
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_TEXT
    assert screen.error.isVisible() and screen.error.text() == f"⚠ {expected}"
    assert said == [expected]
    screen.topic.edit.setText("Жол")
    assert not screen.error.isVisible(), "typing again clears the old error"
    primary(qtbot, window)
    text_name = {Language.KK: "Өтінішіңіз", Language.RU: "Ваше обращение",
                 Language.EN: "Your appeal"}[lang]
    assert screen.error.text().startswith(f"⚠ {text_name}: ")


@pytest.mark.parametrize("screen_id", [
    ScreenId.SERVICES, ScreenId.SERVICE, ScreenId.APPEAL_TYPE, ScreenId.APPEAL_TEXT,
    ScreenId.APPEAL_PERSON, ScreenId.APPEAL_REVIEW, ScreenId.BOOKING_PERSON])
def test_every_screen_shows_a_title(window: KioskWindow, screen_id: ScreenId) -> None:
    visit(window, screen_id, Language.KK)
    QApplication.processEvents()
    screen = window.navigator.screens[screen_id]
    titles = [label.text() for label in screen.findChildren(QLabel, "screenTitle")
              if label.isVisible() and label.text()]
    assert titles, f"{screen_id.value} has no visible title"
