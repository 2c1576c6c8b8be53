"""The kiosk's voice in audio mode, on the real window with real espeak-ng audio.

What the voice was asked to say is recorded by the guide's listener; the audio itself is
made by espeak-ng and written by a recording "player" (a shell ``cat`` into a file).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from kiosk.speech.audio import measure
from kiosk.speech.guide import Guide, Utterance
from kiosk.speech.phrases import digit_by_digit, single_letter, split_phrases, voice_for
from tests.kiosk.speech.conftest import HAVE_ESPEAK, NO_ESPEAK
from tests.kiosk.speech.test_guide import played, recorder
from tests.ui.conftest import click
from tests.ui.harness import visit
from ui.access.voice import GUIDANCE_ON, Voice, install_voice
from ui.access.voice_describe import screen_words
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen
from ui.screens.status import StatusScreen

pytestmark = pytest.mark.skipif(not HAVE_ESPEAK, reason=NO_ESPEAK)

#: Every screen a visitor sees (maintenance is the technician's).
VISITOR_SCREENS = [s for s in ScreenId if s is not ScreenId.MAINTENANCE]
#: Seconds of speech per character of a phrase. Measured over every screen's prompt in kk
#: and ru (espeak-ng 1.51, rate 150): sentences 0.06..0.11 s, a number read digit by digit
#: ("Я, 1, 7": 1.9 s for 8 characters) about 0.24 s, plus espeak-ng's own pause after a
#: short phrase (up to 0.5 s): bounds with room either side.
MIN_SECONDS_PER_CHAR = 0.04
MAX_SECONDS_PER_CHAR = 0.25
PHRASE_ALLOWANCE = 0.6


class Spoken:
    """The voice under test and what it was asked to say."""

    def __init__(self, voice: Voice, said: list[Utterance], out: Path) -> None:
        self.voice = voice
        self.said = said
        self.out = out

    @property
    def guide(self) -> Guide:
        return self.voice.guide

    def phrases(self) -> list[tuple[str, ...]]:
        """Each utterance asked for since the last :meth:`clear`, as its phrases."""
        return [u.phrases for u in self.said]

    def clear(self) -> None:
        self.guide.wait_idle(30)
        self.said.clear()


@pytest.fixture
def spoken(window: KioskWindow, tmp_path: Path) -> Iterator[Spoken]:
    """The kiosk's voice, recording what it says (no prerendering, no headphone polling)."""
    said: list[Utterance] = []
    out = tmp_path / "played"
    guide = Guide(tmp_path / "guidance", command=recorder(out), listener=said.append)
    voice = install_voice(window.navigator, None, guide=guide, prerender_delay_ms=-1,
                          watch_headphones=False)
    yield Spoken(voice, said, out)
    voice.close()


def expected(words: list[str], lang: Language) -> tuple[str, ...]:
    """``words`` as the guide cuts them into phrases."""
    return tuple(single_letter(p, lang) for w in words for p in split_phrases(w))


@pytest.mark.parametrize("screen_id", VISITOR_SCREENS)
@pytest.mark.parametrize("lang", [Language.KK, Language.RU])
def test_every_visitor_screen_prompt_is_real_speech_of_a_plausible_length(
        window: KioskWindow, spoken: Spoken, lang: Language, screen_id: ScreenId) -> None:
    visit(window, screen_id, lang)
    window.navigator.ctx.language.set(lang)  # Home resets the language for a new visitor
    words = screen_words(window.navigator.screens[screen_id])
    assert words, f"{screen_id.value} says nothing"
    problems = []
    for phrase in expected(words, lang):
        # as it is played: Kazakh words on a Russian screen in the Kazakh voice
        stats = measure(spoken.guide.clip(phrase, voice_for(phrase, lang)))
        low = MIN_SECONDS_PER_CHAR * len(phrase)
        high = MAX_SECONDS_PER_CHAR * len(phrase) + PHRASE_ALLOWANCE
        if stats.voiced_fraction < 0.3 or stats.rms_dbfs < -35:
            problems.append(f"{phrase!r} is (nearly) silent: {stats}")
        if not low <= stats.duration <= high:
            problems.append(f"{phrase!r} lasts {stats.duration:.2f} s, not {low:.2f}..{high:.2f}")
    assert problems == []


def test_each_screen_speaks_its_title_on_arrival_in_audio_mode(
        window: KioskWindow, spoken: Spoken) -> None:
    nav = window.navigator
    nav.show_screen(ScreenId.MENU)
    nav.set_audio_mode(True)
    assert spoken.phrases()[0][0] == nav.ctx.language.t(GUIDANCE_ON)
    spoken.clear()
    nav.show_screen(ScreenId.QUEUE)
    title = nav.screen_of(QueueScreen).title.text()
    assert spoken.phrases() == [(title,)]
    nav.ctx.language.set(Language.RU)  # the same screen again, in Russian
    assert spoken.phrases()[-1] == ("Выберите нужный отдел",)
    assert spoken.guide.wait_idle(30)
    assert played(spoken.out)  # audio reached the player


def test_audio_mode_off_makes_no_sound_and_no_speech(window: KioskWindow,
                                                     spoken: Spoken) -> None:
    nav = window.navigator
    for screen_id in (ScreenId.MENU, ScreenId.QUEUE, ScreenId.STATUS, ScreenId.SERVICES):
        nav.show_screen(screen_id)
    nav.screen_of(StatusScreen).announce.emit("an error")
    time.sleep(0.2)
    assert spoken.said == []
    assert spoken.guide.synthesized_on_demand == 0
    assert not spoken.out.exists() or list(spoken.out.iterdir()) == []


def test_turning_audio_mode_off_stops_the_voice(window: KioskWindow, spoken: Spoken) -> None:
    nav = window.navigator
    nav.show_screen(ScreenId.MENU)
    nav.set_audio_mode(True)
    nav.set_audio_mode(False)
    assert spoken.guide.wait_idle(30)
    spoken.said.clear()
    nav.show_screen(ScreenId.QUEUE)
    assert spoken.said == []


def test_the_ticket_number_and_room_are_read_digit_by_digit_and_repeated(
        qtbot: QtBot, window: KioskWindow, spoken: Spoken) -> None:
    nav = window.navigator
    nav.show_screen(ScreenId.MENU)
    nav.show_screen(ScreenId.QUEUE)
    nav.set_audio_mode(True)
    queue = nav.screen_of(QueueScreen)
    department_id, button = next(iter(queue.buttons.items()))
    department = nav.ctx.catalogue.department(department_id)
    spoken.clear()
    click(qtbot, button)
    result = nav.screen_of(ResultScreen)
    assert result.outcome is not None
    number = result.outcome.headline
    first = spoken.phrases()[0]
    digits = digit_by_digit(number, Language.KK)
    assert first[:2] == ("Сіздің нөміріңіз", digits)
    assert digits.endswith(", 1")  # the first ticket of the day: "А, 1"
    assert digit_by_digit(department.room, Language.KK, leading_zeros=True) in first
    qtbot.waitUntil(lambda: not result.printing, timeout=20_000)
    QApplication.processEvents()
    assert spoken.phrases()[-1] == ("Талонды алыңыз",) or \
        spoken.phrases()[-1][0] == result.status.text()  # then: take your ticket
    assert result.repeat_button.isVisible()
    spoken.clear()
    click(qtbot, result.repeat_button)
    again = spoken.phrases()
    assert again[0][:2] == ("Сіздің нөміріңіз", digits)


def test_an_error_is_spoken_after_what_plays(window: KioskWindow, spoken: Spoken) -> None:
    nav = window.navigator
    nav.show_screen(ScreenId.STATUS)
    nav.set_audio_mode(True)
    status = nav.screen_of(StatusScreen)
    status.code.edit.setText("12")
    spoken.clear()
    status.lookup()
    [error] = spoken.phrases()
    assert error == expected([status.code.message.text()], Language.KK)


def test_a_ticket_taken_by_keys_alone_is_spoken_step_by_step(
        qtbot: QtBot, window: KioskWindow, spoken: Spoken) -> None:
    from PySide6.QtCore import Qt

    from ui.access.keys import install_keys

    nav = window.navigator
    keys = install_keys(nav)
    spoken.voice.keys = keys
    keys.focused.connect(spoken.voice._focused)
    keys.activated.connect(spoken.voice._activated)
    keys.repeat_requested.connect(spoken.voice.repeat)
    window.install_filters()
    nav.show_screen(ScreenId.MENU)
    nav.set_audio_mode(True)
    spoken.clear()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Enter, Qt.Key.Key_Down, Qt.Key.Key_Down,
                Qt.Key.Key_Enter):
        qtbot.keyClick(window.focusWidget() or window, key)
        QApplication.processEvents()
    result = nav.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=20_000)
    QApplication.processEvents()
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)  # say it again
    number = ("Сіздің нөміріңіз", "Ж, 1", "Жер қатынастары", "жүз төртінші-бөлме", "1, 0, 4",
              "Сіздің алдыңызда ешкім жоқ", "келесі кезек Сіздікі")
    assert spoken.phrases() == [
        ("Кезек талоны",),  # the first key shows (and says) where the focus is
        ("Қажетті бөлімді таңдаңыз",),  # the queue screen's title, then its first control
        ("Маған кезексіз қызмет көрсетілуі тиіс", "Соғыс ардагерлері",
         "Мүмкіндігі шектеулі адамдар", "Жүкті әйелдер",
         "Бір жасқа дейінгі баласы бар ата-аналар", "таңдалмаған"),
        ("Ә", "Әлеуметтік мәселелер"),
        ("Ж", "Жер қатынастары"),
        (*number, "Басып шығарылуда…"),  # the ticket: number and room digit by digit
        ("Қайталау",),  # while it prints Done is grey: the focus starts on Repeat
        ("Талоныңызды алыңыз",),  # printed
        ("Аяқтау",),  # Done ("Аяқтау", a verb) can be used now: the focus goes there
        (*number, "Талоныңызды алыңыз"),  # repeated on request
    ]


@pytest.mark.skipif(not HAVE_ESPEAK, reason=NO_ESPEAK)
def test_the_words_read_back_to_a_visitor_are_forgotten_when_they_leave(
        window: KioskWindow, spoken: Spoken) -> None:
    """A name read back stays in memory only (never on disk), and only until Home."""
    spoken.guide.clip("Әлия Нұрланқызы", Language.KK)
    assert spoken.guide.clip("Әлия Нұрланқызы", Language.KK) is not None
    on_demand = spoken.guide.synthesized_on_demand
    spoken.guide.clip("Әлия Нұрланқызы", Language.KK)
    assert spoken.guide.synthesized_on_demand == on_demand  # kept in memory meanwhile
    window.navigator.go_home()
    QApplication.processEvents()
    spoken.guide.clip("Әлия Нұрланқызы", Language.KK)
    assert spoken.guide.synthesized_on_demand == on_demand + 1  # made again: forgotten
