"""The speech benchmarks run small (so they cannot rot); no thresholds here."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import speech_start, ui_switch
from tests.kiosk.speech.conftest import HAVE_ESPEAK, NO_ESPEAK


@pytest.mark.skipif(not HAVE_ESPEAK, reason=NO_ESPEAK)
def test_speech_start_runs_and_compares_with_synthesizing_on_demand(tmp_path: Path) -> None:
    results = speech_start.run(1, tmp_path)
    assert [r.name for r in results] == ["speech_start", "speech_start_p99"]
    assert all(r.value > 0 and r.baseline_value and r.ratio for r in results)


@pytest.mark.skipif(not HAVE_ESPEAK, reason=NO_ESPEAK)
def test_ui_switch_runs_with_audio_mode_off_and_on(tmp_path: Path) -> None:
    results = ui_switch.run(1, tmp_path)
    assert [r.name for r in results] == ["ui_switch", "ui_switch_p99", "ui_switch_audio",
                                         "ui_switch_audio_p99"]
    assert all(r.value > 0 for r in results)
    assert all(r.ratio for r in results[2:])
