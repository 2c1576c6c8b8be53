"""The status screen for a queue ticket: the kiosk's own line is the truth for tickets.

A desk calls the ticket on this kiosk (kiosk.queue.actions), so the screen shows "Called to
the desk — go to room …" even while the regional server still says "waiting" or cannot be
reached; a waiting ticket shows the people ahead of it now. And a server answer that comes
after the visitor left the screen is never written into it (the next visitor could read it).
"""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from kiosk.queue.actions import perform
from kiosk.queue.desks import add_desk
from kiosk.tickets import Ticket, issue_ticket
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.test_flows import primary, start, tile
from tests.ui.test_ticket_flow_guards import STALE_WINDOW_MS
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.status import StatusScreen

#: The room of the desk that calls (not the department's 103: the answer's room is shown).
DESK_ROOM = "207"



def issue(window: KioskWindow, department: str = "social") -> Ticket:
    """A ticket taken at this kiosk (as the queue screen takes it)."""
    ctx = window.navigator.ctx
    return issue_ticket(ctx.db, ctx.catalogue, department, ctx.clock(), Language.EN)


def call_next(window: KioskWindow) -> None:
    """A specialist at a desk of the social department presses "Call next"."""
    ctx = window.navigator.ctx
    if ctx.db.execute("SELECT count(*) FROM desks").fetchone()[0] == 0:
        add_desk(ctx.db, ctx.catalogue, "social-1", department="social", room=DESK_ROOM,
                 specialist="Айгүл Серікқызы", now=ctx.clock(), password="Desk-pass-2026!")
    result = perform(ctx.db, ctx.catalogue, "social-1", "call", ctx.clock())
    assert result.ticket is not None


def stale_server(asked: str) -> dict[str, str]:
    """The regional server has not heard of the call yet: it still says "waiting"."""
    return {"code": asked, "kind": "ticket", "status": "waiting", "number": "Ә-001",
            "updated_at": "2026-12-01T05:00:00+00:00"}


def look_up(qtbot: QtBot, window: KioskWindow, code: str, lang: Language = Language.EN) -> str:
    """Type ``code`` on the status screen and press Check; the screen's text."""
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.STATUS)
    screen = nav.screen_of(StatusScreen)
    type_on(qtbot, screen.keyboard, code)
    primary(qtbot, window)
    return "\n".join(visible_texts(screen))


def screen_text(window: KioskWindow) -> str:
    """What the status screen shows now."""
    return "\n".join(visible_texts(window.navigator.screens[ScreenId.STATUS]))


def settle(qtbot: QtBot, window: KioskWindow) -> None:
    """Let the server look-up that was started deliver its answer (if anyone listens)."""
    from ui.screens.status import _LOOKUPS

    _LOOKUPS.submit(lambda: None).result(timeout=30)  # the look-up's worker is done
    qtbot.wait(STALE_WINDOW_MS)  # and its result had its chance to reach the screen


def test_a_called_ticket_shows_the_room_while_the_server_says_waiting(
        qtbot: QtBot, window: KioskWindow) -> None:
    ticket = issue(window)
    call_next(window)
    asked: list[str] = []

    def lookup(code: str) -> dict[str, str]:
        asked.append(code)
        return stale_server(code)

    window.navigator.ctx.status_lookup = lookup
    look_up(qtbot, window, ticket.tracking_code)
    qtbot.waitUntil(lambda: bool(asked))
    settle(qtbot, window)
    shown = screen_text(window)
    assert f"Called to the desk — go to room {DESK_ROOM}" in shown
    assert "Waiting in the queue" not in shown
    assert ticket.number in shown


def test_a_called_ticket_shows_the_room_when_the_server_is_down(
        qtbot: QtBot, window: KioskWindow) -> None:
    ticket = issue(window)
    call_next(window)
    window.navigator.ctx.status_lookup = lambda code: None  # unreachable (server_status says None)
    look_up(qtbot, window, ticket.tracking_code, Language.KK)
    settle(qtbot, window)
    assert f"Маманға шақырылды — {DESK_ROOM}-бөлмеге барыңыз" in screen_text(window)


def test_a_called_ticket_in_russian_without_any_server(qtbot: QtBot,
                                                       window: KioskWindow) -> None:
    ticket = issue(window)
    call_next(window)
    assert window.navigator.ctx.status_lookup is None
    shown = look_up(qtbot, window, ticket.tracking_code, Language.RU)
    assert f"Вызван к специалисту — пройдите в кабинет {DESK_ROOM}" in shown


def test_waiting_tickets_show_the_people_ahead_now(qtbot: QtBot, window: KioskWindow) -> None:
    first, second, third = issue(window), issue(window), issue(window)
    window.navigator.ctx.status_lookup = stale_server
    shown = look_up(qtbot, window, third.tracking_code)
    assert "Waiting in the queue" in shown
    assert "2 people ahead of you" in shown
    assert "Expected wait: about 20 min" in shown  # 2 x the catalogue's 10 minutes
    call_next(window)  # the first one is called: the line moves
    click(qtbot, window.navigator.home_button)
    shown = look_up(qtbot, window, second.tracking_code)
    assert "No one is ahead of you — you are next" in shown
    assert "0 people" not in shown and "Expected wait" not in shown
    settle(qtbot, window)
    assert "No one is ahead of you — you are next" in screen_text(window)
    click(qtbot, window.navigator.home_button)
    shown = look_up(qtbot, window, first.tracking_code)
    assert f"go to room {DESK_ROOM}" in shown and "ahead" not in shown


class SlowServer:
    """A regional server that answers only when the test lets it."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.asked = threading.Event()
        self.release = threading.Event()

    def __call__(self, code: str) -> dict[str, str]:
        self.asked.set()
        if not self.release.wait(30):
            raise OSError("the test never let the server answer")
        return {"code": code, "kind": "appeal", "status": "answered", "number": "KARASU-01-7",
                "reply": self.reply}


CODE = "HR4TW8NZ2F"  # known to the server only (an appeal handed in at another kiosk)


def test_the_server_answer_shows_while_the_visitor_waits(qtbot: QtBot,
                                                         window: KioskWindow) -> None:
    """The control for the two tests below: the same slow answer, the visitor still there."""
    server = SlowServer("Жол жөнделді.")
    window.navigator.ctx.status_lookup = server
    shown = look_up(qtbot, window, CODE)
    assert "No record with this code is known here yet" in shown
    qtbot.waitUntil(server.asked.is_set)
    server.release.set()
    settle(qtbot, window)
    assert "Жол жөнделді." in screen_text(window)
    assert "KARASU-01-7" in screen_text(window)


def test_a_late_server_answer_is_not_written_after_back(qtbot: QtBot,
                                                        window: KioskWindow) -> None:
    """Back keeps the screen's data (for Back), but the answer still under way is dropped."""
    nav = window.navigator
    server = SlowServer("Жол жөнделді.")
    nav.ctx.status_lookup = server
    look_up(qtbot, window, CODE)
    qtbot.waitUntil(server.asked.is_set)
    click(qtbot, nav.back_button)
    assert nav.current is not ScreenId.STATUS
    server.release.set()
    settle(qtbot, window)
    screen = nav.screen_of(StatusScreen)
    assert screen.answer is None
    assert "Жол жөнделді." not in screen.result.text()
    tile(qtbot, window, ScreenId.STATUS)  # the same visitor comes back: still nothing of it
    assert "Жол жөнделді." not in screen_text(window)


def test_a_late_server_answer_never_reaches_the_next_visitor(qtbot: QtBot,
                                                             window: KioskWindow) -> None:
    nav = window.navigator
    server = SlowServer("Жол жөнделді.")
    nav.ctx.status_lookup = server
    look_up(qtbot, window, CODE)
    qtbot.waitUntil(server.asked.is_set)
    click(qtbot, nav.home_button)  # the visitor leaves; the next one comes
    server.release.set()
    settle(qtbot, window)
    start(qtbot, window, Language.EN)
    tile(qtbot, window, ScreenId.STATUS)
    shown = screen_text(window)
    assert "Жол жөнделді." not in shown and "KARASU-01-7" not in shown
    assert nav.screen_of(StatusScreen).answer is None


def test_a_second_code_is_not_overwritten_by_the_first_answer(qtbot: QtBot,
                                                              window: KioskWindow) -> None:
    """The visitor asks again before the first answer came: the first one is dropped."""
    nav = window.navigator
    server = SlowServer("Жол жөнделді.")
    nav.ctx.status_lookup = server
    look_up(qtbot, window, CODE)
    qtbot.waitUntil(server.asked.is_set)
    ticket = issue(window)
    screen = nav.screen_of(StatusScreen)
    screen.code.clear()
    type_on(qtbot, screen.keyboard, ticket.tracking_code)
    nav.ctx.status_lookup = stale_server
    primary(qtbot, window)
    server.release.set()
    settle(qtbot, window)
    shown = screen_text(window)
    assert ticket.number in shown and "Жол жөнделді." not in shown
