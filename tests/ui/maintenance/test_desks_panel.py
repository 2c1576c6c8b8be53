"""The desks page by a finger: a desk added, refused, switched off and on, given a new password,
checked with the real sign-in; the desk server's address from a real server on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from kiosk.config import Config
from kiosk.i18n import Language
from kiosk.queue.desks import add_desk, get_desk, list_desks, session_desk, sign_in
from kiosk.queue.errors import DeskSignInRefused
from kiosk.storage import open_database
from kiosk.web.desk_server import DeskServer
from kiosk.web.desk_service import DeskService
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.harness import FixedClock, kiosk_window
from tests.ui.maintenance.support import (
    audit_actions,
    enter,
    maintenance_config,
    page,
    ready,
    wait_done,
)
from ui.app import KioskWindow
from ui.maintenance.desk_link import desk_urls, server_answers
from ui.maintenance.desks_panel import DesksPanel
from ui.maintenance.screen import MaintenanceScreen
from ui.screens.base import ScreenId

OLD_PASSWORD = "old-password-4711"


def desks_page(qtbot: QtBot, window: KioskWindow) -> DesksPanel:
    """Gesture + PIN, then the Desks button in the left column."""
    screen = enter(qtbot, window)
    panel = page(qtbot, screen, "DesksPanel")
    assert isinstance(panel, DesksPanel)
    return panel


def add_by_touch(qtbot: QtBot, panel: DesksPanel, department: str, name: str,
                 login: str | None = None) -> None:
    """Add a desk: the department's button, the name on the on-screen keyboard, Add."""
    click(qtbot, panel.add_button)
    click(qtbot, panel.form.department_buttons[department])
    type_on(qtbot, panel.form.keyboard, name)
    if login is not None:
        field = panel.form.fields["login"]
        qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)  # the keyboard types there
        click(qtbot, field.clear_button)
        type_on(qtbot, panel.form.keyboard, login)
    click(qtbot, panel.form.add_button)
    wait_done(qtbot, panel)


def made_desk(window: KioskWindow, login: str = "land-1") -> None:
    """A desk made as ``kiosk desk add`` makes it, with a known password."""
    ctx = window.navigator.ctx
    add_desk(ctx.db, ctx.catalogue, login, department="land", room="104",
             specialist="Ерлан Жұмабекұлы", now=ctx.clock(), password=OLD_PASSWORD)


def audit_text(db: Database) -> str:
    """Every audit row's details, as stored."""
    return "\n".join(str(row[0]) for row in db.execute("SELECT details FROM audit_events"))


def test_a_desk_added_by_touch_signs_in_with_the_password_shown(
        qtbot: QtBot, mwindow: KioskWindow, clock: FixedClock) -> None:
    panel = desks_page(qtbot, mwindow)
    add_by_touch(qtbot, panel, "social", "Айгүл Серікқызы")
    db = mwindow.navigator.ctx.db
    desk = get_desk(db, "social-1")
    assert desk is not None
    assert (desk.department, desk.room, desk.specialist, desk.state) == \
        ("social", "103", "Айгүл Серікқызы", "open")
    password = panel.card.shown_password
    assert panel.card.isVisible() and len(password) == 16 and password.isdigit()
    assert sign_in(db, "social-1", password, clock()).desk.login == "social-1"
    shown = "\n".join(visible_texts(panel))
    assert "Social issues" in shown and "room 103" in shown and "Айгүл Серікқызы" in shown
    assert "Desk social-1 is added." in panel.message.text()
    assert "desks.add" in audit_actions(db)
    assert password not in audit_text(db), "the password never reaches the audit log"


def test_the_password_leaves_the_screen(qtbot: QtBot, mwindow: KioskWindow) -> None:
    panel = desks_page(qtbot, mwindow)
    add_by_touch(qtbot, panel, "land", "Ерлан Жұмабекұлы")
    assert panel.card.shown_password
    click(qtbot, panel.card.done_button)
    assert not panel.card.isVisible() and panel.card.shown_password == ""
    click(qtbot, panel.rows["land-1"].reset)
    click(qtbot, panel.rows["land-1"].reset)
    wait_done(qtbot, panel)
    assert panel.card.shown_password
    screen = mwindow.navigator.screens[ScreenId.MAINTENANCE]
    assert isinstance(screen, MaintenanceScreen)
    page(qtbot, screen, "SyncPanel")  # another page, then back
    page(qtbot, screen, "DesksPanel")
    assert not panel.card.isVisible() and panel.card.shown_password == ""


def test_a_taken_login_and_a_bad_name_are_refused_in_words(qtbot: QtBot,
                                                           mwindow: KioskWindow) -> None:
    made_desk(mwindow, "land-1")
    panel = desks_page(qtbot, mwindow)
    add_by_touch(qtbot, panel, "social", "Айгүл Серікқызы", login="land-1")
    form = panel.form
    assert form.on_details, "the form stays open to correct the login"
    assert "The login land-1 is taken" in form.fields["login"].message.text()
    assert "not added" in panel.message.text()
    assert not panel.card.isVisible()
    qtbot.mouseClick(form.fields["specialist"].edit, Qt.MouseButton.LeftButton)
    click(qtbot, form.fields["specialist"].clear_button)
    type_on(qtbot, form.keyboard, "Айгүл 2")
    click(qtbot, form.fields["login"].clear_button)
    qtbot.mouseClick(form.fields["login"].edit, Qt.MouseButton.LeftButton)
    type_on(qtbot, form.keyboard, "x")
    click(qtbot, form.add_button)
    assert "letters, spaces" in form.fields["specialist"].message.text()
    assert "2 to 40" in form.fields["login"].message.text()
    db = mwindow.navigator.ctx.db
    assert [d.login for d in list_desks(db)] == ["land-1"]
    assert "desks.add" not in audit_actions(db)


def test_a_suggested_login_skips_the_taken_ones(qtbot: QtBot, mwindow: KioskWindow) -> None:
    made_desk(mwindow, "social-1")
    panel = desks_page(qtbot, mwindow)
    add_by_touch(qtbot, panel, "social", "Мария Иванова")
    assert get_desk(mwindow.navigator.ctx.db, "social-2") is not None


def test_switching_a_desk_off_refuses_its_sign_in_until_switched_on(
        qtbot: QtBot, mwindow: KioskWindow, clock: FixedClock) -> None:
    made_desk(mwindow)
    db = mwindow.navigator.ctx.db
    session = sign_in(db, "land-1", OLD_PASSWORD, clock())
    panel = desks_page(qtbot, mwindow)
    row = panel.rows["land-1"]
    click(qtbot, row.toggle)
    assert row.toggle.text() == "Touch again to confirm"
    assert get_desk(db, "land-1").state == "open"  # type: ignore[union-attr]
    click(qtbot, row.toggle)
    assert get_desk(db, "land-1").state == "disabled"  # type: ignore[union-attr]
    assert session_desk(db, session.token, clock()) is None, "signed out at once"
    with pytest.raises(DeskSignInRefused):
        sign_in(db, "land-1", OLD_PASSWORD, clock())
    row = panel.rows["land-1"]
    assert "Switched off" in row.state.text()
    assert row.toggle.text() == "Switch on"
    click(qtbot, row.toggle)  # switching on needs no second touch
    assert sign_in(db, "land-1", OLD_PASSWORD, clock()).desk.state == "open"
    actions = audit_actions(db)
    assert "desks.disable" in actions and "desks.enable" in actions


def test_a_new_password_replaces_the_old_one(qtbot: QtBot, mwindow: KioskWindow,
                                             clock: FixedClock) -> None:
    made_desk(mwindow)
    db = mwindow.navigator.ctx.db
    panel = desks_page(qtbot, mwindow)
    click(qtbot, panel.rows["land-1"].reset)
    assert not panel.card.isVisible(), "one touch only asks for the second"
    click(qtbot, panel.rows["land-1"].reset)
    wait_done(qtbot, panel)
    new = panel.card.shown_password
    assert len(new) == 16
    with pytest.raises(DeskSignInRefused):
        sign_in(db, "land-1", OLD_PASSWORD, clock())
    assert sign_in(db, "land-1", new, clock()).desk.login == "land-1"
    assert "desks.reset_password" in audit_actions(db)
    assert new not in audit_text(db)


def test_desks_off_says_how_to_turn_them_on(qtbot: QtBot, mwindow: KioskWindow) -> None:
    panel = desks_page(qtbot, mwindow)
    QApplication.processEvents()  # a row added to a shown list appears on the next cycle
    assert panel.server.values()["Desk server"] == "off"
    shown = "\n".join(visible_texts(panel))
    assert '[desks]\nlisten="0.0.0.0:8480"' in shown and "restart the app" in shown
    assert "No desks yet" in shown
    add_by_touch(qtbot, panel, "civil", "Гүлнар Әбенова")
    assert "desks are off" in panel.card.facts.values()["Address"]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def with_desk_server(qtbot: QtBot, tmp_path: Path,
                     clock: FixedClock) -> Iterator[tuple[KioskWindow, Config]]:
    """The kiosk with ``[desks] listen`` on loopback and the real desk server running there."""
    port = free_port()
    config = maintenance_config(tmp_path, server=f'[desks]\nlisten = "127.0.0.1:{port}"\n')
    db = open_database(config.paths.database)
    with kiosk_window(config, db, clock=clock) as window:
        ctx = window.navigator.ctx
        service = DeskService(config.paths.database, lambda: ctx.catalogue, clock,
                              config.paths.state_dir)
        with DeskServer(service, ctx.language.translator, "127.0.0.1", port):
            qtbot.addWidget(window)
            ready(qtbot, window)
            yield window, config
    db.close()


def test_a_running_desk_server_and_its_address_are_shown(
        qtbot: QtBot, with_desk_server: tuple[KioskWindow, Config]) -> None:
    window, config = with_desk_server
    panel = desks_page(qtbot, window)
    wait_done(qtbot, panel)
    values = panel.server.values()
    assert values["Desk server"].startswith("on, answering")
    assert values["Address for the specialists"] == f"http://{config.desks.listen}/desk"
    assert "Only this PC" in "\n".join(visible_texts(panel)), "loopback: other PCs cannot"


def test_desk_addresses_and_a_server_that_does_not_answer() -> None:
    assert desk_urls(("0.0.0.0", 8480), ["192.168.1.20", "10.0.0.5"]) == \
        ["http://192.168.1.20:8480/desk", "http://10.0.0.5:8480/desk"]
    assert desk_urls(("192.168.1.20", 8480), ["10.0.0.5"]) == ["http://192.168.1.20:8480/desk"]
    assert desk_urls(("0.0.0.0", 8480), []) == []
    assert not server_answers(("127.0.0.1", free_port()), timeout=5)


@pytest.mark.parametrize("lang", [Language.KK, Language.RU])
def test_the_desks_pages_are_translated(qtbot: QtBot, mwindow: KioskWindow,
                                        lang: Language) -> None:
    made_desk(mwindow)
    panel = desks_page(qtbot, mwindow)
    mwindow.navigator.ctx.language.set(lang)
    QApplication.processEvents()
    texts = visible_texts(panel)
    click(qtbot, panel.rows["land-1"].reset)
    click(qtbot, panel.rows["land-1"].reset)
    wait_done(qtbot, panel)
    texts += visible_texts(panel)
    click(qtbot, panel.add_button)
    texts += visible_texts(panel)
    click(qtbot, panel.form.department_buttons["social"])
    QApplication.processEvents()
    texts += visible_texts(panel)
    click(qtbot, panel.form.add_button)  # empty name: the rule in words
    texts += visible_texts(panel)
    english = {w for text in texts for w in text.replace("\n", " ").split()
               if w.isascii() and w.isalpha() and len(w) > 3 and w.islower()}
    assert not english, sorted(english)
