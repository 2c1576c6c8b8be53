"""The python-escpos 3.1 baseline (built in its own venv; python-escpos is no dependency)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.escpos_env import escpos_baseline

CUT = b"\x1dV\x00"  # python-escpos's full cut, after ESC d 6
RASTER = b"\x1dv0"


@pytest.mark.slow
def test_escpos_baseline_mangles_kazakh_and_the_correct_ticket_does_not(tmp_path: Path) -> None:
    layout: dict[str, object] = {
        "profile": {"id": "generic-58", "paper_width_dots": 384, "columns": 32},
        "items": [
            {"type": "line", "text": "Әлеуметтік мәселелер", "align": "center",
             "bold": True, "width": 1, "height": 1},
            {"type": "line", "text": "Перед вами 3 человека", "align": "left",
             "bold": False, "width": 1, "height": 1},
            {"type": "line", "text": "Ticket A-017?", "align": "right",
             "bold": False, "width": 2, "height": 2},
            {"type": "blank", "lines": 1},
            {"type": "qr", "data": "HTTP://127.0.0.1:8470/T/KX7MQ4RT9C", "module": 6},
        ],
        "cut": True,
    }
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
    assert len(correct.data) > len(default.data)
