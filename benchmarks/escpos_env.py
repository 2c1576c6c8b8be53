"""The python-escpos 3.1 baseline, run in a virtual environment of its own.

python-escpos is never a project dependency: :func:`ensure_escpos_venv` installs it (with
Pillow and qrcode) into a separate venv, by default ``benchmarks/results/.venv-escpos``
(git-ignored), and :func:`escpos_baseline` runs ``benchmarks/escpos_baseline.py`` with that
venv's python in a subprocess, so nothing of python-escpos is imported here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
DEFAULT_VENV = BENCHMARKS_DIR / "results" / ".venv-escpos"
BASELINE_SCRIPT = BENCHMARKS_DIR / "escpos_baseline.py"
REQUIREMENTS = ("python-escpos==3.1", "Pillow>=10.1", "qrcode>=7.4")
#: Written into the venv after a successful install; its content is the requirement list.
MARKER = ".escpos-baseline-installed"
VARIANTS = ("default", "cheapest_correct")


@dataclass(frozen=True)
class BaselineBytes:
    """One python-escpos byte stream and the letters it printed as ``?``."""

    data: bytes
    question_marks: int
    #: How it was made (for the cheapest correct ticket: code page, image command, QR).
    how: str = ""


def _venv_python(venv: Path) -> Path:
    """The python executable inside ``venv``."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def _run(command: list[str], what: str,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``command``; raise RuntimeError with its stderr (and stdout) if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}): {' '.join(command)}\n"
                           f"--- stderr ---\n{result.stderr}\n--- stdout ---\n{result.stdout}")
    return result


def ensure_escpos_venv(path: Path = DEFAULT_VENV) -> Path:
    """Make sure ``path`` is a venv with python-escpos 3.1, Pillow and qrcode; return its python.

    Idempotent: once installed, a marker file inside the venv makes this a couple of stat
    calls. The first call creates the venv with ``sys.executable -m venv`` and pip-installs.
    """
    python = _venv_python(path)
    marker = path / MARKER
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if python.exists() and marker.exists() and marker.read_text(encoding="utf-8") == wanted:
        return python
    if not python.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "venv", str(path)], "creating the python-escpos venv")
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          *REQUIREMENTS], "installing python-escpos into its venv")
    _run([str(python), "-c", "import escpos.printer, PIL, qrcode"],
         "importing python-escpos in its venv")
    marker.write_text(wanted, encoding="utf-8")
    return python


def escpos_baseline(layout: dict[str, object], workdir: Path, *,
                    venv: Path = DEFAULT_VENV) -> dict[str, BaselineBytes]:
    """python-escpos 3.1's bytes for ``layout`` (see ``benchmarks/escpos_baseline.py``).

    ``layout["profile"]`` carries the printer's capabilities (code pages, native QR,
    ``ESC *``, cutter): the cheapest correct ticket uses what the printer has.
    Returns ``{"default": ..., "cheapest_correct": ...}``. Files go under ``workdir``.
    """
    python = ensure_escpos_venv(venv)
    workdir.mkdir(parents=True, exist_ok=True)
    layout_path = workdir / "escpos-layout.json"
    out_dir = workdir / "escpos-baseline"
    layout_path.write_text(json.dumps(layout, ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
    env = dict(os.environ)
    # python-escpos pickles its capability database into a fresh mkdtemp() on every import
    # unless told where; keep one copy inside its venv instead.
    env["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(venv)
    env.pop("PYTHONPATH", None)  # the script must not see the project's packages
    _run([str(python), str(BASELINE_SCRIPT), str(layout_path), str(out_dir)],
         "the python-escpos baseline script", env)
    results: dict[str, BaselineBytes] = {}
    for name in VARIANTS:
        figures = json.loads((out_dir / f"{name}.json").read_text(encoding="utf-8"))
        data = (out_dir / f"{name}.bin").read_bytes()
        if figures["bytes"] != len(data):
            raise RuntimeError(f"{name}.json says {figures['bytes']} bytes, {name}.bin has "
                               f"{len(data)}")
        results[name] = BaselineBytes(data, int(figures["question_marks"]),
                                      str(figures.get("how", "")))
    return results
