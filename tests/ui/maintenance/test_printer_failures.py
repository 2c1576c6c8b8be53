"""The maintenance printer page says why the printer cannot be reached, in the same words as
the citizen's screen and ``kiosk printer status``."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from printers.profiles import load_profile
from printers.transport import PrinterConnectionError, SerialLine
from tests.ui.conftest import click
from tests.ui.harness import unplug
from tests.ui.maintenance.support import enter, showing, wait_done
from ui.app import KioskWindow
from ui.maintenance.printer_panel import PrinterPanel


def test_the_printer_page_shows_the_connection_failure(qtbot: QtBot,
                                                       mwindow: KioskWindow) -> None:
    from printers.transport import describe_failure

    port = unplug(mwindow)  # opening the port fails before any byte is sent
    with pytest.raises(PrinterConnectionError) as caught:
        SerialLine(port, load_profile(mwindow.navigator.ctx.config.printer.profile))
    screen = enter(qtbot, mwindow)
    panel = showing(screen, PrinterPanel)
    wait_done(qtbot, panel)
    words = mwindow.navigator.ctx.language.t(describe_failure(caught.value))
    assert words in panel.facts.values()["Status"]
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    assert words in panel.message.text()
