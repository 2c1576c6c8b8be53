"""ui_startup: process start to the first painted home screen vs a bare PySide6 window."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result

NAME = "ui_startup"
ROOT = Path(__file__).resolve().parent.parent


def _probe(mode: str, *extra: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PROBE_T0": repr(time.monotonic()),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "benchmarks.ui_probe", mode, *extra],
                         capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run(runs: int, workdir: Path) -> list[Result]:
    """``runs`` starts of each, alternating; medians compared."""
    state = Path(tempfile.mkdtemp(prefix="ui-startup-", dir=workdir))
    _probe("kiosk", str(state))  # first start creates the database: not what is measured
    kiosk, bare = [], []
    for _ in range(runs):
        bare.append(_probe("bare"))
        kiosk.append(_probe("kiosk", str(state)))
    return [Result.compared(NAME, statistics.median(kiosk), "s (median)",
                            "bare PySide6 window process", statistics.median(bare))]
