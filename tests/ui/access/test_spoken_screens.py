"""What audio mode says on the screens with little or no title of their own."""

from __future__ import annotations

from kiosk.i18n import Language
from tests.ui.harness import visit
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.home import ClosedScreen, HomeScreen


def test_home_says_where_the_visitor_is_and_how_to_begin(window: KioskWindow) -> None:
    visit(window, ScreenId.HOME, Language.KK)
    said = window.navigator.screen_of(HomeScreen).spoken()
    assert said[0] == "Қарасу ауылдық округі әкімінің аппараты"
    assert "Enter" in said[1] and "Бастау" in said[1]


def test_closed_says_when_the_office_opens(window: KioskWindow) -> None:
    visit(window, ScreenId.CLOSED, Language.RU)
    screen = window.navigator.screen_of(ClosedScreen)
    said = screen.spoken()
    assert said[0] == screen.title.text()
    assert "Режим работы" in said
    assert any("09:00" in line for line in said), said
