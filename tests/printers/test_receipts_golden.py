"""Golden bytes for every receipt on every profile in every language.

The golden files are the approved output; regenerate them after a deliberate change with
``UPDATE_GOLDEN=1 pytest tests/printers/test_receipts_golden.py`` and look at the PNGs
(``python -m scripts.render_receipts``) before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue
from printers.profiles import PrinterProfile
from printers.receipts import ReceiptContext
from printers.render import render_document
from tests.printers import receipts_fixtures as fx
from tests.printers.helpers import decode

GOLDEN = Path(__file__).parent / "golden"
RECEIPTS = fx.RECEIPTS


@pytest.mark.parametrize("receipt", RECEIPTS)
def test_receipt_bytes_match_the_golden_file(receipt: str, profile: PrinterProfile,
                                             ctx: ReceiptContext, catalogue: Catalogue) -> None:
    data = render_document(RECEIPTS[receipt](catalogue, ctx, profile), profile)
    path = GOLDEN / f"{receipt}-{profile.id}-{ctx.lang.value}.bin"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 and review"
    golden = path.read_bytes()
    if data != golden:
        now = decode(data, profile)[0].text().splitlines()
        then = decode(golden, profile)[0].text().splitlines()
        diff = "\n".join(difflib.unified_diff(then, now, "golden", "now", lineterm=""))
        pytest.fail(f"{path.name}: bytes differ ({len(golden)} → {len(data)})\n{diff}")


@pytest.mark.parametrize("receipt", RECEIPTS)
def test_receipt_reads_back_without_unknown_glyphs(receipt: str, profile: PrinterProfile,
                                                   ctx: ReceiptContext,
                                                   catalogue: Catalogue) -> None:
    data = render_document(RECEIPTS[receipt](catalogue, ctx, profile), profile)
    [printed] = decode(data, profile)
    text = printed.text()
    assert "\ufffd" not in text
    assert "?" not in text.replace("[QR", "")
    assert "8700" not in text, "the IIN must be masked"
    if receipt in ("talon", "booking"):
        assert fx.PERSON.masked_iin in text
        assert fx.PERSON.iin not in text
