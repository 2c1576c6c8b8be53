"""The on-screen keyboard: the signs villagers write and the digits, one tap each, on keys
no smaller than 15 mm, in every layout, landscape and portrait, in both text sizes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import click
from ui.keyboard import KEY_HEIGHT, OnScreenKeyboard, key_pixels
from ui.theme import Theme, apply_theme

SIGNS = '?!-()"'
#: The keyboard's width on a 1920x1080 screen and on a 1080x1920 one (body margins 48 px).
WIDTHS = {"landscape": 1824, "portrait": 984}
DPI = 102.0


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def large_text(request: pytest.FixtureRequest) -> Iterator[bool]:
    """Both text sizes (the large one scales every font by 1.3)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Theme(large_text=request.param))
    yield bool(request.param)
    apply_theme(app, Theme())


def keyboard_on_screen(qtbot: QtBot, layout: str, width: int) -> tuple[OnScreenKeyboard,
                                                                        QLineEdit]:
    """A keyboard ``width`` px wide typing into a line edit, as a screen holds it."""
    holder = QWidget()
    qtbot.addWidget(holder)
    edit = QLineEdit()
    keyboard = OnScreenKeyboard(DPI, layout)
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(edit)
    box.addWidget(keyboard)
    holder.resize(width, 800)
    holder.show()
    qtbot.waitExposed(holder)
    QApplication.processEvents()
    keyboard.attach(edit)
    keyboard.holder = holder  # type: ignore[attr-defined]  # pytest-qt keeps only a weakref
    return keyboard, edit


@pytest.mark.parametrize("orientation", WIDTHS)
@pytest.mark.parametrize("layout", ["kk", "ru", "en"])
def test_every_layout_has_the_signs_a_villager_writes(qtbot: QtBot, layout: str,
                                                      orientation: str) -> None:
    keyboard, edit = keyboard_on_screen(qtbot, layout, WIDTHS[orientation])
    for sign in SIGNS:
        click(qtbot, keyboard.keys[sign])
    assert edit.text() == SIGNS


@pytest.mark.parametrize("orientation", WIDTHS)
@pytest.mark.parametrize("layout", ["kk", "ru", "en"])
def test_every_digit_is_one_tap_away_from_the_letters(qtbot: QtBot, layout: str,
                                                      orientation: str) -> None:
    """"Үй 12" needs no switch to the keypad and back."""
    keyboard, edit = keyboard_on_screen(qtbot, layout, WIDTHS[orientation])
    for digit in "1234567890":
        click(qtbot, keyboard.keys[digit])
    assert edit.text() == "1234567890"
    assert not keyboard.numeric, "the letters stayed on screen"


def test_the_digits_stand_beside_the_letters_only_where_there_is_room(qtbot: QtBot) -> None:
    """Landscape: a block right of the letters (no taller than before); portrait: a row."""
    wide, _ = keyboard_on_screen(qtbot, "kk", WIDTHS["landscape"])
    narrow, _ = keyboard_on_screen(qtbot, "kk", WIDTHS["portrait"])
    assert wide.wide and not narrow.wide
    four, u = wide.keys["4"].geometry(), wide.keys["у"].geometry()
    assert four.left() > wide.keys["ъ"].geometry().right() and four.top() == u.top()
    rows = {button.y() for button in wide.keys.values() if button.isVisible()}
    assert len(rows) == 5, "four rows of letters and signs, and the bottom row"
    assert narrow.keys["1"].y() < narrow.keys["ә"].y()


@pytest.mark.parametrize("orientation", WIDTHS)
@pytest.mark.parametrize("layout", ["kk", "ru", "en", "numeric"])
def test_keys_keep_the_touch_size_and_their_labels_fit(qtbot: QtBot, layout: str,
                                                       orientation: str,
                                                       large_text: bool) -> None:
    keyboard, edit = keyboard_on_screen(qtbot, "kk" if layout == "numeric" else layout,
                                        WIDTHS[orientation])
    if layout == "numeric":
        keyboard.attach(edit, numeric=True)
    QApplication.processEvents()
    shown = [button for button in keyboard.keys.values() if button.isVisible()]
    assert len(shown) > 10
    for button in shown:
        label = button.text()
        assert button.width() >= key_pixels(DPI), (label, button.width())
        assert button.height() >= KEY_HEIGHT, (label, button.height())
        room = button.contentsRect().width() - 8
        assert button.fontMetrics().horizontalAdvance(label) <= room, (label, room)
