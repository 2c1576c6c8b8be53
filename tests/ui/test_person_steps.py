"""The applicant's screen asks one question at a time: its own title, field, spoken prompt
and keyboard on each step; Back steps back; errors name their field and are said."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.test_flows import primary, start, tile, wait_printed
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.booking import BookingSlotScreen
from ui.screens.person import AppealPersonScreen, BookingPersonScreen, PersonScreen
from ui.widgets import Field

NAME, IIN, PHONE = "Әлия Нұрланқызы", "900101400003", "87012345678"
QUESTIONS_KK = ["Аты-жөніңіз кім?", "ЖСН-іңіз (12 цифр)", "Ұялы телефон нөміріңіз",
                "Мекенжайыңыз (қаласаңыз)"]


def to_appeal_person(qtbot: QtBot, window: KioskWindow, lang: Language) -> AppealPersonScreen:
    """Through the appeal's type and text to the applicant's first question."""
    from tests.ui.test_free_text import to_appeal_text

    nav = window.navigator
    text = to_appeal_text(qtbot, window, lang)  # a complaint, its topic typed
    text.text.setPlainText("Көпір құлады")
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_PERSON
    return nav.screen_of(AppealPersonScreen)


def shown_fields(screen: PersonScreen) -> list[Field]:
    """The fields a visitor sees now."""
    QApplication.processEvents()
    return [field for field in screen.findChildren(Field) if field.isVisible()]


def shown_title(screen: PersonScreen) -> str:
    """The visible screen title."""
    titles = [label.text() for label in screen.findChildren(QLabel, "screenTitle")
              if label.isVisible() and label.text()]
    assert len(titles) == 1, titles
    return titles[0]


def answer(qtbot: QtBot, screen: PersonScreen, value: str) -> None:
    """Type ``value`` on the on-screen keys and touch ↵ (Next)."""
    type_on(qtbot, screen.keyboard, value)
    click(qtbot, screen.keyboard.keys["↵"])


def test_one_question_per_step_each_with_its_own_title_and_keyboard(
        qtbot: QtBot, window: KioskWindow) -> None:
    person = to_appeal_person(qtbot, window, Language.KK)
    seen = []
    for index, value in enumerate((NAME, IIN, PHONE)):
        fields = shown_fields(person)
        assert fields == [person.fields[person.steps[index]]], visible_texts(person)
        seen.append(shown_title(person))
        assert f"Қадам {index + 1}/4" in visible_texts(person)
        assert person.keyboard.numeric is (index in (1, 2)), "IIN and phone on the digit pad"
        assert window.navigator.primary_button.text() == "Әрі қарай"
        answer(qtbot, person, value)
    assert shown_fields(person) == [person.fields["address"]]
    seen.append(shown_title(person))
    assert seen == QUESTIONS_KK
    assert window.navigator.primary_button.text() == "Өткізіп жіберу", "the address may wait"
    type_on(qtbot, person.keyboard, "Абай 12")
    assert window.navigator.primary_button.text() == "Әрі қарай"


def test_back_goes_to_the_previous_question_then_leaves(qtbot: QtBot,
                                                        window: KioskWindow) -> None:
    nav = window.navigator
    person = to_appeal_person(qtbot, window, Language.KK)
    answer(qtbot, person, NAME)
    answer(qtbot, person, IIN)
    assert person.current == "phone"
    click(qtbot, nav.back_button)
    assert nav.current is ScreenId.APPEAL_PERSON and person.current == "iin"
    assert person.fields["iin"].text == "9001******03", "accepted: shown masked"
    click(qtbot, nav.back_button)
    assert person.current == "full_name" and person.fields["full_name"].text == NAME
    assert shown_title(person) == QUESTIONS_KK[0]
    click(qtbot, nav.back_button)
    assert nav.current is ScreenId.APPEAL_TEXT


def test_each_step_speaks_its_own_prompt(qtbot: QtBot, window: KioskWindow) -> None:
    person = to_appeal_person(qtbot, window, Language.RU)
    assert person.spoken()[0] == "Как Вас зовут?"
    said: list[str] = []
    window.navigator.announced.connect(said.append)
    answer(qtbot, person, NAME)
    assert person.spoken()[0] == "Ваш ИИН (12 цифр)"
    assert said == person.spoken(), "the next question is said as it appears"
    answer(qtbot, person, IIN)
    said.clear()
    window.navigator.back()
    assert said[0] == "Ваш ИИН (12 цифр)"
    assert IIN not in " ".join(said) and "ИИН введён" in said[-1], "entered, not read out"
    window.navigator.back()
    assert said[-1] == NAME, "what the field holds"


@pytest.mark.parametrize(("lang", "expected"), [
    (Language.KK, "Аты-жөні: осы жолды толтырыңыз."),
    (Language.RU, "Фамилия, имя, отчество: заполните, пожалуйста."),
    (Language.EN, "Full name: please fill this in.")])
def test_an_empty_answer_names_its_field_and_is_said(qtbot: QtBot, window: KioskWindow,
                                                     lang: Language, expected: str) -> None:
    person = to_appeal_person(qtbot, window, lang)
    said: list[str] = []
    window.navigator.announced.connect(said.append)
    primary(qtbot, window)
    assert person.current == "full_name"
    message = person.fields["full_name"].message
    assert message.isVisible() and message.text() == f"⚠ {expected}"
    assert said == [expected]
    assert expected in person.spoken()


def test_a_wrong_iin_names_the_field(qtbot: QtBot, window: KioskWindow) -> None:
    person = to_appeal_person(qtbot, window, Language.EN)
    answer(qtbot, person, NAME)
    answer(qtbot, person, "900101400004")
    assert person.current == "iin"
    assert person.fields["iin"].message.text().startswith("⚠ IIN: The IIN's last digit")


def test_coming_back_from_the_review_keeps_every_answer(qtbot: QtBot,
                                                        window: KioskWindow) -> None:
    nav = window.navigator
    person = to_appeal_person(qtbot, window, Language.KK)
    for value in (NAME, IIN, PHONE, "Абай көшесі 12"):
        answer(qtbot, person, value)
    assert nav.current is ScreenId.APPEAL_REVIEW
    click(qtbot, nav.back_button)
    assert nav.current is ScreenId.APPEAL_PERSON and person.current == "address"
    assert person.fields["address"].text == "Абай көшесі 12"
    click(qtbot, nav.back_button)
    click(qtbot, nav.back_button)
    assert person.current == "iin" and person.fields["iin"].text == "9001******03"
    type_on(qtbot, person.keyboard, "900101300007")  # typing replaces the masked number
    click(qtbot, person.keyboard.keys["↵"])
    assert person.current == "phone" and nav.ctx.form["iin"] == "900101300007"
    primary(qtbot, window)
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_REVIEW
    assert "9001******07" in "\n".join(visible_texts(nav.screens[ScreenId.APPEAL_REVIEW]))


def test_the_next_visitor_starts_at_the_first_question(qtbot: QtBot,
                                                       window: KioskWindow) -> None:
    nav = window.navigator
    person = to_appeal_person(qtbot, window, Language.KK)
    answer(qtbot, person, NAME)
    answer(qtbot, person, IIN)
    nav.go_home()
    assert person.current == "full_name"
    assert all(not field.text for field in person.fields.values())
    assert not person.problems


def test_booking_asks_the_topic_last_and_books_once(qtbot: QtBot,
                                                    window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.RU)
    tile(qtbot, window, ScreenId.BOOKING_SLOT)
    slots = nav.screen_of(BookingSlotScreen)
    click(qtbot, slots.times.itemAt(0).widget())  # type: ignore[union-attr, arg-type]
    person = nav.screen_of(BookingPersonScreen)
    for value in (NAME, IIN, PHONE):
        answer(qtbot, person, value)
    assert person.current == "topic"
    assert shown_title(person) == "Какой вопрос Вы хотите обсудить с акимом?"
    assert nav.primary_button.text() == "Записаться"
    click(qtbot, person.keyboard.keys["↵"])
    assert person.fields["topic"].message.text() == "⚠ Тема: заполните, пожалуйста."
    type_on(qtbot, person.keyboard, "Жер")
    qtbot.mouseClick(person.keyboard.keys["↵"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(nav.primary_button, Qt.MouseButton.LeftButton)  # a second tap
    assert nav.current is ScreenId.RESULT
    assert nav.ctx.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    wait_printed(qtbot, window)  # the confirmation, before the database closes
