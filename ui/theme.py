"""Styles from ``assets/styles/*.qss``: a base theme, high contrast, and large text on top."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.assets import assets_dir
from kiosk.record import Record

logger = logging.getLogger(__name__)

LARGE_TEXT_SCALE = 1.3
#: A font size; one marked ``/* fixed */`` (the 96 px header) does not grow with large text.
_PX = r"font-size:\s*(\d+)px(?!\s*/\*\s*fixed)"


class Theme(Record):
    """Which style sheets are in effect."""

    high_contrast: bool = False
    large_text: bool = False


def styles_dir() -> Path:
    """The folder with the .qss files."""
    return assets_dir() / "styles"


def load_fonts() -> str:
    """Register the shipped DejaVu fonts (they have every Kazakh letter); return the family."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        if QFontDatabase.addApplicationFont(str(assets_dir() / "fonts" / name)) < 0:
            logger.error("font %s could not be loaded", name)
    return "DejaVu Sans"


def style_sheet(theme: Theme) -> str:
    """The combined style sheet text for ``theme``."""
    parts = [(styles_dir() / "default.qss").read_text(encoding="utf-8")]
    if theme.high_contrast:
        parts.append((styles_dir() / "high-contrast.qss").read_text(encoding="utf-8"))
    text = "\n".join(parts)
    if theme.large_text:
        # Every font size grows by 1.3; layouts re-flow because sizes come from the fonts.
        text = re.sub(_PX,
                      lambda m: f"font-size: {round(int(m.group(1)) * LARGE_TEXT_SCALE)}px",
                      text)
    return text


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Apply ``theme`` to the whole application, once."""
    family = load_fonts()
    app.setFont(QFont(family, 14))
    app.setStyleSheet(style_sheet(theme))
