"""Build the real kiosk window for tests and screenshots: emulator printer, fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from weakref import WeakKeyDictionary

from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from kiosk.catalogue import CatalogueStore
from kiosk.config import Config
from kiosk.i18n import Language
from printers.emulator.device import PrinterEmulator
from printers.printer import Printer
from printers.profiles import load_profile
from printers.transport import SerialLine
from tests.conftest import OPEN_MORNING, at
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.result import Outcome
from ui.theme import Theme, apply_theme
from ui.window import build_context

#: The emulated printer behind each window built by :func:`kiosk_window`.
_EMULATORS: WeakKeyDictionary[KioskWindow, PrinterEmulator] = WeakKeyDictionary()


def emulator_of(window: KioskWindow) -> PrinterEmulator:
    """The emulated printer behind ``window`` (one built by :func:`kiosk_window`)."""
    return _EMULATORS[window]


#: A Saturday: the akimat is closed all day (the closed screen's pictures are taken then).
SATURDAY_MORNING = at(2026, 12, 5, 10, 0)


class FixedClock:
    """A clock that stays where a test puts it."""

    def __init__(self, now: dt.datetime = OPEN_MORNING) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def unplug(window: KioskWindow) -> str:
    """Pull the printer's cable: the emulator's pty closes and the port's device node is gone
    for good (as /dev/ttyUSB0 vanishes when a USB printer is unplugged). Returns the port.

    The kiosk is pointed at a path that never exists: the freed /dev/pts number can be taken
    by another process's pty at once, and opening it would then succeed.
    """
    emulator = emulator_of(window)
    emulator.disconnect()
    emulator.port = str(emulator.out_dir / "unplugged-ttyUSB0")
    return emulator.port


@contextmanager
def kiosk_window(config: Config, db: Database, width: int = 1920, height: int = 1080,
                 emulator_dir: Path | None = None,
                 clock: FixedClock | None = None) -> Iterator[KioskWindow]:
    """The kiosk window wired to an emulated printer on a pty, at a fixed time."""
    profile = load_profile(config.printer.profile)
    out = emulator_dir or config.paths.receipts / "emulator"
    with PrinterEmulator(profile, out) as emulator:

        @contextmanager
        def opener() -> Iterator[Printer]:
            with SerialLine(emulator.port, profile) as line:
                yield Printer(line, profile, status_timeout=0.3)

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, Theme())
        ctx = build_context(config, db, CatalogueStore(config.paths.active_catalogue), opener)
        ctx.clock = clock or FixedClock()
        ctx.portrait = height > width
        window = KioskWindow(ctx, production=False)
        _EMULATORS[window] = emulator
        window.resize(width, height)
        window.show()
        try:
            yield window
        finally:
            window.shut_down()


def visit(window: KioskWindow, screen: ScreenId, lang: Language) -> None:
    """Show ``screen`` in ``lang`` with typical content (for screenshots)."""
    nav = window.navigator
    ctx = nav.ctx
    ctx.language.set(lang)
    if isinstance(ctx.clock, FixedClock):  # the closed screen is seen when the office is closed
        if screen is ScreenId.CLOSED and ctx.clock.now == OPEN_MORNING:
            ctx.clock.now = SATURDAY_MORNING
        elif screen is not ScreenId.CLOSED and ctx.clock.now == SATURDAY_MORNING:
            ctx.clock.now = OPEN_MORNING
    payload: object = None
    if screen is ScreenId.SERVICE:
        payload = "targeted-social-assistance"
    elif screen is ScreenId.RESULT:
        payload = Outcome("Ә-017", lambda lang_state: [
            lang_state.text(ctx.catalogue.department("social").name),
            lang_state.t("Room {room}").format(room="103")],
            qr_data="HTTP://127.0.0.1:8470/T/KX7MQ4RT9C", code="KX7MQ-4RT9C")
    elif screen is ScreenId.APPEAL_REVIEW:
        ctx.form.update(appeal_type="application", topic="Көше жарығы",
                        text="Абай көшесінде үш айдан бері шам жанбайды.",
                        full_name="Әлия Нұрланқызы", iin="900101400003", phone="+77012345678")
    nav.show_screen(screen, payload)
    if ctx.language.lang is not lang:  # Home starts the next visitor in Kazakh: tap the button
        ctx.language.set(lang)
    QApplication.processEvents()
