"""Printer setup by a finger on the maintenance printer page, against the emulated printer on
a pty (the safe default's weak hardware: CP437/CP866 only, no ESC &, no ESC *, no native QR,
silent on GS r): the calibration page, the numbers, the check lines, the audit; a No puts
the previous profile back; numbers that cannot make a profile are refused with the reason."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from printers.profiles import JobConfirmation, load_profile
from printers.setup import candidates
from tests.ui.conftest import click, visible_texts
from tests.ui.harness import emulator_of
from tests.ui.maintenance.support import audit_actions, enter, wait_done
from ui.app import KioskWindow
from ui.maintenance.printer_panel import PrinterPanel
from ui.maintenance.printer_setup import PrinterSetupPanel
from ui.maintenance.screen import MaintenanceScreen

#: What the weak hardware prints right: the Russian line at CP866 ESC t 17, the raster
#: Kazakh line and the raster QR.
WEAK_RIGHT = (("cyrillic_page", "cp866", 17), ("raster", "", None), ("raster_qr", "", None))
GENEROUS_MS = 30_000


def _numbers(*kinds: tuple[str, str, int | None]) -> list[int]:
    return [c.number for c in candidates() for kind, page, slot in kinds
            if c.kind == kind and (not page or c.page == page)
            and (slot is None or c.slot == slot)]


def _open_setup(qtbot: QtBot, window: KioskWindow) -> PrinterSetupPanel:
    """Maintenance → the printer page → "Set up the printer"."""
    screen = enter(qtbot, window)
    printer = screen.panel
    assert isinstance(printer, PrinterPanel)
    wait_done(qtbot, printer)
    click(qtbot, printer.setup_button)
    setup = screen.panel
    assert isinstance(setup, PrinterSetupPanel)
    assert screen.nav_buttons[0].isChecked(), "still the printer page in the nav column"
    return setup


def _printed_text(qtbot: QtBot, window: KioskWindow, count: int) -> str:
    """Every receipt the emulator has torn off, once there are ``count`` of them."""
    emulator = emulator_of(window)
    qtbot.waitUntil(lambda: len(emulator.receipts) >= count, timeout=GENEROUS_MS)
    return "\n".join(receipt.text for receipt in emulator.receipts)


def _print_page(qtbot: QtBot, window: KioskWindow, setup: PrinterSetupPanel) -> str:
    click(qtbot, setup.print_button)
    wait_done(qtbot, setup)
    qtbot.waitUntil(lambda: setup.steps.currentWidget() is setup.choose_step,
                    timeout=GENEROUS_MS)
    return _printed_text(qtbot, window, 1)


def _save(qtbot: QtBot, setup: PrinterSetupPanel, numbers: list[int]) -> None:
    for number in numbers:
        click(qtbot, setup.toggles[number])
    assert sorted(setup.chosen()) == sorted(numbers)
    click(qtbot, setup.save_button)
    wait_done(qtbot, setup)


def test_the_page_prints_and_the_weak_printers_numbers_make_its_profile(
        qtbot: QtBot, mwindow: KioskWindow) -> None:
    config = mwindow.navigator.ctx.config
    setup = _open_setup(qtbot, mwindow)
    page = _print_page(qtbot, mwindow, setup)
    lines = page.splitlines()
    numbered = {int(m.group(1)): line for line in lines
                if (m := re.match(r" ?(\d{1,2})\.", line))}
    assert set(numbered) == {c.number for c in candidates()}  # every number, on its own line
    [cp866] = _numbers(("cyrillic_page", "cp866", 17))
    assert "Русский: ЁёЖжЩщЫыЭэЮюЯя" in numbered[cp866]  # the lines the test taps read right
    [raster] = _numbers(("raster", "", None))
    assert lines[lines.index(numbered[raster]) + 1] == "Қазақ: ӘәҒғҚқҢңӨөҰұҮүҺһІі"
    said = setup.probe_text.text()
    assert "GS r 1): no" in said and "DLE DC4 8)" in said  # what the weak printer answered
    _save(qtbot, setup, _numbers(*WEAK_RIGHT))
    assert setup.steps.currentWidget() is setup.check_step
    assert "Русский: ЁёЖжЩщЫыЭэЮюЯя" in _printed_text(qtbot, mwindow, 2)
    assert "Қазақ: ӘәҒғ" in setup.sample.text()  # what the lines should read, to compare
    click(qtbot, setup.yes_button)
    assert setup.steps.currentWidget() is setup.done_step
    profile = load_profile(config.paths.wizard_profile)
    assert profile.code_pages == {"cp437": 0, "cp866": 17}
    assert profile.job_confirmation is JobConfirmation.STATUS  # silent on GS r
    assert not profile.native_qr and not profile.user_defined_chars
    db = mwindow.navigator.ctx.db
    [event] = list(db["audit_events"].rows_where("action = ?", ["printer.setup"]))
    details = json.loads(event["details"])
    assert details["text"] == "cp866"
    assert details["numbers"] == ", ".join(map(str, sorted(_numbers(*WEAK_RIGHT))))
    assert "Kazakh letters as image lines" in setup.done_text.text()


def test_the_restart_is_offered_when_done(qtbot: QtBot, mwindow: KioskWindow) -> None:
    calls: list[str] = []
    mwindow.navigator.ctx.maintenance.restart = lambda: calls.append("restart")
    setup = _open_setup(qtbot, mwindow)
    _print_page(qtbot, mwindow, setup)
    _save(qtbot, setup, _numbers(*WEAK_RIGHT))
    click(qtbot, setup.yes_button)
    assert "next start" in setup.done_text.text()
    click(qtbot, setup.restart_button)
    assert calls == ["restart"]
    assert "system.restart" in audit_actions(mwindow.navigator.ctx.db)


def test_a_no_at_the_check_lines_puts_the_previous_profile_back(
        qtbot: QtBot, mwindow: KioskWindow) -> None:
    path = mwindow.navigator.ctx.config.paths.wizard_profile
    path.parent.mkdir(parents=True, exist_ok=True)
    before = "# the profile of an earlier setup\n"
    path.write_text(before, encoding="utf-8")
    setup = _open_setup(qtbot, mwindow)
    _print_page(qtbot, mwindow, setup)
    _save(qtbot, setup, _numbers(*WEAK_RIGHT))
    assert path.read_text(encoding="utf-8") != before, "saved before the check lines print"
    click(qtbot, setup.no_button)
    assert path.read_text(encoding="utf-8") == before
    assert setup.steps.currentWidget() is setup.choose_step, "to tap the numbers again"
    assert "Nothing was changed" in setup.message.text()
    assert "printer.setup" not in audit_actions(mwindow.navigator.ctx.db)


def test_a_no_without_an_earlier_profile_leaves_no_file(qtbot: QtBot,
                                                       mwindow: KioskWindow) -> None:
    path = mwindow.navigator.ctx.config.paths.wizard_profile
    setup = _open_setup(qtbot, mwindow)
    _print_page(qtbot, mwindow, setup)
    _save(qtbot, setup, _numbers(*WEAK_RIGHT))
    assert path.is_file()
    click(qtbot, setup.no_button)
    assert not path.exists()


def test_numbers_without_a_kazakh_line_show_the_reason(qtbot: QtBot,
                                                       mwindow: KioskWindow) -> None:
    path = mwindow.navigator.ctx.config.paths.wizard_profile
    setup = _open_setup(qtbot, mwindow)
    _print_page(qtbot, mwindow, setup)
    _save(qtbot, setup, _numbers(("cyrillic_page", "cp866", 17), ("raster_qr", "", None)))
    assert "Not saved: no Kazakh line printed right" in setup.message.text()
    assert setup.message.property("ok") is False
    assert setup.steps.currentWidget() is setup.choose_step
    assert not path.exists()
    mwindow.navigator.ctx.language.set(Language.KK)
    QApplication.processEvents()
    click(qtbot, setup.save_button)  # the same numbers again: the reason in Kazakh
    wait_done(qtbot, setup)
    assert "қазақ жолы" in setup.message.text()


def test_leaving_maintenance_at_the_check_question_counts_as_no(
        qtbot: QtBot, mwindow: KioskWindow) -> None:
    path = mwindow.navigator.ctx.config.paths.wizard_profile
    setup = _open_setup(qtbot, mwindow)
    _print_page(qtbot, mwindow, setup)
    _save(qtbot, setup, _numbers(*WEAK_RIGHT))
    assert path.is_file()
    screen = mwindow.navigator.screen_of(MaintenanceScreen)
    click(qtbot, screen.exit_button)
    assert not path.exists()
    assert setup.steps.currentWidget() is setup.print_step, "the next visit starts afresh"


def test_back_returns_to_the_printer_page(qtbot: QtBot, mwindow: KioskWindow) -> None:
    setup = _open_setup(qtbot, mwindow)
    screen = mwindow.navigator.screen_of(MaintenanceScreen)
    click(qtbot, setup.back_buttons[0])
    assert isinstance(screen.panel, PrinterPanel)


@pytest.mark.parametrize("lang", [Language.KK, Language.RU])
def test_every_step_is_translated(qtbot: QtBot, mwindow: KioskWindow, lang: Language) -> None:
    setup = _open_setup(qtbot, mwindow)
    _print_page(qtbot, mwindow, setup)
    _save(qtbot, setup, _numbers(*WEAK_RIGHT))
    click(qtbot, setup.yes_button)
    mwindow.navigator.ctx.language.set(lang)
    english: set[str] = set()
    for step in (setup.print_step, setup.choose_step, setup.check_step, setup.done_step):
        setup.steps.setCurrentWidget(step)
        QApplication.processEvents()
        for text in visible_texts(setup):
            english.update(w for w in text.replace("\n", " ").split()
                           if w.isascii() and w.isalpha() and len(w) > 3 and w.islower())
    # the saved file's path and the profile's values are names, not words to translate
    names = {"raster", "status", "auto", "printer", "profile", "toml", "state"}
    assert not english - names, sorted(english - names)
