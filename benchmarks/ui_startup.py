"""ui_startup: process start to the first painted home screen vs a bare PySide6 window.

Both processes run as installed: PySide6's bytecode was compiled by pip, the kiosk's own by
the install step (``compileall`` in scripts/_system.sh and docs/DEPLOY.md step 2). The
benchmark compiles nothing itself; it says so when the kiosk's bytecode is missing or stale,
because then each start also compiles those sources.
"""

from __future__ import annotations

import importlib.util
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
PACKAGES = ("kiosk", "ui", "printers", "sync")


def _bytecode_current(source: Path) -> bool:
    """Whether ``source`` has a .pyc that Python will use (timestamp or checked hash)."""
    try:
        header = Path(importlib.util.cache_from_source(str(source))).read_bytes()[:16]
        stat = source.stat()
    except OSError:
        return False
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    flags = int.from_bytes(header[4:8], "little")
    if flags & 1:  # hash-based
        return header[8:16] == importlib.util.source_hash(source.read_bytes())
    return (int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF)


def stale_bytecode() -> list[Path]:
    """The kiosk's sources without current bytecode (each start compiles them again)."""
    return [source for package in PACKAGES for source in sorted((ROOT / package).rglob("*.py"))
            if not _bytecode_current(source)]


def _probe(mode: str, *extra: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PROBE_T0": repr(time.monotonic()),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "benchmarks.ui_probe", mode, *extra],
                         capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run(runs: int, workdir: Path) -> list[Result]:
    """``runs`` starts of each, alternating; medians compared."""
    stale = stale_bytecode()
    if stale:
        print(f"ui_startup: {len(stale)} kiosk modules have no current .pyc (e.g. "
              f"{stale[0].relative_to(ROOT)}), so the kiosk also compiles them at each start; "
              "install as scripts/run or docs/DEPLOY.md step 2 does", file=sys.stderr)
    state = Path(tempfile.mkdtemp(prefix="ui-startup-", dir=workdir))
    _probe("kiosk", str(state))  # first start creates the database: not what is measured
    kiosk, bare = [], []
    for _ in range(runs):
        bare.append(_probe("bare"))
        kiosk.append(_probe("kiosk", str(state)))
    return [Result.compared(NAME, statistics.median(kiosk), "s (median)",
                            "bare PySide6 window process", statistics.median(bare))]
