"""Day buttons of the akim's reception and the home clock: a day of the next two weeks, or
today, in each language's order and without the year (the clock stands on Tuesday
1 December 2026, 10:00; the reception receives on Tuesdays and Thursdays)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.ui.conftest import click
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.booking import BookingSlotScreen
from ui.screens.home import HomeScreen, MenuScreen

LANGS = pytest.mark.parametrize("lang", list(Language), ids=lambda lang: lang.value)
THURSDAY = {Language.KK: "3 желтоқсан, бейсенбі", Language.RU: "Четверг, 3 декабря",
            Language.EN: "Thursday, 3 December"}
TODAY = {Language.KK: "1 желтоқсан, сейсенбі   10:00", Language.RU: "Вторник, 1 декабря   10:00",
         Language.EN: "Tuesday, 1 December   10:00"}


@LANGS
def test_the_reception_days_are_named_without_the_year(qtbot: QtBot, window: KioskWindow,
                                                       lang: Language) -> None:
    click(qtbot, window.navigator.screen_of(HomeScreen).start_buttons[lang])
    click(qtbot, window.navigator.screen_of(MenuScreen).tiles[ScreenId.BOOKING_SLOT])
    days = window.navigator.screen_of(BookingSlotScreen).days
    texts = [days.itemAt(i).widget().text() for i in range(days.count())]  # type: ignore[union-attr]
    assert THURSDAY[lang] in texts, texts


@LANGS
def test_the_home_clock_shows_today_without_the_year(window: KioskWindow,
                                                     lang: Language) -> None:
    window.navigator.ctx.language.set(lang)
    home = window.navigator.screen_of(HomeScreen)
    home.retranslate()
    assert home.clock.text() == TODAY[lang]
