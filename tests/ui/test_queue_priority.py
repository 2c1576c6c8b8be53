"""Priority tickets from the department screen, and what the result screen and the ticket say
about the line: priority, people ahead ("you are next" instead of "0 people"), the wait.

Real window, real database, the printer emulator on a pty; the wait comes from the
catalogue's default service time (10 minutes) because no desk has served anyone yet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from kiosk.tickets import issue_ticket
from tests.ui.conftest import click, visible_texts
from tests.ui.test_flows import start, tile, wait_printed
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen

#: What the toggle, the result and the ticket say, per language.
WORDS = {
    Language.KK: {"toggle": "Маған кезексіз қызмет көрсетілуі тиіс", "printed": "КЕЗЕКСІЗ",
                  "next": "Сіздің алдыңызда ешкім жоқ"},
    Language.RU: {"toggle": "Мне положено обслуживание без очереди", "printed": "БЕЗ ОЧЕРЕДИ",
                  "next": "Перед Вами никого нет"},
    Language.EN: {"toggle": "I am entitled to priority service", "printed": "PRIORITY",
                  "next": "No one is ahead of you"},
}


def to_queue(qtbot: QtBot, window: KioskWindow, lang: Language = Language.EN) -> None:
    """Home → Start in ``lang`` → the Queue tile."""
    start(qtbot, window, lang)
    tile(qtbot, window, ScreenId.QUEUE)
    assert window.navigator.current is ScreenId.QUEUE


def result_text(window: KioskWindow) -> str:
    """Everything a person can read on the result screen."""
    return "\n".join(visible_texts(window.navigator.screens[ScreenId.RESULT]))


@pytest.mark.parametrize("lang", list(WORDS), ids=lambda lang: lang.value)
def test_priority_toggle_issues_a_priority_ticket(qtbot: QtBot, window: KioskWindow,
                                                  lang: Language) -> None:
    nav = window.navigator
    to_queue(qtbot, window, lang)
    queue = nav.screen_of(QueueScreen)
    toggle = queue.priority
    shown = toggle.text()
    assert WORDS[lang]["toggle"] in shown
    for group in nav.ctx.catalogue.queue.priority_groups:  # every group, in this language
        assert group.name.text(lang) in shown
    assert "☐" in shown and not toggle.isChecked()
    click(qtbot, toggle)
    assert toggle.isChecked() and "☑" in toggle.text()
    click(qtbot, queue.buttons["social"])
    assert nav.current is ScreenId.RESULT
    printed = wait_printed(qtbot, window)
    assert WORDS[lang]["printed"] in printed
    assert WORDS[lang]["next"] in printed
    row = nav.ctx.db.execute("SELECT priority FROM tickets").fetchone()
    assert row[0] == 1
    assert WORDS[lang]["next"] in result_text(window)


def test_no_group_is_recorded_only_yes_or_no(qtbot: QtBot, window: KioskWindow) -> None:
    """Which group a visitor belongs to is health data: nothing of it reaches the database."""
    nav = window.navigator
    to_queue(qtbot, window)
    queue = nav.screen_of(QueueScreen)
    click(qtbot, queue.priority)
    click(qtbot, queue.buttons["land"])
    wait_printed(qtbot, window)
    dump = "\n".join(nav.ctx.db.conn.iterdump())
    for group in nav.ctx.catalogue.queue.priority_groups:
        assert group.id not in dump
        for lang in Language:
            assert group.name.text(lang) not in dump


def test_the_choice_is_wiped_for_the_next_visitor(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    to_queue(qtbot, window)
    queue = nav.screen_of(QueueScreen)
    click(qtbot, queue.priority)
    assert queue.priority.isChecked()
    click(qtbot, nav.home_button)  # the visitor walks away without a ticket
    to_queue(qtbot, window)
    assert not queue.priority.isChecked()
    assert "☐" in queue.priority.text()
    click(qtbot, queue.buttons["social"])
    wait_printed(qtbot, window)
    assert nav.ctx.db.execute("SELECT priority FROM tickets").fetchone()[0] == 0
    assert "Priority" not in result_text(window)


def test_the_choice_is_wiped_after_a_priority_ticket(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    to_queue(qtbot, window)
    queue = nav.screen_of(QueueScreen)
    click(qtbot, queue.priority)
    click(qtbot, queue.buttons["social"])
    wait_printed(qtbot, window)
    assert "Priority ticket" in result_text(window)
    click(qtbot, nav.home_button)
    to_queue(qtbot, window)
    assert not queue.priority.isChecked()


def test_no_priority_choice_without_groups(qtbot: QtBot, window: KioskWindow,
                                           catalogue_copy: Path) -> None:
    departments = catalogue_copy / "departments.toml"
    text = departments.read_text(encoding="utf-8")
    text = re.sub(r"\[\[queue\.priority_group\]\]\n(?:[^\[\n].*\n)*", "", text)
    departments.write_text(text, encoding="utf-8")
    nav = window.navigator
    assert nav.ctx.catalogue_store.reload(catalogue_copy) is None
    assert nav.ctx.catalogue.queue.priority_groups == ()
    to_queue(qtbot, window)
    queue = nav.screen_of(QueueScreen)
    assert not queue.priority.isVisible()
    assert "priority" not in "\n".join(visible_texts(queue)).lower()
    click(qtbot, queue.buttons["social"])
    wait_printed(qtbot, window)
    assert nav.ctx.db.execute("SELECT priority FROM tickets").fetchone()[0] == 0


def test_result_says_you_are_next_then_the_wait(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    to_queue(qtbot, window)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    first = wait_printed(qtbot, window)
    shown = result_text(window)
    assert "No one is ahead of you — you are next" in shown
    assert "0 people" not in shown and "0 people" not in first
    assert "Expected wait" not in shown and "Expected wait" not in first
    assert "No one is ahead of you" in first  # wrapped on the paper, the dash printed "-"
    click(qtbot, nav.home_button)
    to_queue(qtbot, window)
    click(qtbot, nav.screen_of(QueueScreen).buttons["social"])
    second = wait_printed(qtbot, window, count=2)
    shown = result_text(window)
    assert "1 person ahead of you" in shown
    assert "Expected wait: about 10 min" in shown  # the catalogue's 10 minutes, one person
    assert "1 person ahead of you" in second
    assert "Expected wait: ~10 min" in second
    assert "you are next" not in shown


def test_result_in_kazakh(qtbot: QtBot, window: KioskWindow) -> None:
    nav = window.navigator
    for expected in ("Сіздің алдыңызда ешкім жоқ", "Сіздің алдыңызда 1 адам"):
        to_queue(qtbot, window, Language.KK)
        click(qtbot, nav.screen_of(QueueScreen).buttons["land"])
        wait_printed(qtbot, window, count=1 if "жоқ" in expected else 2)
        shown = result_text(window)
        assert expected in shown
        assert "алдыңызда 0" not in shown
        click(qtbot, nav.home_button)
    assert "шамамен 10 минут" in shown


def test_the_toggle_is_dead_while_a_ticket_is_issued(qtbot: QtBot, window: KioskWindow) -> None:
    """The screen is busy from the desk tap until the visitor comes back: the toggle too."""
    nav = window.navigator
    to_queue(qtbot, window)
    queue = nav.screen_of(QueueScreen)
    click(qtbot, queue.buttons["social"])
    assert not queue.priority.isEnabled()
    wait_printed(qtbot, window)
    click(qtbot, nav.home_button)
    to_queue(qtbot, window)
    assert queue.priority.isEnabled()


def test_large_text_result_still_fits_the_screen(qtbot: QtBot, window: KioskWindow) -> None:
    """Priority, people ahead and the wait in large Kazakh text: the screen does not grow past
    1080 px (it did while the lines stood under the number) and no line is cut."""
    from PySide6.QtWidgets import QLabel

    from ui.theme import Theme

    nav = window.navigator
    ctx = nav.ctx
    issue_ticket(ctx.db, ctx.catalogue, "social", ctx.clock(), Language.KK, priority=True)
    nav.theme = Theme(large_text=True)
    nav._apply_theme()
    to_queue(qtbot, window, Language.KK)
    queue = nav.screen_of(QueueScreen)
    click(qtbot, queue.priority)
    click(qtbot, queue.buttons["social"])
    wait_printed(qtbot, window)
    shown = result_text(window)
    assert "Кезексіз қызмет көрсету талоны" in shown and "шамамен 10 минут" in shown
    assert window.height() == 1080
    result = nav.screens[ScreenId.RESULT]
    for label in result.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
