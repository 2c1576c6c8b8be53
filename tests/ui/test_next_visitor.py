"""The next visitor finds the kiosk as it was set up: language, text size, contrast and
audio mode go back to the defaults after Done, Home and the end of a flow.

Found when the kiosk was tried as a new user would: after Done or Home, large text, high
contrast and the language stayed as the last visitor left them; only the idle timeout
reset them.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.ui.conftest import click
from tests.ui.test_flows import start, tile, wait_printed
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen
from ui.theme import Theme


def _personalise(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.RU)
    for button in (nav.text_size_button, nav.contrast_button, nav.audio_button):
        click(qtbot, button)
    assert nav.theme == Theme(high_contrast=True, large_text=True)
    assert nav.audio_mode


def _assert_defaults(window: KioskWindow) -> None:
    nav = window.navigator
    assert nav.ctx.language.lang is Language.KK
    assert nav.theme == Theme()
    assert not nav.text_size_button.isChecked() and not nav.contrast_button.isChecked()
    assert not nav.audio_mode and not nav.audio_button.isChecked()


def test_done_after_a_ticket_resets_the_visitor_s_settings(qtbot: QtBot,
                                                           window: KioskWindow) -> None:
    nav = window.navigator
    _personalise(qtbot, window)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    wait_printed(qtbot, window)
    click(qtbot, nav.screen_of(ResultScreen).done_button)
    assert nav.current is ScreenId.HOME
    _assert_defaults(window)


def test_home_in_the_middle_of_a_flow_resets_them(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    _personalise(qtbot, window)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, nav.home_button)
    _assert_defaults(window)


def test_headphones_keep_audio_mode_for_the_next_visitor(qtbot: QtBot,
                                                         window: KioskWindow) -> None:
    nav = window.navigator
    nav.audio_default = True  # what plugged-in headphones set
    nav.reset_settings()
    start(qtbot, window, Language.RU)
    click(qtbot, nav.audio_button)  # this visitor turns it off
    assert not nav.audio_mode
    click(qtbot, nav.home_button)
    assert nav.audio_mode, "headphones still in: the next visitor is spoken to"
