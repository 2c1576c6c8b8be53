"""Every citizen flow, by a finger on the real buttons, to the printed receipt, in kk/ru/en."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.ui.conftest import click, type_on, visible_texts
from tests.ui.harness import emulator_of
from ui.app import KioskWindow
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen, AppealTypeScreen
from ui.screens.base import ScreenId
from ui.screens.booking import BookingSlotScreen
from ui.screens.home import HomeScreen, MenuScreen
from ui.screens.person import AppealPersonScreen, BookingPersonScreen
from ui.screens.queue import QueueScreen
from ui.screens.rating import RatingScreen
from ui.screens.result import ResultScreen
from ui.screens.services import ServicesScreen
from ui.screens.status import StatusScreen

START = {Language.KK: 0, Language.RU: 1, Language.EN: 2}
LANGS = [Language.KK, Language.RU, Language.EN]


def start(qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    """Touch "Start" in ``lang`` on the home screen."""
    home = window.navigator.screen_of(HomeScreen)
    click(qtbot, home.start_buttons[lang])
    assert window.navigator.current is ScreenId.MENU
    assert window.navigator.ctx.language.lang is lang


def tile(qtbot: QtBot, window: KioskWindow, target: ScreenId) -> None:
    """Touch a main-menu tile."""
    click(qtbot, window.navigator.screen_of(MenuScreen).tiles[target])


def primary(qtbot: QtBot, window: KioskWindow) -> None:
    """Touch the big action button in the footer."""
    click(qtbot, window.navigator.primary_button)


def wait_printed(qtbot: QtBot, window: KioskWindow, count: int = 1) -> str:
    """Wait for the print job; return the last receipt's text from the emulator."""
    result = window.navigator.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=15_000)
    assert result.result is not None and result.result.printed, result.result
    receipts = emulator_of(window).wait_for_receipts(count, timeout=5)
    assert len(receipts) == count
    return str(receipts[-1].text)


#: What the status screen says for a status staff set on the regional server (the same
#: words as the public QR page: both read kiosk.kinds).
SERVER_STATUS_WORDS = {
    ("booking", "done"): {Language.KK: "Қабылдау өтті", Language.RU: "Приём состоялся",
                          Language.EN: "The reception took place"},
    ("appeal", "forwarded"): {Language.KK: "Басқа органға жіберілді",
                              Language.RU: "Направлено в другой орган",
                              Language.EN: "Forwarded to another body"},
    ("appeal", "rejected"): {Language.KK: "Қараусыз қалдырылды",
                             Language.RU: "Оставлено без рассмотрения",
                             Language.EN: "Left without consideration"},
}


def status_from_server(qtbot: QtBot, window: KioskWindow, lang: Language, table: str,
                       kind: str, status: str) -> None:
    """Look the newest record of ``table`` up on the status screen while the regional server
    says it is ``status``; the screen must show the registry's word, never the raw code."""
    nav = window.navigator
    code = nav.ctx.db.execute(f"SELECT tracking_code FROM {table} ORDER BY id DESC").fetchone()[0]
    nav.ctx.status_lookup = lambda asked: {"code": asked, "kind": kind, "status": status,
                                           "updated_at": "2026-12-01T05:30:00+00:00"}
    click(qtbot, nav.home_button)
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.STATUS)
    screen = nav.screen_of(StatusScreen)
    type_on(qtbot, screen.keyboard, code)
    primary(qtbot, window)
    word = SERVER_STATUS_WORDS[kind, status][lang]
    qtbot.waitUntil(lambda: f": {word}" in "\n".join(visible_texts(screen)), timeout=5_000)
    assert f": {status}" not in "\n".join(visible_texts(screen))


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_queue_ticket(qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.QUEUE)
    queue = window.navigator.screen_of(QueueScreen)
    click(qtbot, queue.buttons["social"])
    assert window.navigator.current is ScreenId.RESULT
    text = wait_printed(qtbot, window)
    number = f"{window.navigator.ctx.catalogue.department('social').prefix}-001"
    assert number in text
    row = window.navigator.ctx.db.execute("SELECT number, printed_at, language FROM tickets"
                                          ).fetchone()
    assert row[0] == number and row[1] and row[2] == lang.value
    assert number in visible_texts(window.navigator.screens[ScreenId.RESULT])


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_appeal(qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.APPEAL_TYPE)
    click(qtbot, nav.screen_of(AppealTypeScreen).buttons["complaint"])
    text_screen = nav.screen_of(AppealTextScreen)
    type_on(qtbot, text_screen.keyboard, "Жол")
    qtbot.mouseClick(text_screen.text, Qt.MouseButton.LeftButton)
    type_on(qtbot, text_screen.keyboard, "Көпір құлады")
    primary(qtbot, window)
    assert nav.current is ScreenId.APPEAL_PERSON, visible_texts(text_screen)
    person = nav.screen_of(AppealPersonScreen)
    type_on(qtbot, person.keyboard, "Әлия Нұрланқызы")
    click(qtbot, person.keyboard.keys["↵"])
    type_on(qtbot, person.keyboard, "900101400003")
    click(qtbot, person.keyboard.keys["↵"])
    type_on(qtbot, person.keyboard, "87012345678")
    primary(qtbot, window)
    assert person.current == "address", visible_texts(person)
    primary(qtbot, window)  # the address may be left out
    assert nav.current is ScreenId.APPEAL_REVIEW, visible_texts(person)
    review = nav.screen_of(AppealReviewScreen)
    shown = "\n".join(visible_texts(review))
    assert "9001******03" in shown and "900101400003" not in shown
    assert not nav.primary_button.isEnabled(), "no submit without consent"
    click(qtbot, review.consent)
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT
    text = wait_printed(qtbot, window)
    row = nav.ctx.db.execute("SELECT registration_number, full_name, iin, appeal_type, topic, "
                             "text FROM appeals").fetchone()
    assert row[1:] == ("Әлия Нұрланқызы", "900101400003", "complaint", "Жол", "Көпір құлады")
    assert row[0] in text and "9001******03" in text
    for status in ("forwarded", "rejected"):
        status_from_server(qtbot, window, lang, "appeals", "appeal", status)


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_reception_booking(qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.BOOKING_SLOT)
    slots = nav.screen_of(BookingSlotScreen)
    times = [slots.times.itemAt(i).widget() for i in range(slots.times.count())]  # type: ignore[union-attr]
    click(qtbot, times[0])  # type: ignore[arg-type]  # a QWidget, a QPushButton in fact
    person = nav.screen_of(BookingPersonScreen)
    type_on(qtbot, person.keyboard, "Серік Әбенов")
    for value in ("900101300007", "87771234567"):
        click(qtbot, person.keyboard.keys["↵"])
        type_on(qtbot, person.keyboard, value)
    click(qtbot, person.keyboard.keys["↵"])
    type_on(qtbot, person.keyboard, "Жер")
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT, visible_texts(person)
    text = wait_printed(qtbot, window)
    assert "9001******07" in text
    assert nav.ctx.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    status_from_server(qtbot, window, lang, "bookings", "booking", "done")


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_services_guide_prints_the_checklist(qtbot: QtBot, window: KioskWindow,
                                             lang: Language) -> None:
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.SERVICES)
    services = nav.screen_of(ServicesScreen)
    qtbot.mouseClick(services.search.edit, Qt.MouseButton.LeftButton)
    type_on(qtbot, services.keyboard, "аныктама")
    hits = [services.list.itemAt(i).widget() for i in range(services.list.count())]  # type: ignore[union-attr]
    assert hits, "a Kazakh word typed without Kazakh letters must be found"
    click(qtbot, hits[0])  # type: ignore[arg-type]  # a QWidget, a QPushButton in fact
    assert nav.current is ScreenId.SERVICE
    primary(qtbot, window)
    text = wait_printed(qtbot, window)
    assert text.strip()


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_rating(qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.RATING)
    rating = nav.screen_of(RatingScreen)
    assert not nav.primary_button.isEnabled()
    click(qtbot, rating.faces[4])
    qtbot.wait(10)
    chip = next(c for c in rating.chip_buttons.values() if c.isVisible())
    click(qtbot, chip)
    primary(qtbot, window)
    assert nav.current is ScreenId.RESULT
    row = nav.ctx.db.execute("SELECT score, reasons FROM ratings").fetchone()
    assert row[0] == 5 and row[1] != "[]"


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_status_by_typed_code(qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, nav.screen_of(QueueScreen).buttons["land"])
    wait_printed(qtbot, window)
    code = nav.ctx.db.execute("SELECT tracking_code FROM tickets").fetchone()[0]
    click(qtbot, nav.home_button)
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.STATUS)
    status = nav.screen_of(StatusScreen)
    type_on(qtbot, status.keyboard, code)
    assert status.code.text == code
    primary(qtbot, window)
    shown = "\n".join(visible_texts(status))
    number = nav.ctx.db.execute("SELECT number FROM tickets").fetchone()[0]
    assert number in shown


def test_barcode_scan_anywhere_opens_the_status(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, nav.screen_of(QueueScreen).buttons["land"])
    wait_printed(qtbot, window)
    code = nav.ctx.db.execute("SELECT tracking_code FROM tickets").fetchone()[0]
    click(qtbot, nav.home_button)
    qtbot.keyClicks(window, f"HTTP://127.0.0.1:8470/T/{code}")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert nav.current is ScreenId.STATUS
    number = nav.ctx.db.execute("SELECT number FROM tickets").fetchone()[0]
    assert number in "\n".join(visible_texts(nav.screens[ScreenId.STATUS]))


def test_about(qtbot: QtBot, window: KioskWindow) -> None:
    start(qtbot, window, Language.RU)
    tile(qtbot, window, ScreenId.ABOUT)
    shown = "\n".join(visible_texts(window.navigator.screens[ScreenId.ABOUT]))
    assert "1414" in shown and "Карасу" in shown
