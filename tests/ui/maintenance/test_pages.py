"""Every maintenance page's actions by a finger, against the printer emulator on a pty and
the regional server on loopback; every action audited."""


from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.assets import assets_dir
from kiosk.config import Config
from kiosk.i18n import Language
from printers.emulator.faults import Fault
from tests.sync.conftest import Regional
from tests.ui.conftest import click, visible_texts
from tests.ui.harness import emulator_of
from tests.ui.maintenance.support import (
    PIN,
    audit_actions,
    corner_taps,
    enter,
    page,
    showing,
    stick_with_catalogue,
    type_pin,
    wait_done,
)
from tests.ui.test_flows import start, tile, wait_printed
from ui.app import KioskWindow
from ui.maintenance.content_panel import ContentPanel
from ui.maintenance.printer_panel import PrinterPanel
from ui.maintenance.stats_panel import StatsPanel
from ui.maintenance.sync_panel import SyncPanel
from ui.maintenance.system_panel import SystemPanel
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen


# -- printer -------------------------------------------------------------------------------
def test_printer_page_shows_live_status(qtbot: QtBot, mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    panel = showing(screen, PrinterPanel)
    wait_done(qtbot, panel)
    assert "ready" in panel.facts.values()["Status"]
    emulator_of(mwindow).set_fault(Fault.PAPER_OUT)
    panel.refresh()
    wait_done(qtbot, panel)
    assert "out of paper" in panel.facts.values()["Status"]


def test_test_page_prints_and_counts_paper(qtbot: QtBot, mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    panel = showing(screen, PrinterPanel)
    wait_done(qtbot, panel)
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    receipts = emulator_of(mwindow).wait_for_receipts(1)
    assert "ӘҒҚҢӨҰҮҺІ" in receipts[0].text.replace(" ", "")
    paper = mwindow.navigator.ctx.printing.paper
    assert paper is not None and paper.usage().used_mm > 50
    click(qtbot, panel.roll_button)
    assert paper.usage().used_mm == 0
    actions = audit_actions(mwindow.navigator.ctx.db)
    assert "printer.test_page" in actions and "printer.roll_replaced" in actions


def test_a_failed_receipt_is_reprinted_as_a_copy(qtbot: QtBot, mwindow: KioskWindow) -> None:
    emulator_of(mwindow).set_fault(Fault.PAPER_OUT)
    start(qtbot, mwindow, Language.KK)
    tile(qtbot, mwindow, ScreenId.QUEUE)
    click(qtbot, mwindow.navigator.screen_of(QueueScreen).buttons["social"])
    result = mwindow.navigator.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=20_000)
    db = mwindow.navigator.ctx.db
    uuid, number = db.execute("SELECT uuid, number FROM tickets").fetchone()
    emulator_of(mwindow).clear_fault()
    mwindow.navigator.go_home()
    screen = enter(qtbot, mwindow)
    panel = showing(screen, PrinterPanel)
    wait_done(qtbot, panel)
    assert "Not printed" in "\n".join(visible_texts(panel))
    click(qtbot, panel.reprint_buttons[uuid])
    wait_done(qtbot, panel)
    text = emulator_of(mwindow).wait_for_receipts(1)[-1].text
    assert number in text and "КӨШІРМЕ" in text
    assert db.execute("SELECT print_error, printed_at IS NOT NULL FROM tickets").fetchone() \
        == (None, 1)
    click(qtbot, panel.preview_buttons[uuid])
    wait_done(qtbot, panel)
    assert panel.preview.pixmap().height() > 300
    assert "printer.reprint" in audit_actions(db)


def test_sync_now_sends_everything_and_audit_rows_reach_the_server(
        qtbot: QtBot, synced: tuple[KioskWindow, Regional]) -> None:
    window, server = synced
    start(qtbot, window, Language.RU)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, window.navigator.screen_of(QueueScreen).buttons["social"])
    wait_printed(qtbot, window)
    window.navigator.go_home()
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, SyncPanel)
    assert int(panel.facts.values()["Records waiting to be sent"]) >= 2
    click(qtbot, panel.sync_button)
    wait_done(qtbot, panel)
    values = panel.facts.values()
    assert values["Records waiting to be sent"] == "1", "only this sync's own audit row"
    assert values["Last success"] != "never"
    worker = window.navigator.ctx.maintenance.sync_worker
    assert worker is not None
    worker.run_once()
    db = window.navigator.ctx.db
    audit_uuids = {str(r[0]) for r in db.execute("SELECT uuid FROM audit_events")}
    assert audit_uuids and audit_uuids <= server.uuids("karasu-01")
    ticket = str(db.execute("SELECT uuid FROM tickets").fetchone()[0])
    assert ticket in server.uuids("karasu-01")


def test_connection_test_passes_and_names_a_refused_token(
        qtbot: QtBot, synced: tuple[KioskWindow, Regional], tmp_path: Path) -> None:
    window, _server = synced
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, SyncPanel)
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    assert all(check.ok for check in panel.checks), panel.checks
    (tmp_path / "kiosk.token").write_text("not-the-token", encoding="utf-8")
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    auth = {c.name: c for c in panel.checks}["auth"]
    assert not auth.ok and "token" in auth.detail
    assert audit_actions(window.navigator.ctx.db).count("sync.test") == 2


# -- content -------------------------------------------------------------------------------
def test_catalogue_installs_from_a_usb_stick(qtbot: QtBot, mwindow: KioskWindow,
                                             tmp_path: Path) -> None:
    folder = stick_with_catalogue(tmp_path, "2026.12-usb")
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, ContentPanel)
    click(qtbot, panel.folder_buttons[folder])
    assert mwindow.navigator.ctx.catalogue.version == "2026.12-usb"
    assert "2026.12-usb" in panel.facts.values()["Catalogue version"]
    assert "content.install_usb" in audit_actions(mwindow.navigator.ctx.db)


def test_a_broken_catalogue_on_a_stick_is_refused(qtbot: QtBot, mwindow: KioskWindow,
                                                  tmp_path: Path) -> None:
    folder = stick_with_catalogue(tmp_path, "2026.12-broken")
    services = folder / "services.toml"
    services.write_text(services.read_text(encoding="utf-8").replace("[", "[[", 1),
                        encoding="utf-8")
    before = mwindow.navigator.ctx.catalogue.version
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, ContentPanel)
    click(qtbot, panel.folder_buttons[folder])
    assert mwindow.navigator.ctx.catalogue.version == before
    assert "unchanged" in panel.message.text()


def test_catalogue_is_fetched_from_the_regional_server_on_request(
        qtbot: QtBot, synced: tuple[KioskWindow, Regional]) -> None:
    window, server = synced
    files = {p.name: p.read_text(encoding="utf-8")
             for p in (assets_dir() / "catalogue").glob("*.toml")}
    files["manifest.toml"] = 'version = "2026.12.9"\n'
    server.publish_catalogue(files, "2026.12.9")
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, ContentPanel)
    click(qtbot, panel.server_button)
    wait_done(qtbot, panel)
    assert window.navigator.ctx.catalogue.version == "2026.12.9"
    assert "2026.12.9" in panel.message.text()
    assert "regional server" in panel.facts.values()["Catalogue version"]
    click(qtbot, panel.server_button)
    wait_done(qtbot, panel)
    assert "already" in panel.message.text()
    assert audit_actions(window.navigator.ctx.db).count("content.reload_server") == 2


# -- statistics ----------------------------------------------------------------------------
def test_statistics_count_today_and_export_pdf_and_csv(qtbot: QtBot, mwindow: KioskWindow,
                                                       tmp_path: Path) -> None:
    for printed in range(1, 3):
        start(qtbot, mwindow, Language.EN)
        tile(qtbot, mwindow, ScreenId.QUEUE)
        click(qtbot, mwindow.navigator.screen_of(QueueScreen).buttons["social"])
        wait_printed(qtbot, mwindow, count=printed)
        mwindow.navigator.go_home()
    stick = tmp_path / "media" / "technician" / "STICK"
    stick.mkdir(parents=True)
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, StatsPanel)
    assert panel.today.values()["Queue tickets"].startswith("2")
    click(qtbot, panel.export_buttons[stick])
    wait_done(qtbot, panel)
    pdf = sorted(stick.glob("*.pdf"))
    csv = sorted(stick.glob("*.csv"))
    assert len(pdf) == 1 and pdf[0].read_bytes().startswith(b"%PDF")
    assert len(csv) == 1 and "social" in csv[0].read_text(encoding="utf-8-sig")
    assert "statistics.export" in audit_actions(mwindow.navigator.ctx.db)


# -- system --------------------------------------------------------------------------------
def test_system_page_checks_the_database_and_changes_the_pin(qtbot: QtBot,
                                                              mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, SystemPanel)
    values = panel.facts.values()
    assert values["Version"] and values["Kiosk"] == "karasu-01"
    click(qtbot, panel.check_button)
    wait_done(qtbot, panel)
    assert panel.facts.values()["Database check"] == "ok"
    click(qtbot, panel.pin_button)
    type_pin(qtbot, mwindow, "975310")
    type_pin(qtbot, mwindow, "975310")
    assert "saved" in panel.message.text()
    click(qtbot, screen.exit_button)
    corner_taps(qtbot, mwindow)
    type_pin(qtbot, mwindow, PIN)
    assert mwindow.navigator.current is ScreenId.HOME, "the old PIN no longer opens it"
    type_pin(qtbot, mwindow, "975310")
    assert mwindow.navigator.current is ScreenId.MAINTENANCE
    actions = audit_actions(mwindow.navigator.ctx.db)
    assert "system.integrity_check" in actions and "system.change_pin" in actions


def test_restart_and_exit_need_a_second_touch(qtbot: QtBot, mwindow: KioskWindow) -> None:
    calls: list[str] = []
    services = mwindow.navigator.ctx.maintenance
    services.restart = lambda: calls.append("restart")
    services.exit_to_desktop = lambda: calls.append("exit")
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, SystemPanel)
    click(qtbot, panel.restart_button)
    assert calls == []
    click(qtbot, panel.restart_button)
    click(qtbot, panel.exit_button)
    click(qtbot, panel.exit_button)
    assert calls == ["restart", "exit"]
    actions = audit_actions(mwindow.navigator.ctx.db)
    assert "system.restart" in actions and "system.exit" in actions


def test_log_lines_are_shown(qtbot: QtBot, mwindow: KioskWindow, mconfig: Config) -> None:
    log = mconfig.paths.state_dir / "kiosk.log"
    log.write_text("".join(f"2026-12-01 10:00:{i:02d} INFO line {i}\n" for i in range(60)),
                   encoding="utf-8")
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, SystemPanel)
    shown = panel.log.toPlainText()
    assert "line 59" in shown and "line 5\n" not in shown


@pytest.mark.parametrize("lang", [Language.KK, Language.RU])
def test_every_page_is_translated(qtbot: QtBot, mwindow: KioskWindow, lang: Language) -> None:
    screen = enter(qtbot, mwindow)
    mwindow.navigator.ctx.language.set(lang)
    english = set()
    for index in range(len(screen.panels)):
        screen.show_panel(index)
        QApplication.processEvents()
        for text in visible_texts(screen):
            words = [w for w in text.replace("\n", " ").split() if w.isascii() and w.isalpha()
                     and len(w) > 3 and w.islower()]
            english.update(words)
    configured = {mwindow.navigator.ctx.config.printer.url}  # a config value, not UI text
    assert not english - configured, sorted(english)




def test_a_receipt_that_cannot_be_rebuilt_is_explained_not_crashed(
        qtbot: QtBot, mwindow: KioskWindow) -> None:
    start(qtbot, mwindow, Language.KK)
    tile(qtbot, mwindow, ScreenId.QUEUE)
    click(qtbot, mwindow.navigator.screen_of(QueueScreen).buttons["social"])
    wait_printed(qtbot, mwindow)
    mwindow.navigator.go_home()
    screen = enter(qtbot, mwindow)
    panel = showing(screen, PrinterPanel)
    wait_done(qtbot, panel)
    db = mwindow.navigator.ctx.db
    uuid = str(db.execute("SELECT uuid FROM tickets").fetchone()[0])
    with db.conn:  # its department left the catalogue after the list was drawn
        db.execute("UPDATE tickets SET department = 'closed-department' WHERE uuid = ?", [uuid])
    click(qtbot, panel.reprint_buttons[uuid])
    assert "Cannot rebuild" in panel.message.text()
    assert not panel.tasks
