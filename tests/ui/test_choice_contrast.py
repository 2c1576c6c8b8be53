"""A list choice can be read in every theme: its words stand out from its own background,
chosen or not (high contrast once drew every unchosen department black on black)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.theme import Theme, apply_theme
from ui.widgets import ChoiceButton


def _lightness_spread(image: QImage) -> int:
    """Darkest to lightest pixel luma (Rec. 601) over the button's inner area (0..255)."""
    values = []
    for x in range(10, image.width() - 10, 3):
        for y in range(10, image.height() - 10, 3):
            colour = image.pixelColor(x, y)
            values.append(0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue())
    return int(max(values) - min(values))


@pytest.mark.parametrize("theme", [Theme(), Theme(high_contrast=True)],
                         ids=["default", "high-contrast"])
@pytest.mark.parametrize("checked", [False, True], ids=["unchosen", "chosen"])
def test_a_choice_s_words_stand_out_from_its_background(qtbot: QtBot, theme: Theme,
                                                        checked: bool) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    try:
        button = ChoiceButton("Әлеуметтік мәселелер")
        button.setCheckable(True)
        qtbot.addWidget(button)
        button.resize(700, 110)
        button.show()
        button.setChecked(checked)
        qtbot.waitExposed(button)
        QApplication.processEvents()
        spread = _lightness_spread(button.grab().toImage())
        assert spread > 150, f"text and background too alike ({spread})"
    finally:
        apply_theme(app, Theme())
