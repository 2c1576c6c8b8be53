"""The python-escpos 3.1 baseline (built in its own venv; python-escpos is no dependency)."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from benchmarks.escpos_env import escpos_baseline
from benchmarks.receipt_bytes import layout_json, standard_ticket_layout
from printers.emulator.preview import preview_png
from printers.profiles import load_profile

CUT = b"\x1dV\x00"  # python-escpos's full cut, after ESC d 6
RASTER = b"\x1dv0"
NATIVE_QR = b"\x1d(k"
QR_DATA = "HTTP://127.0.0.1:8470/T/KX7MQ4RT9C"
KAZAKH = {"type": "line", "text": "Әлеуметтік мәселелер", "align": "center", "bold": True,
          "width": 1, "height": 1}


def _layout(items: list[dict[str, object]], **capabilities: object) -> dict[str, object]:
    """A 58 mm layout; ``capabilities`` override generic-58's (native QR, user chars)."""
    profile: dict[str, object] = {
        "id": "test-58", "paper_width_dots": 384, "columns": 32,
        "code_pages": {"cp437": 0, "cp866": 17}, "native_qr": True, "bit_image": False,
        "cutter": True, "feed_before_cut": 4}
    profile.update(capabilities)
    return {"profile": profile, "items": items, "cut": True}


@pytest.mark.slow
def test_escpos_baseline_mangles_kazakh_and_the_correct_ticket_does_not(tmp_path: Path) -> None:
    layout = _layout([
        KAZAKH,
        {"type": "line", "text": "Перед вами 3 человека", "align": "left",
         "bold": False, "width": 1, "height": 1},
        {"type": "line", "text": "Ticket A-017?", "align": "right",
         "bold": False, "width": 2, "height": 2},
        {"type": "blank", "lines": 1},
        {"type": "qr", "data": QR_DATA, "module": 6},
    ], native_qr=False)
    result = escpos_baseline(layout, tmp_path)

    default, correct = result["default"], result["cheapest_correct"]
    assert default.question_marks > 0  # python-escpos prints Kazakh letters as '?'
    assert correct.question_marks == 0
    assert RASTER in correct.data
    assert default.data.endswith(CUT)
    assert correct.data.endswith(CUT)
    # the Russian and English lines stay text in both (CP866 is slot 17 everywhere)
    assert "Перед вами".encode("cp866") in correct.data
    assert b"Ticket A-017?" in correct.data
    assert RASTER + b"\x00" in default.data  # its default QR: a full-density raster image


@pytest.mark.slow
def test_a_native_qr_profile_gets_python_escpos_native_qr_not_a_raster(tmp_path: Path) -> None:
    layout = _layout([KAZAKH, {"type": "qr", "data": QR_DATA, "module": 6}], native_qr=True)
    correct = escpos_baseline(layout, tmp_path)["cheapest_correct"]

    assert NATIVE_QR in correct.data
    assert QR_DATA.encode("ascii") in correct.data
    assert correct.data.count(RASTER) == 1  # the Kazakh line; the QR is no GS v 0 raster
    assert "QR native" in correct.how


@pytest.mark.slow
def test_a_profile_without_native_qr_gets_the_cheapest_image_qr(tmp_path: Path) -> None:
    layout = _layout([KAZAKH, {"type": "qr", "data": QR_DATA, "module": 6}],
                     native_qr=False, cutter=False, feed_before_cut=5)
    correct = escpos_baseline(layout, tmp_path)["cheapest_correct"]

    assert NATIVE_QR not in correct.data
    assert correct.data.count(RASTER) == 2  # the Kazakh line and the QR
    # an even module: half scale in quadruple density (GS v 0 mode 3), the same on paper
    assert RASTER + b"\x03" in correct.data
    # no cutter: fed out, not cut
    assert CUT not in correct.data and correct.data.endswith(b"\x1bd\x05")


@pytest.mark.slow
def test_text_goes_in_the_profiles_cyrillic_page_at_the_profiles_slot(tmp_path: Path) -> None:
    layout = _layout([{"type": "line", "text": "Перед вами 3 человека", "align": "left",
                       "bold": False, "width": 1, "height": 1}],
                     code_pages={"cp437": 0, "cp1251": 6})  # Rongta's slot, not Epson's 46
    correct = escpos_baseline(layout, tmp_path)["cheapest_correct"]

    assert correct.data.startswith(b"\x1bt\x06")
    assert "Перед вами".encode("cp1251") in correct.data
    assert correct.question_marks == 0


@pytest.mark.slow
@pytest.mark.parametrize("profile_id", ["safe-default", "generic-58", "epson-tm-t20iii"])
def test_the_cheapest_correct_ticket_prints_a_qr_that_scans(tmp_path: Path,
                                                            profile_id: str) -> None:
    """On the emulated printer of the profile the baseline's QR opens the tracking URL."""
    profile = load_profile(profile_id)
    layout = standard_ticket_layout(profile.columns_font_a)
    correct = escpos_baseline(layout_json(layout, profile), tmp_path)["cheapest_correct"]

    png = preview_png(correct.data, profile, tmp_path / "baseline.png")
    decoded = zxingcpp.read_barcodes(Image.open(png))
    assert [code.text for code in decoded] == [QR_DATA]
    assert (NATIVE_QR in correct.data) is profile.native_qr
