"""Whole flows by keys alone in audio mode, and what the visitor hears on the way: every
screen's question in order, the choices made, and what was registered — said, not shown.
(The ticket's exact sequence: test_voice.py.)"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.speech.guide import Utterance
from tests.ui.access import test_keys_flows as flows
from ui.access.keys import KeyNavigation
from ui.app import KioskWindow


def words(said: list[Utterance]) -> list[str]:
    """Every phrase asked for, in order."""
    return [phrase for utterance in said for phrase in utterance.phrases]


def in_order(heard: list[str], wanted: list[str]) -> list[str]:
    """The phrases of ``wanted`` not heard in that order (each one a part of a phrase)."""
    missing, at = [], 0
    for want in wanted:
        found = next((i for i in range(at, len(heard)) if want in heard[i]), None)
        if found is None:
            missing.append(want)
        else:
            at = found + 1
    return missing


PERSON = ["Аты-жөніңіз кім?", "ЖСН-іңіз (12 цифр)", "Ұялы телефон нөміріңіз"]


def test_an_appeal_by_keys_is_spoken_screen_by_screen(qtbot: QtBot, window: KioskWindow,
                                                       keys: KeyNavigation,
                                                       said: list[Utterance]) -> None:
    flows.test_an_appeal_by_keys(qtbot, window, keys)
    heard = words(said)
    assert in_order(heard, [
        "Не істегіңіз келеді?", "Әкімге өтініш",  # the menu and the tile reached
        "Өтінішіңіздің түрі қандай?", "Шағым",  # the type screen, the type reached
        "Өтінішіңізді жазыңыз",  # the text screen's title
        *PERSON,  # one question a screen
        "Өтінішіңізді тексеріңіз", "Тақырыбы: Жол", "Өтінішіңіз: көпір құлады",
        "Аты-жөні: Әлия Нұрланқызы",  # the review read back
        "Сіздің нөміріңіз",  # the registration number, then how printing went
    ]) == [], heard


def test_a_booking_by_keys_is_spoken_screen_by_screen(qtbot: QtBot, window: KioskWindow,
                                                       keys: KeyNavigation,
                                                       said: list[Utterance]) -> None:
    flows.test_a_booking_by_keys(qtbot, window, keys)
    heard = words(said)
    assert in_order(heard, [
        "Не істегіңіз келеді?", "Әкімнің қабылдауы",
        "Әкімнің қабылдауына күн мен уақытты таңдаңыз", "3 желтоқсан, бейсенбі",
        "таңдалған",  # another day chosen
        "15:15–15:30",  # its second time
        *PERSON, "Әкіммен қандай мәселені талқылағыңыз келеді?",
        "15:15–15:30", "Сіз әкімнің қабылдауына жазылдыңыз.",  # the booking said back
    ]) == [], heard


def test_a_status_by_keys_is_spoken(qtbot: QtBot, window: KioskWindow, keys: KeyNavigation,
                                    said: list[Utterance]) -> None:
    flows.test_a_status_by_keys(qtbot, window, keys)
    heard = words(said)
    assert in_order(heard, ["Не істегіңіз келеді?", "Мәртебені тексеру"]) == [], heard
    assert in_order(heard, ["Әлеуметтік мәселелер", "Сіздің нөміріңіз"]) == [], heard
    from kiosk.speech.phrases import split_phrases
    from ui.screens.status import StatusScreen

    answer = split_phrases(window.navigator.screen_of(StatusScreen).spoken()[-1])
    qtbot.waitUntil(lambda: in_order(words(said), answer) == [], timeout=5000)
    assert in_order(words(said), ["Мәртебесі: Кезекте күтуде"]) == []
