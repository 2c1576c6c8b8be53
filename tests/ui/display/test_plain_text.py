"""Text from the kiosk's data (rooms, names) is shown as text on the board and the home strip,
never read as markup: a room "<img src=/dev/zero>" once took the process down."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.display.fit import FitLabel
from ui.display.parts import plain_label

HOSTILE = "<img src=/dev/zero><b>103</b>"


def test_board_labels_show_markup_as_text(qtbot: QtBot) -> None:
    for label in (FitLabel(124, object_name="displayRoom"), plain_label("displayEmpty")):
        qtbot.addWidget(label)
        label.setText(HOSTILE)
        label.resize(600, 200)
        assert label.textFormat() is Qt.TextFormat.PlainText
        assert not label.grab().isNull()  # painted as the characters themselves
        assert label.text() == HOSTILE
