"""Maintenance mode by a finger: the gesture, the PIN pad and its lockout, every page's actions
against the printer emulator on a pty and the regional server on loopback."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from kiosk.assets import assets_dir
from kiosk.config import Config, load_config
from kiosk.i18n import Language
from kiosk.maintenance import set_pin
from kiosk.storage import open_database
from printers.emulator.faults import Fault
from sync.worker import SyncWorker, client_from_config
from tests.sync.conftest import Regional, regional  # noqa: F401  (the fixture)
from tests.ui.conftest import click, visible_texts
from tests.ui.harness import FixedClock, kiosk_window
from tests.ui.test_flows import start, tile, wait_printed
from ui.app import KioskWindow
from ui.maintenance.controller import MaintenanceController
from ui.maintenance.pin_pad import PinPad
from ui.maintenance.screen import MaintenanceScreen
from ui.screens.base import ScreenId

PIN = "2468"


def maintenance_config(tmp_path: Path, idle_seconds: int = 120, server: str = "") -> Config:
    """A kiosk config with a known PIN and a folder standing in for /media."""
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nid = "karasu-01"\n[paths]\nstate_dir = "{tmp_path / "state"}"\n'
                    f"[maintenance]\nidle_seconds = {idle_seconds}\n{server}",
                    encoding="utf-8")
    config = load_config(path, environ={})
    set_pin(config.paths.state_dir, PIN)
    return config


@pytest.fixture
def mconfig(tmp_path: Path) -> Config:
    """The test kiosk with PIN 2468."""
    return maintenance_config(tmp_path)


@pytest.fixture
def mwindow(qtbot: QtBot, mconfig: Config, clock: FixedClock,
            tmp_path: Path) -> Iterator[KioskWindow]:
    """The whole kiosk with a fake /media folder for USB sticks."""
    db = open_database(mconfig.paths.database)
    with kiosk_window(mconfig, db, clock=clock) as win:
        win.navigator.ctx.maintenance.usb_roots = [tmp_path / "media"]
        qtbot.addWidget(win)
        ready(qtbot, win)
        yield win
    db.close()


def ready(qtbot: QtBot, window: KioskWindow) -> MaintenanceController:
    """Wait for Home's first paint, after which the gesture is listened for."""
    qtbot.waitUntil(lambda: window.maintenance is not None, timeout=5000)
    assert window.maintenance is not None
    return window.maintenance


def pad_of(window: KioskWindow) -> PinPad:
    """The PIN pad."""
    assert window.maintenance is not None, "not painted yet"
    return window.maintenance.pad


def corner_taps(qtbot: QtBot, window: KioskWindow, count: int = 5) -> None:
    """Taps at the window's top-left corner (over the header)."""
    ready(qtbot, window)
    header = window.navigator.header
    for _ in range(count):
        qtbot.mouseClick(header, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))


def type_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> None:
    """Touch the digits and the ✓ key of the PIN pad."""
    pad = pad_of(window)
    for digit in pin:
        click(qtbot, pad.keys[digit])
    click(qtbot, pad.keys["✓"])


def enter(qtbot: QtBot, window: KioskWindow) -> MaintenanceScreen:
    """Gesture + PIN: the maintenance screen."""
    corner_taps(qtbot, window)
    type_pin(qtbot, window, PIN)
    assert window.navigator.current is ScreenId.MAINTENANCE
    window.navigator.ctx.language.set(Language.EN)
    screen = window.navigator.screens[ScreenId.MAINTENANCE]
    assert isinstance(screen, MaintenanceScreen)
    return screen


def audit_actions(db: Database) -> list[str]:
    """The audit log's actions, oldest first."""
    return [str(r[0]) for r in db.execute("SELECT action FROM audit_events ORDER BY id")]


def page(qtbot: QtBot, screen: MaintenanceScreen, name: str) -> object:
    """Touch the page's button in the left column."""
    index = [type(p).__name__ for p in screen.panels].index(name)
    click(qtbot, screen.nav_buttons[index])
    return screen.panels[index]


def wait_done(qtbot: QtBot, panel: object) -> None:
    """Wait until the page's background work has reported back."""
    qtbot.waitUntil(lambda: not panel.tasks, timeout=20_000)  # type: ignore[attr-defined]


# -- the way in ----------------------------------------------------------------------------
def test_five_corner_taps_and_the_pin_open_maintenance(qtbot: QtBot,
                                                        mwindow: KioskWindow) -> None:
    pad = pad_of(mwindow)
    corner_taps(qtbot, mwindow, 4)
    assert not pad.isVisible(), "four taps are not the gesture"
    corner_taps(qtbot, mwindow, 1)
    assert pad.isVisible()
    type_pin(qtbot, mwindow, PIN)
    assert not pad.isVisible()
    assert mwindow.navigator.current is ScreenId.MAINTENANCE
    assert not mwindow.navigator.footer.isVisible()
    assert "maintenance.enter" in audit_actions(mwindow.navigator.ctx.db)


def test_taps_elsewhere_or_too_slow_do_not_open_the_pad(qtbot: QtBot,
                                                        mwindow: KioskWindow) -> None:
    pad = pad_of(mwindow)
    gesture = ready(qtbot, mwindow).gesture
    moments = iter([0.0, 1.0, 2.0, 3.5, 4.0, 4.5, 7.0])
    gesture.clock = lambda: next(moments)
    corner_taps(qtbot, mwindow, 6)  # 0, 1, 2, 3.5, 4, 4.5: never five within 3 s
    assert not pad.isVisible()
    header = mwindow.navigator.header
    qtbot.mouseClick(header, Qt.MouseButton.LeftButton, pos=QPoint(600, 40))
    assert not pad.isVisible()


def test_ctrl_alt_m_opens_the_pad_and_cancel_closes_it(qtbot: QtBot,
                                                       mwindow: KioskWindow) -> None:
    pad = pad_of(mwindow)
    qtbot.keyClick(mwindow, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.AltModifier)
    assert pad.isVisible()
    click(qtbot, pad.cancel_button)
    assert not pad.isVisible()
    assert mwindow.navigator.current is ScreenId.HOME


def test_entering_maintenance_wipes_what_a_visitor_typed(qtbot: QtBot,
                                                         mwindow: KioskWindow) -> None:
    start(qtbot, mwindow, Language.KK)
    mwindow.navigator.ctx.form.update(full_name="Әлия", iin="900101400003")
    enter(qtbot, mwindow)
    assert not mwindow.navigator.ctx.form


def test_five_wrong_pins_lock_the_pad_even_after_a_restart(
        qtbot: QtBot, mconfig: Config, clock: FixedClock, tmp_path: Path) -> None:
    db = open_database(mconfig.paths.database)
    with kiosk_window(mconfig, db, clock=clock) as first:
        first.navigator.ctx.language.set(Language.EN)
        corner_taps(qtbot, first)
        pad = pad_of(first)
        for _ in range(4):
            type_pin(qtbot, first, "1111")
            assert "Wrong PIN" in pad.message.text()
        type_pin(qtbot, first, "1111")
        assert "10:05" in pad.message.text(), "the pad says until when it is locked"
        type_pin(qtbot, first, PIN)
        assert first.navigator.current is ScreenId.HOME, "locked: even the right PIN waits"
    # The power is pulled and the kiosk starts again: still locked.
    with kiosk_window(mconfig, db, clock=clock) as second:
        corner_taps(qtbot, second)
        pad = pad_of(second)
        assert "10:05" in pad.message.text()
        type_pin(qtbot, second, PIN)
        assert second.navigator.current is ScreenId.HOME
        clock.now += dt.timedelta(minutes=5, seconds=1)
        type_pin(qtbot, second, PIN)
        assert second.navigator.current is ScreenId.MAINTENANCE
    actions = audit_actions(db)
    assert actions.count("maintenance.pin_wrong") == 5
    assert "maintenance.pin_locked" in actions and actions[-1] in ("maintenance.enter",
                                                                   "maintenance.exit")
    db.close()


def test_maintenance_leaves_by_itself_when_nobody_touches_it(
        qtbot: QtBot, tmp_path: Path, clock: FixedClock) -> None:
    config = maintenance_config(tmp_path, idle_seconds=1)
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as window:
        enter(qtbot, window)
        qtbot.waitUntil(lambda: window.navigator.current is ScreenId.HOME, timeout=5000)
        row = db.execute("SELECT details FROM audit_events WHERE action = 'maintenance.exit'"
                         ).fetchone()
        assert json.loads(row[0]) == {"reason": "idle"}
    db.close()


def test_exit_button_returns_home(qtbot: QtBot, mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    click(qtbot, screen.exit_button)
    assert mwindow.navigator.current is ScreenId.HOME
    assert mwindow.navigator.footer.isVisible() is False  # home has no footer


# -- printer -------------------------------------------------------------------------------
def test_printer_page_shows_live_status(qtbot: QtBot, mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    panel = screen.panel
    wait_done(qtbot, panel)
    assert "ready" in panel.facts.values()["Status"]  # type: ignore[attr-defined]
    mwindow.emulator.set_fault(Fault.PAPER_OUT)  # type: ignore[attr-defined]
    panel.refresh()
    wait_done(qtbot, panel)
    assert "out of paper" in panel.facts.values()["Status"]  # type: ignore[attr-defined]


def test_test_page_prints_and_counts_paper(qtbot: QtBot, mwindow: KioskWindow) -> None:
    screen = enter(qtbot, mwindow)
    panel = screen.panel
    wait_done(qtbot, panel)
    click(qtbot, panel.test_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    receipts = mwindow.emulator.wait_for_receipts(1)  # type: ignore[attr-defined]
    assert "ӘҒҚҢӨҰҮҺІ" in receipts[0].text.replace(" ", "")
    paper = mwindow.navigator.ctx.printing.paper
    assert paper is not None and paper.usage().used_mm > 50
    click(qtbot, panel.roll_button)  # type: ignore[attr-defined]
    assert paper.usage().used_mm == 0
    actions = audit_actions(mwindow.navigator.ctx.db)
    assert "printer.test_page" in actions and "printer.roll_replaced" in actions


def test_a_failed_receipt_is_reprinted_as_a_copy(qtbot: QtBot, mwindow: KioskWindow) -> None:
    mwindow.emulator.set_fault(Fault.PAPER_OUT)  # type: ignore[attr-defined]
    start(qtbot, mwindow, Language.KK)
    tile(qtbot, mwindow, ScreenId.QUEUE)
    click(qtbot, mwindow.navigator.screens[ScreenId.QUEUE].buttons["social"])  # type: ignore[attr-defined]
    result = mwindow.navigator.screens[ScreenId.RESULT]
    qtbot.waitUntil(lambda: not result.printing, timeout=20_000)  # type: ignore[attr-defined]
    db = mwindow.navigator.ctx.db
    uuid, number = db.execute("SELECT uuid, number FROM tickets").fetchone()
    mwindow.emulator.clear_fault()  # type: ignore[attr-defined]
    mwindow.navigator.go_home()
    screen = enter(qtbot, mwindow)
    panel = screen.panel
    wait_done(qtbot, panel)
    assert "Not printed" in "\n".join(visible_texts(panel))
    click(qtbot, panel.reprint_buttons[uuid])  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    text = mwindow.emulator.wait_for_receipts(1)[-1].text  # type: ignore[attr-defined]
    assert number in text and "КӨШІРМЕ" in text
    assert db.execute("SELECT print_error, printed_at IS NOT NULL FROM tickets").fetchone() \
        == (None, 1)
    click(qtbot, panel.preview_buttons[uuid])  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    assert panel.preview.pixmap().height() > 300  # type: ignore[attr-defined]
    assert "printer.reprint" in audit_actions(db)


# -- sync ----------------------------------------------------------------------------------
@pytest.fixture
def synced(qtbot: QtBot, tmp_path: Path, clock: FixedClock,
           regional: Regional) -> Iterator[tuple[KioskWindow, Regional]]:  # noqa: F811
    """The kiosk with its sync worker pointed at a real regional server on loopback."""
    token = regional.add_kiosk("karasu-01")
    token_file = tmp_path / "kiosk.token"
    token_file.write_text(token, encoding="utf-8")
    config = maintenance_config(tmp_path, server=f'[server]\nurl = "{regional.url}"\n'
                                f'token_file = "{token_file}"\n')
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as window:
        worker = SyncWorker(config, open_database(config.paths.database),
                            client_from_config(config), window.navigator.ctx.catalogue_store)
        window.navigator.ctx.maintenance.sync_worker = worker
        qtbot.addWidget(window)
        ready(qtbot, window)
        yield window, regional
    db.close()


def test_sync_now_sends_everything_and_audit_rows_reach_the_server(
        qtbot: QtBot, synced: tuple[KioskWindow, Regional]) -> None:
    window, server = synced
    start(qtbot, window, Language.RU)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, window.navigator.screens[ScreenId.QUEUE].buttons["social"])  # type: ignore[attr-defined]
    wait_printed(qtbot, window)
    window.navigator.go_home()
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, "SyncPanel")
    assert int(panel.facts.values()["Records waiting to be sent"]) >= 2  # type: ignore[attr-defined]
    click(qtbot, panel.sync_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    values = panel.facts.values()  # type: ignore[attr-defined]
    assert values["Records waiting to be sent"] == "1", "only this sync's own audit row"
    assert values["Last success"] != "never"
    window.navigator.ctx.maintenance.sync_worker.run_once()  # type: ignore[union-attr]
    db = window.navigator.ctx.db
    audit_uuids = {str(r[0]) for r in db.execute("SELECT uuid FROM audit_events")}
    assert audit_uuids and audit_uuids <= server.uuids("karasu-01")
    ticket = str(db.execute("SELECT uuid FROM tickets").fetchone()[0])
    assert ticket in server.uuids("karasu-01")


def test_connection_test_passes_and_names_a_refused_token(
        qtbot: QtBot, synced: tuple[KioskWindow, Regional], tmp_path: Path) -> None:
    window, _server = synced
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, "SyncPanel")
    click(qtbot, panel.test_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    assert all(check.ok for check in panel.checks), panel.checks  # type: ignore[attr-defined]
    (tmp_path / "kiosk.token").write_text("not-the-token", encoding="utf-8")
    click(qtbot, panel.test_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    auth = {c.name: c for c in panel.checks}["auth"]  # type: ignore[attr-defined]
    assert not auth.ok and "token" in auth.detail
    assert audit_actions(window.navigator.ctx.db).count("sync.test") == 2


# -- content -------------------------------------------------------------------------------
def _stick_with_catalogue(tmp_path: Path, version: str) -> Path:
    folder = tmp_path / "media" / "technician" / "KIOSK" / "catalogue"
    shutil.copytree(assets_dir() / "catalogue", folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    lines = [f'version = "{version}"' if line.startswith("version") else line
             for line in text.splitlines()]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_catalogue_installs_from_a_usb_stick(qtbot: QtBot, mwindow: KioskWindow,
                                             tmp_path: Path) -> None:
    folder = _stick_with_catalogue(tmp_path, "2026.12-usb")
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, "ContentPanel")
    click(qtbot, panel.folder_buttons[folder])  # type: ignore[attr-defined]
    assert mwindow.navigator.ctx.catalogue.version == "2026.12-usb"
    assert "2026.12-usb" in panel.facts.values()["Catalogue version"]  # type: ignore[attr-defined]
    assert "content.install_usb" in audit_actions(mwindow.navigator.ctx.db)


def test_a_broken_catalogue_on_a_stick_is_refused(qtbot: QtBot, mwindow: KioskWindow,
                                                  tmp_path: Path) -> None:
    folder = _stick_with_catalogue(tmp_path, "2026.12-broken")
    services = folder / "services.toml"
    services.write_text(services.read_text(encoding="utf-8").replace("[", "[[", 1),
                        encoding="utf-8")
    before = mwindow.navigator.ctx.catalogue.version
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, "ContentPanel")
    click(qtbot, panel.folder_buttons[folder])  # type: ignore[attr-defined]
    assert mwindow.navigator.ctx.catalogue.version == before
    assert "unchanged" in panel.message.text()  # type: ignore[attr-defined]


def test_catalogue_is_fetched_from_the_regional_server_on_request(
        qtbot: QtBot, synced: tuple[KioskWindow, Regional]) -> None:
    window, server = synced
    files = {p.name: p.read_text(encoding="utf-8")
             for p in (assets_dir() / "catalogue").glob("*.toml")}
    files["manifest.toml"] = 'version = "2026.12.9"\n'
    server.publish_catalogue(files, "2026.12.9")
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, "ContentPanel")
    click(qtbot, panel.server_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    assert window.navigator.ctx.catalogue.version == "2026.12.9"
    assert "2026.12.9" in panel.message.text()  # type: ignore[attr-defined]
    assert "regional server" in panel.facts.values()["Catalogue version"]  # type: ignore[attr-defined]
    click(qtbot, panel.server_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    assert "already" in panel.message.text()  # type: ignore[attr-defined]
    assert audit_actions(window.navigator.ctx.db).count("content.reload_server") == 2


# -- statistics ----------------------------------------------------------------------------
def test_statistics_count_today_and_export_pdf_and_csv(qtbot: QtBot, mwindow: KioskWindow,
                                                       tmp_path: Path) -> None:
    for printed in range(1, 3):
        start(qtbot, mwindow, Language.EN)
        tile(qtbot, mwindow, ScreenId.QUEUE)
        click(qtbot, mwindow.navigator.screens[ScreenId.QUEUE].buttons["social"])  # type: ignore[attr-defined]
        wait_printed(qtbot, mwindow, count=printed)
        mwindow.navigator.go_home()
    stick = tmp_path / "media" / "technician" / "STICK"
    stick.mkdir(parents=True)
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, "StatsPanel")
    assert panel.today.values()["Queue tickets"].startswith("2")  # type: ignore[attr-defined]
    click(qtbot, panel.export_buttons[stick])  # type: ignore[attr-defined]
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
    panel = page(qtbot, screen, "SystemPanel")
    values = panel.facts.values()  # type: ignore[attr-defined]
    assert values["Version"] and values["Kiosk"] == "karasu-01"
    click(qtbot, panel.check_button)  # type: ignore[attr-defined]
    wait_done(qtbot, panel)
    assert panel.facts.values()["Database check"] == "ok"  # type: ignore[attr-defined]
    click(qtbot, panel.pin_button)  # type: ignore[attr-defined]
    type_pin(qtbot, mwindow, "97531")
    type_pin(qtbot, mwindow, "97531")
    assert "saved" in panel.message.text()  # type: ignore[attr-defined]
    click(qtbot, screen.exit_button)
    corner_taps(qtbot, mwindow)
    type_pin(qtbot, mwindow, PIN)
    assert mwindow.navigator.current is ScreenId.HOME, "the old PIN no longer opens it"
    type_pin(qtbot, mwindow, "97531")
    assert mwindow.navigator.current is ScreenId.MAINTENANCE
    actions = audit_actions(mwindow.navigator.ctx.db)
    assert "system.integrity_check" in actions and "system.change_pin" in actions


def test_restart_and_exit_need_a_second_touch(qtbot: QtBot, mwindow: KioskWindow) -> None:
    calls: list[str] = []
    services = mwindow.navigator.ctx.maintenance
    services.restart = lambda: calls.append("restart")
    services.exit_to_desktop = lambda: calls.append("exit")
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, "SystemPanel")
    click(qtbot, panel.restart_button)  # type: ignore[attr-defined]
    assert calls == []
    click(qtbot, panel.restart_button)  # type: ignore[attr-defined]
    click(qtbot, panel.exit_button)  # type: ignore[attr-defined]
    click(qtbot, panel.exit_button)  # type: ignore[attr-defined]
    assert calls == ["restart", "exit"]
    actions = audit_actions(mwindow.navigator.ctx.db)
    assert "system.restart" in actions and "system.exit" in actions


def test_log_lines_are_shown(qtbot: QtBot, mwindow: KioskWindow, mconfig: Config) -> None:
    log = mconfig.paths.state_dir / "kiosk.log"
    log.write_text("".join(f"2026-12-01 10:00:{i:02d} INFO line {i}\n" for i in range(60)),
                   encoding="utf-8")
    screen = enter(qtbot, mwindow)
    panel = page(qtbot, screen, "SystemPanel")
    shown = panel.log.toPlainText()  # type: ignore[attr-defined]
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


def test_exit_to_the_desktop_ends_the_app_with_the_code_systemd_leaves_stopped(
        qtbot: QtBot, mconfig: Config) -> None:
    import signal

    from kiosk.catalogue import CatalogueStore
    from kiosk.systemd import EXIT_RESTART, EXIT_TO_DESKTOP
    from ui.window import run_window

    def leave() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, KioskWindow):
                widget.shut_down(EXIT_TO_DESKTOP)

    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        code = run_window(mconfig, lambda: open_database(mconfig.paths.database),
                          CatalogueStore(mconfig.paths.active_catalogue), None, windowed=True,
                          after_show=leave)
    finally:
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
    assert code == EXIT_TO_DESKTOP != EXIT_RESTART
