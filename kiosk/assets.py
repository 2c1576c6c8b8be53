"""Where the packaged data lives: catalogue, translations, printer profiles, styles."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_SOURCE_ASSETS = Path(__file__).resolve().parent.parent / "assets"
_INSTALLED_ASSETS = Path(sys.prefix) / "share" / "akimat-kiosk" / "assets"


def assets_dir() -> Path:
    """The assets folder: ``$KIOSK_ASSETS_DIR``, the source checkout's, or the installed copy."""
    override = os.environ.get("KIOSK_ASSETS_DIR")
    if override:
        return Path(override)
    if _SOURCE_ASSETS.is_dir():
        return _SOURCE_ASSETS
    return _INSTALLED_ASSETS
