"""One tap, one record; and a result screen the visitor left never acts again.

Found when the kiosk was tried as a new user would: a second tap on a department (quick, or
impatient while the first ticket prints) issued a second ticket; Back from the result led
into the flow again (one more tap, one more ticket or appeal); and leaving the result screen
while "Printing…" left its countdown (or the print-finished callback) running, which later
threw the *next* visitor home and wiped what they were typing.

The printer is the real emulator behind a gate: a job waits on an Event before it opens the
line, so "while printing" lasts exactly as long as a test wants.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from printers.printer import Printer
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.test_flows import primary, start, tile
from ui.app import KioskWindow
from ui.printing import PrintJob
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen, AppealTypeScreen
from ui.screens.base import ScreenId
from ui.screens.person import AppealPersonScreen
from ui.screens.queue import QueueScreen
from ui.screens.rating import RatingScreen
from ui.screens.result import ResultScreen
from ui.screens.status import StatusScreen

#: How long a test lets a stale countdown (shortened to one tick of TICK_MS) have its chance.
TICK_MS = 10
STALE_WINDOW_MS = 600


class PrinterGate:
    """Wraps the kiosk's printer opener: every job waits for :meth:`open` first."""

    def __init__(self, opener: Callable[[], AbstractContextManager[Printer]]) -> None:
        self.inner = opener
        self.released = threading.Event()
        self.waiting = threading.Event()

    @contextmanager
    def __call__(self) -> Iterator[Printer]:
        self.waiting.set()
        if not self.released.wait(60):
            raise OSError("the test never opened the printer gate")
        with self.inner() as printer:
            yield printer

    def open(self) -> None:
        """Let the waiting (and every later) job print."""
        self.released.set()


def drain_printing() -> None:
    """Block until every print job submitted so far is done (its record marked)."""
    PrintJob._executor.submit(lambda: None).result(timeout=60)


@pytest.fixture
def gate(window: KioskWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrinterGate]:
    """The window's printer, held shut until the test opens it (opened at teardown)."""
    service = window.navigator.ctx.printing
    held = PrinterGate(service._open)
    monkeypatch.setattr(service, "_open", held)
    yield held
    held.open()
    drain_printing()


@pytest.fixture
def short_countdown(window: KioskWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The result screen goes home after one tick of TICK_MS instead of 45 seconds."""
    import ui.screens.result

    monkeypatch.setattr(ui.screens.result, "AUTO_HOME_SECONDS", 1)
    window.navigator.screen_of(ResultScreen)._timer.setInterval(TICK_MS)


def count(window: KioskWindow, table: str) -> int:
    """Rows in ``table``."""
    return int(window.navigator.ctx.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def to_queue(qtbot: QtBot, window: KioskWindow) -> None:
    """Home → Start (kk) → the queue tile."""
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.QUEUE)
    assert window.navigator.current is ScreenId.QUEUE


def wait_marked(qtbot: QtBot, window: KioskWindow) -> None:
    """Wait until the print service has marked the newest ticket printed (or failed)."""
    drain_printing()
    row = window.navigator.ctx.db.execute(
        "SELECT printed_at, print_error FROM tickets ORDER BY id DESC").fetchone()
    assert row[0] or row[1], "the print service marks the record even when nobody watches"


@pytest.mark.parametrize("pause_ms", [0, 150], ids=["double-tap", "second-tap-while-printing"])
def test_a_second_tap_on_a_department_issues_no_second_ticket(
        qtbot: QtBot, window: KioskWindow, gate: PrinterGate, pause_ms: int) -> None:
    nav = window.navigator
    to_queue(qtbot, window)
    queue = nav.screen_of(QueueScreen)
    button = queue.buttons["social"]
    click(qtbot, button)
    if pause_ms:
        qtbot.waitUntil(gate.waiting.is_set)  # the ticket is printing (slowly)
        qtbot.wait(pause_ms)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the finger lands on it again
    assert count(window, "tickets") == 1
    assert nav.current is ScreenId.RESULT
    assert not button.isEnabled(), "the department stays busy while its ticket is handled"

    # Once this ticket is done, the next visitor can take one with the same button.
    gate.open()
    result = nav.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=15_000)
    click(qtbot, result.done_button)
    to_queue(qtbot, window)
    assert button.isEnabled() and not button.isDown()
    click(qtbot, button)
    assert count(window, "tickets") == 2
    numbers = [r[0] for r in nav.ctx.db.execute("SELECT number FROM tickets ORDER BY id")]
    assert numbers[0].endswith("-001") and numbers[1].endswith("-002")


def test_back_on_a_ticket_result_never_leads_to_a_second_ticket(
        qtbot: QtBot, window: KioskWindow, gate: PrinterGate) -> None:
    nav = window.navigator
    to_queue(qtbot, window)
    button = nav.screen_of(QueueScreen).buttons["social"]
    click(qtbot, button)
    qtbot.waitUntil(gate.waiting.is_set)  # "Printing…"
    assert not nav.back_button.isVisible(), "no Back into the queue once the ticket is issued"
    nav.back()  # however Back is asked for, it ends the flow
    assert nav.current is ScreenId.HOME
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the finger where the desk was
    assert count(window, "tickets") == 1


def _appeal_up_to_review(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.APPEAL_TYPE)
    click(qtbot, nav.screen_of(AppealTypeScreen).buttons["complaint"])
    text = nav.screen_of(AppealTextScreen)
    type_on(qtbot, text.keyboard, "Жол")
    qtbot.mouseClick(text.text, Qt.MouseButton.LeftButton)
    type_on(qtbot, text.keyboard, "Көпір құлады")
    primary(qtbot, window)
    person = nav.screen_of(AppealPersonScreen)
    type_on(qtbot, person.keyboard, "Әлия Нұрланқызы")
    for value in ("900101400003", "87012345678"):
        click(qtbot, person.keyboard.keys["↵"])
        type_on(qtbot, person.keyboard, value)
    primary(qtbot, window)
    primary(qtbot, window)  # no address
    assert nav.current is ScreenId.APPEAL_REVIEW
    click(qtbot, nav.screen_of(AppealReviewScreen).consent)


def test_an_appeal_is_sent_once_however_often_send_and_back_are_tapped(
        qtbot: QtBot, window: KioskWindow, gate: PrinterGate) -> None:
    nav = window.navigator
    _appeal_up_to_review(qtbot, window)
    primary(qtbot, window)
    qtbot.mouseClick(nav.primary_button, Qt.MouseButton.LeftButton)  # a double tap on Send
    assert nav.current is ScreenId.RESULT
    assert count(window, "appeals") == 1
    qtbot.waitUntil(gate.waiting.is_set)  # "Printing…"
    assert not nav.back_button.isVisible(), "no Back into the review once the appeal is sent"
    nav.back()
    assert nav.current is ScreenId.HOME
    assert not nav.ctx.form, "leaving the result finishes the flow (privacy wipe)"
    assert count(window, "appeals") == 1


def test_back_after_a_rating_does_not_rate_again(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.RATING)
    click(qtbot, nav.screen_of(RatingScreen).faces[4])
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT
    assert not nav.back_button.isVisible()
    nav.back()
    assert nav.current is ScreenId.HOME
    assert nav.screen_of(RatingScreen).score == 0
    assert count(window, "ratings") == 1


def test_home_while_printing_leaves_no_countdown_for_the_next_visitor(
        qtbot: QtBot, window: KioskWindow, gate: PrinterGate, short_countdown: None) -> None:
    nav = window.navigator
    to_queue(qtbot, window)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    qtbot.waitUntil(gate.waiting.is_set)  # "Printing…"
    click(qtbot, nav.home_button)  # the visitor walks away (or gives up waiting)

    # The next visitor writes an appeal; meanwhile the first ticket finishes printing.
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.APPEAL_TYPE)
    click(qtbot, nav.screen_of(AppealTypeScreen).buttons["complaint"])
    text = nav.screen_of(AppealTextScreen)
    type_on(qtbot, text.keyboard, "Жол")
    gate.open()
    wait_marked(qtbot, window)
    qtbot.wait(STALE_WINDOW_MS)  # a leftover print callback and countdown would fire now
    assert nav.current is ScreenId.APPEAL_TEXT
    assert text.topic.text == "Жол"
    type_on(qtbot, text.keyboard, "дар")
    assert text.topic.text == "Жолдар"
    assert not nav.screen_of(ResultScreen)._timer.isActive()


def test_a_print_finished_after_a_scan_sends_nobody_home(
        qtbot: QtBot, window: KioskWindow, gate: PrinterGate, short_countdown: None) -> None:
    """Leaving the result by another way than Home (a receipt scanned on it) stops it too."""
    nav = window.navigator
    to_queue(qtbot, window)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    qtbot.waitUntil(gate.waiting.is_set)  # "Printing…"
    code = nav.ctx.db.execute("SELECT tracking_code FROM tickets").fetchone()[0]
    qtbot.keyClicks(window, f"HTTP://127.0.0.1:8470/T/{code}")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert nav.current is ScreenId.STATUS
    status = nav.screen_of(StatusScreen)
    gate.open()
    wait_marked(qtbot, window)
    qtbot.wait(STALE_WINDOW_MS)
    assert nav.current is ScreenId.STATUS
    assert status.code.text.endswith(code)
    number = nav.ctx.db.execute("SELECT number FROM tickets").fetchone()[0]
    assert number in "\n".join(visible_texts(status))
    click(qtbot, nav.back_button)  # Back from here never returns to the finished result
    assert nav.current is ScreenId.HOME


def test_leaving_after_the_print_stops_the_running_countdown(
        qtbot: QtBot, window: KioskWindow, short_countdown: None) -> None:
    """The ticket printed and the countdown runs; the visitor leaves (a scan takes them to the
    status screen) and types a code: the result's countdown must not throw them home."""
    nav = window.navigator
    to_queue(qtbot, window)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    result = nav.screen_of(ResultScreen)
    result._timer.setInterval(60_000)  # counting, not yet due
    qtbot.waitUntil(lambda: not result.printing, timeout=15_000)
    assert result._timer.isActive()
    nav.show_screen(ScreenId.STATUS)  # e.g. a scan: any way out of the result
    status = nav.screen_of(StatusScreen)
    type_on(qtbot, status.keyboard, "KX7MQ")
    result._timer.setInterval(TICK_MS)  # a running one is now due
    qtbot.wait(STALE_WINDOW_MS)
    assert nav.current is ScreenId.STATUS
    assert status.code.text == "KX7MQ"
