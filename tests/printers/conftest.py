"""Fixtures for printer tests: every shipped profile, receipt context with fixed inputs."""

from __future__ import annotations

import pytest

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from printers.profiles import PrinterProfile, available_profiles, load_profile
from printers.receipts import ReceiptContext

PROFILES = available_profiles()
#: One profile for each way of printing Kazakh (raster, bit image, ESC &, KZ-1048): the
#: slow tests through a pty run on these; byte-level tests run on every profile.
STRATEGY_PROFILES = ["safe-default", "conservative-58", "generic-58", "epson-tm-t20iii"]


@pytest.fixture(params=PROFILES)
def profile(request: pytest.FixtureRequest) -> PrinterProfile:
    """Each shipped printer profile in turn."""
    return load_profile(request.param)


@pytest.fixture(params=["kk", "ru", "en"])
def ctx(request: pytest.FixtureRequest, catalogue: Catalogue,
        translator: Translator) -> ReceiptContext:
    """A receipt context in each language, for kiosk "karasu-01" on the loopback server."""
    return ReceiptContext(catalogue, translator, Language(request.param),
                          "http://127.0.0.1:8470", "karasu-01")
