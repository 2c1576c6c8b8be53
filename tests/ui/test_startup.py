"""What start-up leaves until Home is painted, and that it is all there right after."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.i18n import Language, datenames
from kiosk.storage import open_database
from tests.ui.harness import kiosk_window
from tests.ui.test_flows import start
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.home import HomeScreen
from ui.window import DATE_NAMES, check_date_names


def _painted(qtbot: QtBot, window: KioskWindow) -> None:
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.scanner is not None, timeout=5000)


def _key(key: Qt.Key, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)


def test_lockdown_and_scanner_filter_the_app_from_the_first_paint(
        qtbot: QtBot, window: KioskWindow) -> None:
    _painted(qtbot, window)
    title = window.navigator.akimat
    assert QApplication.sendEvent(title, _key(Qt.Key.Key_Escape)) is True, "Escape is swallowed"
    code = "HTTP://127.0.0.1:8470/T/KX7MQ4RT9C"
    for char in code:
        QApplication.sendEvent(title, _key(Qt.Key.Key_A, char))
    QApplication.sendEvent(title, _key(Qt.Key.Key_Return))
    assert window.navigator.current is ScreenId.STATUS
    window.install_filters()  # a second call changes nothing
    assert window.navigator.current is ScreenId.STATUS


def test_the_idle_guard_watches_input_only_during_a_flow(qtbot: QtBot,
                                                          window: KioskWindow) -> None:
    _painted(qtbot, window)
    assert window.navigator._prompt is None, "the idle prompt is built when first needed"
    idle = window.navigator.idle
    start(qtbot, window, Language.KK)
    idle._idle.stop()
    press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(QPoint(5, 5)),
                        QPointF(QPoint(5, 5)), Qt.MouseButton.LeftButton,
                        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.navigator.akimat, press)
    assert idle._idle.isActive(), "a touch during a flow starts the quiet minute again"
    window.navigator.go_home()
    QApplication.sendEvent(window.navigator.akimat, press)
    assert not idle._idle.isActive()
    idle._idle.timeout.emit()  # as if a flow had gone quiet: the prompt is built and shown
    assert window.navigator.prompt.isVisible()


def test_home_is_redrawn_when_babel_spells_a_date_otherwise(
        qtbot: QtBot, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datenames, "_KNOWN", {})
    path = config.paths.state_dir / "cache" / DATE_NAMES
    datenames.refresh_date_names(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["kk"]["months"][11] = "ЖЕЛТОҚСАН-ЕСКІ"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(datenames, "_KNOWN", {})
    db = open_database(config.paths.database)
    with kiosk_window(config, db) as window:
        qtbot.addWidget(window)
        home = window.navigator.screen_of(HomeScreen)
        assert "ЖЕЛТОҚСАН-ЕСКІ" in home.clock.text()
        check_date_names(window)
        assert "1 желтоқсан, сейсенбі" in home.clock.text()
        assert json.loads(path.read_text(encoding="utf-8"))["kk"]["months"][11] == "желтоқсан"
    db.close()


def test_the_catalogue_is_cached_for_the_next_start(qtbot: QtBot, config: Config) -> None:
    db = open_database(config.paths.database)
    with kiosk_window(config, db) as window:
        qtbot.addWidget(window)
        assert window.navigator.ctx.catalogue.akimat.name.kk in window.navigator.akimat.text()
    assert (config.paths.state_dir / "cache" / "catalogue.json").is_file()
    db.close()

