"""Render every screen offscreen to PNG (docs/screens/): kk for all, ru/en/high contrast for some.

``.venv/bin/python -m scripts.screenshots [--out DIR] [--size 1920x1080]``
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk.config import load_config
from kiosk.i18n import Language
from kiosk.storage import open_database
from ui.app import KioskWindow
from ui.maintenance.panel import Panel
from ui.maintenance.screen import MaintenanceScreen
from ui.screens.base import ScreenId
from ui.theme import Theme

OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"
MAIN = [ScreenId.HOME, ScreenId.MENU, ScreenId.QUEUE, ScreenId.RESULT, ScreenId.APPEAL_PERSON,
        ScreenId.SERVICE]


#: Every screen a visitor sees.
VISITOR = [s for s in ScreenId if s is not ScreenId.MAINTENANCE]


def show_in_theme(window: KioskWindow, screen: ScreenId, lang: Language, theme: Theme) -> None:
    """Show ``screen`` in ``lang`` and ``theme`` (going Home resets the theme for the next
    visitor, so the theme is set once the screen is on show)."""
    from tests.ui.harness import visit

    visit(window, screen, lang)
    nav = window.navigator
    if nav.theme != theme:
        nav.theme = theme
        nav._apply_theme()
    QApplication.processEvents()


def show_with_key_focus(window: KioskWindow, screen: ScreenId, lang: Language) -> None:
    """Show ``screen`` in audio mode with the key focus visible, as a keypad user sees it
    (the voice is silenced: nothing plays while the gallery is made)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    show_in_theme(window, screen, lang, Theme())
    nav = window.navigator
    window.install_filters()
    if window.voice is not None:
        window.voice.guide.stream.command = None  # silent: no player is started
    nav.set_audio_mode(True)
    QApplication.processEvents()
    target = QApplication.focusWidget() or nav.stack.currentWidget()
    QTest.keyClick(target, Qt.Key.Key_Down)  # the first key shows the focus where it is
    QApplication.processEvents()


def _demo_records(window: KioskWindow) -> None:
    """A morning's records: tickets (one not printed), an appeal, ratings, a log, a sync."""
    import datetime as dt

    from kiosk.appeals import prepare_draft, submit_appeal
    from kiosk.applicant import Applicant
    from kiosk.ratings import submit_rating
    from kiosk.tickets import issue_ticket
    from sync.worker import SyncState, write_sync_state

    ctx = window.navigator.ctx
    db, catalogue, now = ctx.db, ctx.catalogue, ctx.clock()
    for minutes, department in enumerate(("social", "social", "land", "civil", "social")):
        issue_ticket(db, catalogue, department, now + dt.timedelta(minutes=minutes),
                     Language.KK)
    db.execute("UPDATE tickets SET printed_at = issued_at")
    from kiosk.queue.actions import perform
    from kiosk.queue.desks import add_desk, set_desk_state

    for login, department, room, name in (("social-1", "social", "103", "Айгүл Серікқызы"),
                                          ("land-1", "land", "104", "Ерлан Жұмабекұлы")):
        add_desk(db, catalogue, login, department=department, room=room, specialist=name,
                 now=now)
    perform(db, catalogue, "social-1", "call", now + dt.timedelta(minutes=8))
    set_desk_state(db, "land-1", "paused")
    last = db.execute("SELECT uuid FROM tickets ORDER BY issued_at DESC").fetchone()[0]
    db.execute("UPDATE tickets SET printed_at = NULL, print_error = 'paper_out' WHERE uuid = ?",
               [last])
    db.conn.commit()
    person = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78")
    draft = prepare_draft(catalogue, appeal_type="complaint", topic="Көше жарығы",
                          text="Абай көшесінде шам жанбайды.", applicant=person, consent=True,
                          language=Language.KK, text_max=3000)
    submit_appeal(db, catalogue, ctx.config.kiosk.id, draft, now + dt.timedelta(minutes=7))
    for score in (5, 4, 5):
        submit_rating(db, catalogue, score=score, reasons=(), comment="", department=None,
                      language=Language.KK, now=now, comment_max=500)
    state = ctx.config.paths.state_dir
    write_sync_state(state, SyncState(last_attempt=now, last_success=now - dt.timedelta(
        minutes=1), last_error="", sent=12, rejected=0, skew_seconds=2.0))
    ctx.config.log_file.write_text("".join(
        f"2026-12-01 10:{i:02d}:00,000 INFO sync.worker: sync: sent {i % 3}, rejected 0, "
        "pending 0; ok\n" for i in range(30)), encoding="utf-8")
    paper = ctx.printing.paper
    if paper is not None:
        paper.add_printed(26_400)


def maintenance_pages(window: KioskWindow, out: Path, suffix: str) -> None:
    """Every maintenance page in kk (and the printer page in ru), with a morning's data."""
    from kiosk.maintenance import set_pin

    _demo_records(window)
    ctx = window.navigator.ctx
    import datetime as dt

    ctx.maintenance.started_at = ctx.clock() - dt.timedelta(hours=3, minutes=12)
    media = ctx.config.paths.state_dir / "media"
    (media / "technician" / "KINGSTON").mkdir(parents=True, exist_ok=True)
    ctx.maintenance.usb_roots = [media]
    set_pin(ctx.config.paths.state_dir, "246802")
    window.install_filters()
    controller = window.maintenance
    if controller is None:
        raise RuntimeError("the maintenance controller did not start")
    ctx.language.set(Language.KK)
    controller.open_pad()
    for digit in "24":
        controller.pad.press(digit)
    QApplication.processEvents()
    window.grab().save(str(out / f"maintenance-pin-kk{suffix}.png"))
    controller.pad.close_pad()
    controller.check("246802")
    screen = window.navigator.screens[ScreenId.MAINTENANCE]
    if not isinstance(screen, MaintenanceScreen):
        raise TypeError("not the maintenance screen")
    for lang in (Language.KK, Language.RU):
        ctx.language.set(lang)
        for index, panel in enumerate(screen.panels):
            if lang is Language.RU and index:
                break
            screen.show_panel(index)
            if index == 0 and panel.preview_buttons:  # type: ignore[attr-defined]
                panel.preview_buttons[next(iter(panel.preview_buttons))].click()  # type: ignore[attr-defined]
            deadline = time.monotonic() + 10
            while panel.tasks and time.monotonic() < deadline:
                panel.wait_idle(100)
                QApplication.processEvents()
            QApplication.processEvents()
            name = type(panel).__name__.removesuffix("Panel").lower()
            path = out / f"maintenance-{name}-{lang.value}{suffix}.png"
            window.grab().save(str(path))
            print(path.relative_to(out.parent.parent))
    printer_setup(window, screen, out, suffix)
    screen.leave("button")


def _wait(panel: Panel) -> None:
    """Until the page's background work has reported back."""
    deadline = time.monotonic() + 20
    while panel.tasks and time.monotonic() < deadline:
        panel.wait_idle(100)
        QApplication.processEvents()
    QApplication.processEvents()


def printer_setup(window: KioskWindow, screen: MaintenanceScreen, out: Path,
                  suffix: str) -> None:
    """The printer setup steps in kk, the numbers and the check in high contrast too."""
    from printers.setup import candidates

    def shoot(step: int, contrast: bool = False) -> None:
        window.navigator.theme = Theme(high_contrast=contrast)
        window.navigator._apply_theme()
        QApplication.processEvents()
        name = f"maintenance-printer-setup{step}-kk{'-contrast' if contrast else ''}{suffix}"
        window.grab().save(str(out / f"{name}.png"))
        print((out / f"{name}.png").relative_to(out.parent.parent))

    window.navigator.ctx.language.set(Language.KK)
    screen.show_panel(0)
    setup = screen.printer_setup
    screen.show_page(setup)
    shoot(1)
    setup.print_button.click()
    _wait(setup)
    for candidate in candidates():  # what the weakest printer prints right
        if (candidate.kind, candidate.slot) in (("cyrillic_page", 17), ("raster", 0),
                                                ("raster_qr", 0)):
            setup.toggles[candidate.number].click()
    shoot(2)
    shoot(2, contrast=True)
    setup.save_button.click()
    _wait(setup)
    shoot(3)
    shoot(3, contrast=True)
    setup.yes_button.click()
    shoot(4)
    window.navigator.theme = Theme()
    window.navigator._apply_theme()


#: Screens whose words the wording review (#14) changed, also pictured in large text.
WORDING = [ScreenId.HOME, ScreenId.CLOSED, ScreenId.APPEAL_TYPE, ScreenId.BOOKING_SLOT,
           ScreenId.RESULT, ScreenId.STATUS]


def show_status_answer(window: KioskWindow, theme: Theme) -> None:
    """The status screen answering for an appeal the akimat left without consideration."""
    from ui.screens.status import StatusScreen, server_answer

    show_in_theme(window, ScreenId.STATUS, Language.KK, theme)
    screen = window.navigator.screen_of(StatusScreen)
    screen.code.edit.setText("P3RT7-MXQ9D")
    screen.answer = server_answer("P3RT7MXQ9D", {
        "kind": "appeal", "status": "rejected", "number": "KARASU-01-2026-00042",
        "deadline": "2026-12-22", "reply": "Өтініште мекенжай көрсетілмеген."})
    screen.retranslate()
    screen.keyboard.hide()
    QApplication.processEvents()


def main() -> None:
    """Render the gallery."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    from tests.ui.harness import kiosk_window, visit

    app = QApplication.instance() or QApplication([])
    state = Path(tempfile.mkdtemp(prefix="screens-"))
    os.environ["KIOSK_STATE_DIR"] = str(state)
    with kiosk_window(load_config(None, environ={"KIOSK_STATE_DIR": str(state)}),
                      open_database(state / "kiosk.sqlite3"), width, height) as window:
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = "" if (width, height) == (1920, 1080) else f"-{width}x{height}"
        for lang in Language:
            for screen in (s for s in ScreenId if s is not ScreenId.MAINTENANCE) \
                    if lang is Language.KK else MAIN:
                visit(window, screen, lang)
                path = args.out / f"{screen.value}-{lang.value}{suffix}.png"
                window.grab().save(str(path))
                print(path.relative_to(args.out.parent.parent))
        maintenance_pages(window, args.out, suffix)
        for screen in VISITOR:  # every screen a visitor sees, in high contrast
            show_in_theme(window, screen, Language.KK, Theme(high_contrast=True))
            window.grab().save(str(args.out / f"{screen.value}-kk-contrast{suffix}.png"))
        for screen in WORDING:  # the corrected words in large text
            show_in_theme(window, screen, Language.KK, Theme(large_text=True))
            window.grab().save(str(args.out / f"{screen.value}-kk-large{suffix}.png"))
        for theme, name in ((Theme(), "status_answer-kk"),
                            (Theme(large_text=True), "status_answer-kk-large")):
            show_status_answer(window, theme)
            window.grab().save(str(args.out / f"{name}{suffix}.png"))
        for screen in VISITOR:  # and in audio mode, with the key focus on its first control
            show_with_key_focus(window, screen, Language.KK)
            window.grab().save(str(args.out / f"{screen.value}-kk-keys{suffix}.png"))
    del app
    for path in args.out.glob("*.png"):  # 256 colours are plenty for flat UI pictures
        from PIL import Image

        with Image.open(path) as image:
            small = image.convert("RGB").quantize(256)
        small.save(path, optimize=True)


if __name__ == "__main__":
    main()
