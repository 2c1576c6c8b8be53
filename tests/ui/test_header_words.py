"""The header's toggles say what they do in words: a touchscreen shows no tooltips.

Found when the kiosk was tried as a new user would: "A+" and "◐" were explained only by
tooltips, which never appear on a touchscreen.
"""

from __future__ import annotations

import pytest

from kiosk.i18n import Language
from tests.ui.harness import visit
from ui.app import KioskWindow
from ui.screens.base import ScreenId

WORDS = {Language.KK: ("Ірі қаріп", "Контраст", "Дыбыс"),
         Language.RU: ("Крупный шрифт", "Контраст", "Звук"),
         Language.EN: ("Larger text", "Contrast", "Sound")}


@pytest.mark.parametrize("lang", list(WORDS), ids=lambda lang: lang.value)
def test_each_toggle_shows_its_sign_and_a_word(window: KioskWindow, lang: Language) -> None:
    visit(window, ScreenId.MENU, lang)
    nav = window.navigator
    buttons = (nav.text_size_button, nav.contrast_button, nav.audio_button)
    for button, sign, word in zip(buttons, ("A+", "◐", "♫"), WORDS[lang], strict=True):
        assert button.isVisible()
        assert button.text().split("\n") == [sign, word]
