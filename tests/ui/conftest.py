"""UI test fixtures: the real kiosk window offscreen, an emulated printer on a pty."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config, load_config
from kiosk.storage import open_database
from tests.ui.harness import FixedClock, kiosk_window
from ui.app import KioskWindow
from ui.keyboard import OnScreenKeyboard


def make_config(tmp_path: Path, **limits: int) -> Config:
    """A kiosk config with its state in ``tmp_path``."""
    path = tmp_path / "kiosk.toml"
    extra = "".join(f"{k} = {v}\n" for k, v in limits.items())
    path.write_text(f'[kiosk]\nid = "karasu-01"\n[paths]\nstate_dir = "{tmp_path / "state"}"\n'
                    f"[limits]\n{extra}", encoding="utf-8")
    return load_config(path, environ={})


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """The test kiosk's config."""
    return make_config(tmp_path)


@pytest.fixture
def clock() -> FixedClock:
    """Tuesday 1 December 2026, 10:00 in the akimat (open)."""
    return FixedClock()


@pytest.fixture
def window(qtbot: QtBot, config: Config, clock: FixedClock) -> Iterator[KioskWindow]:
    """The whole kiosk, 1920x1080, printing to an emulator."""
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as win:
        qtbot.addWidget(win)
        yield win
    db.close()


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """A finger on a button (it must be visible and enabled, as for a person)."""
    QApplication.processEvents()  # widgets added to a shown layout appear on the next cycle
    assert button.isVisible(), f"{button.objectName()} {button.text()!r} is not visible"
    assert button.isEnabled(), f"{button.objectName()} {button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_on(qtbot: QtBot, keyboard: OnScreenKeyboard, text: str) -> None:
    """Type ``text`` by touching the on-screen keys (switching layout or keypad as needed)."""
    for char in text:
        key = " " if char == " " else char.lower()
        label = "␣" if key == " " else key
        if label not in keyboard.keys:
            for layout in ("kk", "ru", "en"):
                from ui.keyboard import LAYOUTS

                if any(label in row for row in LAYOUTS[layout]):
                    keyboard.set_layout(layout)
                    break
            else:
                if label.isdigit() and "123" in keyboard.keys:
                    click(qtbot, keyboard.keys["123"])
        if char.isupper() and not keyboard.numeric and keyboard.layout_name != "code":
            click(qtbot, keyboard.keys["⇧"])
        click(qtbot, keyboard.keys[label if label in keyboard.keys else char])


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person can see under ``root`` (labels, buttons, fields)."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
    return [t for t in texts if t]
