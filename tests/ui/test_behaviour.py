"""Idle privacy wipe, printer faults, lockdown, language switching, reachability, translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from kiosk.i18n import LANGUAGES, Language
from printers.emulator.faults import Fault
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.harness import emulator_of, visit
from tests.ui.test_flows import primary, start, tile
from ui.app import KioskWindow
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen, AppealTypeScreen
from ui.screens.base import ScreenId
from ui.screens.home import MenuScreen
from ui.screens.person import AppealPersonScreen
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen
from ui.screens.status import StatusScreen

ENGLISH_WORDS = re.compile(r"\b(?!egov|KARASU|HTTP|ENG)[A-Za-z]{3,}\b(?:\s+[A-Za-z]{2,}\b)+")
NAME = "Әлия Нұрланқызы"
IIN = "900101400003"
PHONE = "87012345678"


def _fill_appeal_up_to_review(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.APPEAL_TYPE)
    click(qtbot, nav.screen_of(AppealTypeScreen).buttons["application"])
    text_screen = nav.screen_of(AppealTextScreen)
    type_on(qtbot, text_screen.keyboard, "Су")
    text_screen.text.setPlainText("Құдықтағы су лас")
    primary(qtbot, window)
    person = nav.screen_of(AppealPersonScreen)
    type_on(qtbot, person.keyboard, NAME)
    click(qtbot, person.keyboard.keys["↵"])
    type_on(qtbot, person.keyboard, IIN)
    click(qtbot, person.keyboard.keys["↵"])
    type_on(qtbot, person.keyboard, PHONE)
    primary(qtbot, window)
    primary(qtbot, window)  # no address
    assert nav.current is ScreenId.APPEAL_REVIEW


def _everything_shown(window: KioskWindow) -> str:
    """Every text in every screen, visible or not, plus what the UI keeps in its form."""
    texts = []
    for widget in window.findChildren(QLineEdit):
        texts.append(widget.text())
    for widget in window.findChildren(QPlainTextEdit):
        texts.append(widget.toPlainText())
    texts += visible_texts(window)
    for screen in window.navigator.screens.built_screens():
        texts += [str(v) for v in vars(screen).values() if isinstance(v, str)]
    texts += [str(v) for v in window.navigator.ctx.form.values()]
    return "\n".join(texts)


def test_idle_prompt_then_wipe_leaves_nothing_personal(qtbot: QtBot,
                                                       window: KioskWindow) -> None:
    _fill_appeal_up_to_review(qtbot, window)
    nav = window.navigator
    assert IIN in _everything_shown(window)
    nav.idle._idle.timeout.emit()  # the quiet minute has passed
    assert nav.prompt.isVisible()
    assert "20" in nav.prompt.seconds.text()
    for _ in range(nav.idle.countdown_seconds):
        nav.idle._count()  # nobody touched the screen for 20 s
    assert nav.current is ScreenId.HOME
    leftovers = _everything_shown(window)
    for secret in (NAME, IIN, "9001******03", "Құдықтағы", "Су", PHONE, "701"):
        assert secret not in leftovers, f"{secret!r} survived the privacy wipe"
    assert not nav.ctx.form


def test_continue_keeps_the_visitor_s_work(qtbot: QtBot, window: KioskWindow) -> None:
    _fill_appeal_up_to_review(qtbot, window)
    nav = window.navigator
    nav.idle._idle.timeout.emit()
    click(qtbot, nav.prompt.continue_button)
    assert not nav.prompt.isVisible()
    assert nav.current is ScreenId.APPEAL_REVIEW
    assert nav.ctx.form["iin"] == IIN


def test_finished_flow_wipes_too(qtbot: QtBot, window: KioskWindow) -> None:
    _fill_appeal_up_to_review(qtbot, window)
    nav = window.navigator
    click(qtbot, nav.screen_of(AppealReviewScreen).consent)
    primary(qtbot, window)
    result = nav.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=15_000)
    click(qtbot, result.done_button)
    assert nav.current is ScreenId.HOME
    assert IIN not in _everything_shown(window) and not nav.ctx.form


@pytest.mark.parametrize("fault", [Fault.PAPER_OUT, Fault.COVER_OPEN, Fault.SILENT])
def test_printer_fault_keeps_the_record_and_shows_number_and_qr(
        qtbot: QtBot, window: KioskWindow, fault: Fault) -> None:
    emulator_of(window).set_fault(fault)
    nav = window.navigator
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    result = nav.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=20_000)
    assert not result.result.printed  # type: ignore[union-attr]  # JobResult | None
    shown = "\n".join(visible_texts(result))
    row = nav.ctx.db.execute("SELECT number, print_error, printed_at FROM tickets").fetchone()
    assert row[0] in shown, "the number must be on screen"
    assert result.qr.pixmap() is not None and result.qr.pixmap().width() >= 300
    assert row[1].startswith(fault.value if fault is not Fault.SILENT else "not_responding")
    assert row[2] is None, "flagged for staff to reprint"
    assert result.status.property("fault")


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_F4])
def test_lockdown_keys_do_nothing(qtbot: QtBot, window: KioskWindow, key: Qt.Key) -> None:
    start(qtbot, window, Language.KK)
    modifier = Qt.KeyboardModifier.AltModifier if key == Qt.Key.Key_F4 else \
        Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window, key, modifier)
    assert window.isVisible()
    assert window.navigator.current is ScreenId.MENU


def test_close_is_refused(qtbot: QtBot, window: KioskWindow) -> None:
    assert window.close() is False
    assert window.isVisible()


def test_no_context_menus(qtbot: QtBot, window: KioskWindow) -> None:
    field = window.navigator.screen_of(StatusScreen).code.edit
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5))
    assert window.lockdown.eventFilter(field, event) is True
    assert event.type() == QEvent.Type.ContextMenu


def test_production_window_is_frameless_and_hides_the_cursor(
        qtbot: QtBot, window: KioskWindow) -> None:
    production = KioskWindow(window.navigator.ctx, production=True)
    qtbot.addWidget(production)
    assert production.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert production.cursor().shape() == Qt.CursorShape.BlankCursor
    production.shut_down()


def test_switching_language_retranslates_and_keeps_typed_text(
        qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.APPEAL_TYPE)
    click(qtbot, nav.screen_of(AppealTypeScreen).buttons["proposal"])
    screen = nav.screen_of(AppealTextScreen)
    type_on(qtbot, screen.keyboard, "Саябақ")
    kk = visible_texts(screen)
    click(qtbot, nav.language_buttons[Language.RU])
    ru = visible_texts(screen)
    assert kk != ru
    assert screen.topic.text == "Саябақ"
    assert nav.back_button.text() != "← Back"


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_every_screen_is_reachable_and_translated(qtbot: QtBot, window: KioskWindow,
                                                  lang: Language, tmp_path: Path) -> None:
    """Each screen shows in each language; in kk and ru no English UI message is left."""
    from babel.messages.pofile import read_po

    from kiosk.assets import assets_dir

    with (assets_dir() / "locale" / "en.po").open("rb") as fh:
        english = {m.id for m in read_po(fh) if m.id and isinstance(m.id, str) and
                   len(m.id) > 3 and m.id[0].isupper() and "{" not in m.id}
    for screen in ScreenId:
        visit(window, screen, lang)
        QApplication.processEvents()
        assert window.navigator.current is screen
        shown = visible_texts(window)
        assert shown, f"{screen.value} shows nothing"
        if lang is not Language.EN:
            leaks = [t for t in shown if t in english or t.lstrip("←⌂ ") in english]
            # Also catch text that never reached the catalogues: English words on a kk/ru
            # screen (codes, URLs and "QR" are fine).
            leaks += [t for t in shown if ENGLISH_WORDS.search(t)]
            assert not leaks, f"{screen.value} in {lang.value} shows English: {leaks}"


def test_menu_tiles_reach_their_screens(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    for target in nav.screen_of(MenuScreen).tiles:
        nav.show_screen(ScreenId.MENU)
        tile(qtbot, window, target)
        assert nav.current is target
