"""Open the configured printer: a serial, USB (usblp) or TCP URL, or an embedded emulator."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from kiosk.config import PrinterSection
from printers.emulator.device import PrinterEmulator
from printers.printer import Printer
from printers.profiles import PrinterProfile, ProfileError, load_profile
from printers.transport import open_line

logger = logging.getLogger(__name__)

EMULATOR_URL = "emulator"


@contextmanager
def open_printer(settings: PrinterSection, emulator_dir: Path) -> Iterator[Printer]:
    """Yield a :class:`Printer` for the config; ``url = "emulator"`` starts one in-process.

    :raises printers.profiles.ProfileError: for an unknown profile.
    :raises printers.transport.PrinterConnectionError: when the port cannot be opened.
    """
    profile = profile_for(settings)
    emulator: PrinterEmulator | nullcontext[None]
    if settings.url == EMULATOR_URL:
        emulator = PrinterEmulator(profile, emulator_dir)
        url = emulator.start()
        logger.info("printing to the embedded emulator; receipts in %s", emulator_dir)
    else:
        emulator = nullcontext()
        url = settings.url
    try:
        with open_line(url, profile, baudrate=settings.baudrate) as line:
            yield Printer(line, profile)
    finally:
        if isinstance(emulator, PrinterEmulator):
            emulator.wait_for_receipts(len(emulator.receipts), timeout=0.5)
            emulator.stop()


def profile_for(settings: PrinterSection) -> PrinterProfile:
    """The configured printer's profile; its fallback when the profile cannot be loaded.

    :raises printers.profiles.ProfileError: when neither can be loaded.
    """
    try:
        return load_profile(settings.profile)
    except ProfileError as exc:
        if not settings.profile_fallback:
            raise
        logger.error("printer profile %s cannot be used (%s); printing with %s instead — "
                     "run the printer setup again", settings.profile, exc,
                     settings.profile_fallback)
        return load_profile(settings.profile_fallback)
