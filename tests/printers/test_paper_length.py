"""Paper a job uses: the same as the emulator draws, and what the feed commands say."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from printers import commands
from printers.emulator.paper import render_png
from printers.paper import paper_length_mm
from printers.profiles import PrinterProfile, load_profile
from printers.receipts import ReceiptContext, queue_ticket
from printers.render import render_document
from tests.printers import receipts_fixtures as fx
from tests.printers.helpers import decode

#: render_png leaves 20 blank dots above the first row and 20 below the last one.
EMULATOR_LEAD_DOTS = 40


def test_a_ticket_uses_the_paper_the_emulator_draws(tmp_path: Path, profile: PrinterProfile,
                                                    catalogue: Catalogue,
                                                    translator: Translator) -> None:
    ctx = ReceiptContext(catalogue, translator, Language.KK, "http://127.0.0.1:8470",
                         "karasu-01")
    data = render_document(queue_ticket(fx.ticket(), ctx), profile)
    [receipt] = decode(data, profile)
    image = Image.open(render_png(receipt, profile.paper_width_dots, tmp_path / "ticket.png"))
    background = image.getpixel((0, 0))
    paper_column = next(x for x in range(image.width) if image.getpixel((x, 0)) == background
                        and image.getpixel((x, image.height // 2)) != background)
    paper_dots = sum(image.getpixel((paper_column, y)) != background
                     for y in range(image.height))
    length = paper_length_mm(data, profile)
    assert length == pytest.approx((paper_dots - EMULATOR_LEAD_DOTS) / 8)
    assert 60 < length < 200, "a ticket is a hand's length of paper"


def test_line_spacing_feeds_and_the_cut_margin_are_counted() -> None:
    profile = load_profile("epson-tm-t20iii")
    default = commands.initialize() + b"A" + commands.line_feed()
    assert paper_length_mm(default, profile) == 30 / 8  # the emulator's 30-dot line
    spaced = (commands.initialize() + b"\x1b\x33\x3c"  # ESC 3 60: 60-dot lines
              + b"A" + commands.line_feed() + b"B" + commands.line_feed()
              + commands.feed_lines(2) + commands.cut(partial=True, feed=96))
    assert paper_length_mm(spaced, profile) == (60 + 60 + 2 * 60 + 96) / 8
    tall = b"\x1b\x33\x10" + commands.character_size(1, 3) + b"A" + commands.line_feed()
    assert paper_length_mm(tall, profile) == 72 / 8, "a tall line needs its own height"
    blank = b"\x1b\x4a\x50" + commands.cut(partial=True, feed=0)  # ESC J 80, nothing printed
    assert paper_length_mm(blank, profile) == 80 / 8
