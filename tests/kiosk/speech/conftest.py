"""Fixtures for the speech tests: the real espeak-ng and sox (skipped, with the fix, if absent)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.speech.engine import SpeechEngine

NO_ESPEAK = "espeak-ng is not installed: apt-get install espeak-ng (scripts/test does)"
NO_SOX = "sox is not installed: apt-get install sox (scripts/test does)"
HAVE_ESPEAK = shutil.which("espeak-ng") is not None
HAVE_SOX = shutil.which("sox") is not None
needs_espeak = pytest.mark.skipif(not HAVE_ESPEAK, reason=NO_ESPEAK)
needs_sox = pytest.mark.skipif(not HAVE_SOX, reason=NO_SOX)

KAZAKH_CALL = "Ә-017 нөмірлі талон, 103-бөлмеге өтіңіз"
RUSSIAN_CALL = "Талон А-017, пройдите в кабинет 103"


@pytest.fixture
def engine() -> SpeechEngine:
    """The real espeak-ng with the kiosk's default settings."""
    if not HAVE_ESPEAK:
        pytest.skip(NO_ESPEAK)
    return SpeechEngine()


def sox_stat(path: Path) -> dict[str, float]:
    """What ``sox FILE -n stat`` reports (on stderr), as {"RMS amplitude": 0.08, ...}."""
    done = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True,
                          check=True)
    stats = {}
    for line in done.stderr.splitlines():
        match = re.match(r"^([A-Za-z ()]+?):\s+(-?[\d.]+)$", line.strip())
        if match:
            stats[" ".join(match.group(1).split())] = float(match.group(2))
    return stats


def espeak_direct(text: str, voice: str, *args: str) -> bytes:
    """espeak-ng run by hand on ``text`` (for comparing with what the engine made)."""
    return subprocess.run(["espeak-ng", "-v", voice, "-b", "1", *args], input=text.encode(),
                          capture_output=True, check=True).stdout


def phonemes(text: str, voice: str) -> str:
    """espeak-ng's phoneme mnemonics for ``text`` in ``voice`` (``-q -x``)."""
    return espeak_direct(text, voice, "-q", "-x").decode().strip()
