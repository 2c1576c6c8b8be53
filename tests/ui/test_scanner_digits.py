"""Twelve digits typed fast into the IIN are a person typing, not a barcode scan.

Found by the hostile review: an IIN typed 40 ms a digit then Enter counted as a scan, the
appeal jumped to the status screen and showed the IIN in clear in the code box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ui.scanner import ScannerFilter


def _burst(qtbot: QtBot, text: str) -> list[str]:
    field = QLineEdit()
    qtbot.addWidget(field)
    ticks = iter(i * 0.04 for i in range(100))
    scanner = ScannerFilter(clock=lambda: next(ticks))
    scanned: list[str] = []
    scanner.scanned.connect(scanned.append)
    for char in text:
        key = Qt.Key.Key_0 + int(char) if char.isdigit() else Qt.Key.Key_A
        scanner.eventFilter(field, QKeyEvent(QEvent.Type.KeyPress, key,
                                             Qt.KeyboardModifier.NoModifier, char))
    scanner.eventFilter(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                         Qt.KeyboardModifier.NoModifier, "\r"))
    return scanned


def test_fast_digits_are_typing(qtbot: QtBot) -> None:
    assert _burst(qtbot, "900101400003") == []


def test_a_code_with_letters_is_still_a_scan(qtbot: QtBot) -> None:
    assert _burst(qtbot, "KX7MQ4RT9C") == ["KX7MQ4RT9C"]
