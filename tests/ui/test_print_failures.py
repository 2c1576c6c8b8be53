"""A printer whose port cannot be opened: the result screen leaves "Printing…", says why in
the connection error's own words, and the record is flagged for staff to reprint."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from printers.profiles import load_profile
from printers.transport import PrinterConnectionError, SerialLine
from tests.ui.conftest import click, visible_texts
from tests.ui.harness import unplug
from tests.ui.test_flows import start, tile
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen


@pytest.mark.parametrize("lang", [Language.KK, Language.EN], ids=lambda lang: lang.value)
def test_a_port_that_cannot_be_opened_is_shown_in_plain_words(
        qtbot: QtBot, window: KioskWindow, lang: Language) -> None:
    port = unplug(window)  # opening the port fails before any byte is sent
    nav = window.navigator
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    result = nav.screen_of(ResultScreen)
    qtbot.waitUntil(lambda: not result.printing, timeout=15_000)

    from printers.transport import describe_failure

    with pytest.raises(PrinterConnectionError) as caught:
        SerialLine(port, load_profile(nav.ctx.config.printer.profile))
    words = nav.ctx.language.t(describe_failure(caught.value))
    assert words in result.status.text()
    assert result.status.property("fault")
    number, printed_at, error = nav.ctx.db.execute(
        "SELECT number, printed_at, print_error FROM tickets").fetchone()
    assert number in "\n".join(visible_texts(result))
    assert printed_at is None and error.startswith("not_responding")
