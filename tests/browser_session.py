"""One headless Chromium for the whole test session (Debian's, driven by Playwright).

Playwright's sync API allows one instance per thread at a time, so every browser test
shares this session fixture (a second ``sync_playwright()`` beside it fails with "using
Playwright Sync API inside the asyncio loop").
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def chromium_path() -> str:
    """Debian's Chromium; a missing browser fails the run with the package to install."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is not installed: apt-get install chromium "
                       "(./scripts/test installs it)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
