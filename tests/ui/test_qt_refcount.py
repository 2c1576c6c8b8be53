"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 did).

On Python 3.11 None is an ordinary object: if every ``setText`` drops a reference to it,
the interpreter aborts ("none_dealloc") after some hundred thousand calls — within hours
on a kiosk. pyproject.toml caps PySide6 below 6.12 for this reason.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("Сәлем")
        label.setToolTip("ә")
        label.setVisible(False)
    assert sys.getrefcount(None) - before > -500
