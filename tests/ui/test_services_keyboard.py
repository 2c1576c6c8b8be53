"""The services search with the on-screen keyboard open: at least three results stay in
view and scroll, landscape and portrait, in both text sizes; the best match comes first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.i18n import Language
from kiosk.storage import open_database
from tests.ui.conftest import click, type_on
from tests.ui.harness import FixedClock, kiosk_window, visit
from ui.app import KioskWindow
from ui.keyboard import KEY_HEIGHT, key_pixels
from ui.screens.base import ScreenId
from ui.screens.services import ServicesScreen
from ui.widgets import ChoiceButton

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


@pytest.fixture(params=list(SIZES))
def any_window(request: pytest.FixtureRequest, qtbot: QtBot, config: Config,
               clock: FixedClock) -> Iterator[KioskWindow]:
    """The kiosk in landscape and in portrait."""
    width, height = SIZES[request.param]
    db = open_database(config.paths.database)
    with kiosk_window(config, db, width, height, clock=clock) as win:
        qtbot.addWidget(win)
        yield win
    db.close()


def rect_in(widget: ChoiceButton, screen: ServicesScreen) -> QRect:
    """Where ``widget`` is on the screen."""
    return QRect(widget.mapTo(screen, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
def test_three_results_stay_in_view_with_the_keyboard_open(
        qtbot: QtBot, any_window: KioskWindow, large_text: bool) -> None:
    nav = any_window.navigator
    visit(any_window, ScreenId.SERVICES, Language.KK)
    if large_text:
        click(qtbot, nav.text_size_button)
    services = nav.screen_of(ServicesScreen)
    qtbot.mouseClick(services.search.edit, Qt.MouseButton.LeftButton)
    assert services.keyboard.isVisible()
    type_on(qtbot, services.keyboard, "аныктама")
    QApplication.processEvents()
    assert any_window.size().toTuple() == SIZES["portrait" if nav.ctx.portrait
                                                 else "landscape"], "nothing overflows"
    viewport = services.results.viewport()
    view = QRect(viewport.mapTo(services, QPoint(0, 0)), viewport.size())
    keyboard = QRect(services.keyboard.mapTo(services, QPoint(0, 0)), services.keyboard.size())
    assert not view.intersects(keyboard)
    buttons = [b for b in services.list_holder.findChildren(ChoiceButton) if b.isVisible()]
    assert len(buttons) >= 5
    whole = [b for b in buttons if view.contains(rect_in(b, services))]
    assert len(whole) >= 3, f"{len(whole)} results in view of {len(buttons)}"
    for button in buttons:  # no service name is cut short
        assert button.height() >= button.heightForWidth(button.width())
    QApplication.processEvents()  # the scroll range follows the results' heights
    bar = services.results.verticalScrollBar()  # the rest scroll into view
    bar.setValue(bar.maximum())
    assert view.contains(rect_in(buttons[-1], services))
    for key in services.keyboard.keys.values():
        if key.isVisible():
            assert key.width() >= key_pixels(nav.ctx.config.limits.screen_dpi)
            assert key.height() >= KEY_HEIGHT


def test_land_comes_first_on_the_screen(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    visit(window, ScreenId.SERVICES, Language.KK)
    services = nav.screen_of(ServicesScreen)
    qtbot.mouseClick(services.search.edit, Qt.MouseButton.LeftButton)
    type_on(qtbot, services.keyboard, "жер")
    QApplication.processEvents()
    first = services.list.itemAtPosition(0, 0).widget()
    assert isinstance(first, ChoiceButton)
    assert first.text() == "Жеке тұрғын үй құрылысы үшін жер учаскесін алу"


def test_nothing_found_is_said(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    visit(window, ScreenId.SERVICES, Language.RU)
    said: list[str] = []
    nav.announced.connect(said.append)
    services = nav.screen_of(ServicesScreen)
    services.search.edit.setText("zzzqqq")
    assert said == ["Ничего не найдено. Попробуйте другое слово."]
