"""ui_soak: memory growth over 5,000 navigations and 500 complete ticket flows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Result

NAME = "ui_soak"
ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def run(runs: int, workdir: Path) -> list[Result]:
    """One soak in a fresh process (``runs`` scales the flows: 1 = 5,000 + 500)."""
    state = Path(tempfile.mkdtemp(prefix="ui-soak-", dir=workdir))
    out = subprocess.run([sys.executable, "-m", "benchmarks.ui_soak_child", str(state),
                          str(5000 * runs), str(500 * runs)], capture_output=True, text=True,
                         timeout=3600, cwd=ROOT, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              "PYTHONPATH": str(ROOT)})
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return [
        Result(f"{NAME}_navigations", (figures["after_navigation"] - figures["start"]) / MB,
               "MB RSS growth (5,000 navigations)"),
        Result(f"{NAME}_total", (figures["end"] - figures["start"]) / MB,
               "MB RSS growth (5,000 navigations + 500 ticket flows)"),
    ]
