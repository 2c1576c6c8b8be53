"""The embedded DejaVu Sans typeface (it has every Kazakh letter) and the paragraph styles on it.

reportlab's built-in Helvetica has no Cyrillic, so every PDF registers DejaVu Sans and
DejaVu Sans Bold from ``assets/fonts`` as TrueType fonts; reportlab embeds the subset of
glyphs a document uses. Registration happens once per process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.assets import assets_dir

logger = logging.getLogger(__name__)

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def fonts_dir() -> Path:
    """The folder with the TrueType files: ``<assets>/fonts``."""
    return assets_dir() / "fonts"


def register_fonts(folder: Path | None = None) -> None:
    """Register DejaVu Sans and DejaVu Sans Bold with reportlab, once; later calls do nothing.

    :raises FileNotFoundError: naming the missing font file.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    if REGULAR in registered and BOLD in registered:
        return
    source = folder if folder is not None else fonts_dir()
    for name, filename in _FILES.items():
        path = source / filename
        if not path.is_file():
            raise FileNotFoundError(f"PDF font missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
        logger.debug("registered font %s from %s", name, path)
    # <b> inside a Paragraph then switches to the bold face.
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles shared by the talon and the report, all in DejaVu Sans."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    centered: ParagraphStyle
    centered_small: ParagraphStyle
    number: ParagraphStyle
    code: ParagraphStyle


def paragraph_styles() -> Styles:
    """Fresh paragraph styles on the embedded font (registers the font first)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20,
                             alignment=TA_CENTER, spaceAfter=4),
        heading=ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=12.5,
                               leading=16, spaceBefore=10, spaceAfter=5),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        label=ParagraphStyle("label", parent=body, fontSize=9, leading=11.5,
                             textColor="#444444"),
        value=ParagraphStyle("value", parent=body, fontSize=10.5, leading=13.5),
        centered=ParagraphStyle("centered", parent=body, alignment=TA_CENTER),
        centered_small=ParagraphStyle("centered_small", parent=body, fontSize=8.5, leading=11,
                                      alignment=TA_CENTER, textColor="#444444"),
        number=ParagraphStyle("number", parent=body, fontName=BOLD, fontSize=24, leading=29,
                              alignment=TA_CENTER),
        code=ParagraphStyle("code", parent=body, fontName=BOLD, fontSize=20, leading=25,
                            spaceBefore=2, spaceAfter=3),
    )
