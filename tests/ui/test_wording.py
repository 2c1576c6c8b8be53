"""Words on the screens that the wording review (#14) corrected, as a visitor sees them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from printers.receipts import service_checklist
from tests.ui.conftest import click, visible_texts
from tests.ui.harness import visit
from tests.ui.test_flows import start, tile, wait_printed
from ui.app import KioskWindow
from ui.screens.appeal import AppealTypeScreen
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen
from ui.screens.services import ServiceScreen
from ui.widgets import ChoiceButton


def test_an_appeal_type_is_named_on_a_line_of_its_own(qtbot: QtBot,
                                                      window: KioskWindow) -> None:
    """Not "Шағым — Құқығыңызды…": a capital letter mid-line, and the name lost in it."""
    visit(window, ScreenId.APPEAL_TYPE, Language.KK)
    screen = window.navigator.screen_of(AppealTypeScreen)
    for type_id, button in screen.buttons.items():
        name = window.navigator.ctx.catalogue.appeal_types[type_id].name.kk
        first, _, rest = button.text().partition("\n")
        assert first == name and rest and " — " not in button.text()
        assert button.label.text().startswith(f"<b>{name}</b><br>")  # the name stands out


def test_a_heading_shows_markup_as_typed(qtbot: QtBot) -> None:
    """Catalogue words are text, never markup: "<i>" is shown, not obeyed."""
    button = ChoiceButton()
    qtbot.addWidget(button)
    button.set_heading("A <i>b</i>", "c & d\ne")
    assert button.label.text() == "<b>A &lt;i&gt;b&lt;/i&gt;</b><br>c &amp; d<br>e"
    assert button.text() == "A <i>b</i>\nc & d\ne"
    button.setText("<b>x</b>")
    assert button.label.textFormat() is Qt.TextFormat.PlainText
    assert button.text() == "<b>x</b>"


def test_the_result_button_says_an_action_and_the_status_a_state(qtbot: QtBot,
                                                                 window: KioskWindow) -> None:
    """Kazakh "Дайын" is "ready", a state: the button finishes ("Аяқтау")."""
    start(qtbot, window, Language.KK)
    tile(qtbot, window, ScreenId.QUEUE)
    click(qtbot, window.navigator.screen_of(QueueScreen).buttons["social"])
    wait_printed(qtbot, window)
    result = window.navigator.screen_of(ResultScreen)
    qtbot.waitUntil(result.done_button.isEnabled, timeout=10_000)
    assert result.done_button.text() == "Аяқтау"
    assert result.status.text() == "Талоныңызды алыңыз"


def test_the_screen_and_the_checklist_say_where_to_apply_alike(qtbot: QtBot,
                                                               window: KioskWindow) -> None:
    nav = window.navigator
    visit(window, ScreenId.HOME, Language.KK)
    nav.show_screen(ScreenId.SERVICE, "burial-payment")
    QApplication.processEvents()
    shown = "\n".join(visible_texts(nav.screen_of(ServiceScreen)))
    service = nav.ctx.catalogue.services["burial-payment"]
    paper = service_checklist(service, nav.ctx.receipt_context())
    printed = next(block.text for block in paper.blocks  # type: ignore[union-attr]
                   if getattr(block, "text", "").startswith("Қайда жүгінуге болады"))
    assert printed.split(":", 1)[1].strip() in shown
    assert "халыққа қызмет көрсету орталығында (ХҚКО)" in printed
