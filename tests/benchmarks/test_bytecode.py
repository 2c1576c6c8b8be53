"""The install step compiles the kiosk's bytecode as checked-hash .pyc, which can never go stale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.ui_startup import _bytecode_current

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "ui", "printers", "sync")


def _compile_like_the_scripts(root: Path) -> None:
    """Run ``compile_bytecode`` from scripts/_system.sh with ROOT pointing at ``root``."""
    script = (f'. "{ROOT}/scripts/_system.sh"; VENV="{Path(sys.executable).parent.parent}"; '
              f'ROOT="{root}"; compile_bytecode')
    subprocess.run(["bash", "-c", script], check=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(f'NAME = "{package}"\n')
    return tmp_path


@pytest.mark.skipif(shutil.which("bash") is None, reason="the scripts are bash")
def test_the_scripts_compile_every_package_as_checked_hash(project: Path) -> None:
    _compile_like_the_scripts(project)
    for package in PACKAGES:
        source = project / package / "__init__.py"
        assert _bytecode_current(source)
        pyc = next((project / package / "__pycache__").glob("__init__.*.pyc"))
        assert int.from_bytes(pyc.read_bytes()[4:8], "little") == 0b11, "checked hash"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the scripts are bash")
def test_an_edited_source_is_never_run_from_its_old_pyc(project: Path) -> None:
    """Same size, same mtime (what a timestamp .pyc cannot tell apart): the new text runs."""
    _compile_like_the_scripts(project)
    source = project / "kiosk" / "__init__.py"
    stat = source.stat()
    source.write_text('NAME = "KIOSK"\n')
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_size == stat.st_size
    assert not _bytecode_current(source)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-c", "import kiosk; print(kiosk.NAME)"],
                            capture_output=True, text=True, env=env, cwd=project, check=True,
                            timeout=60)
    assert result.stdout.strip() == "KIOSK"


def test_both_install_commands_compile_the_bytecode() -> None:
    for script in ("run", "test"):
        lines = (ROOT / "scripts" / script).read_text(encoding="utf-8").splitlines()
        assert "compile_bytecode" in lines, script
        assert lines.index("compile_bytecode") > next(
            i for i, line in enumerate(lines) if line.startswith("ensure_venv")), script
    deploy = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    assert "compileall -q --invalidation-mode checked-hash kiosk ui printers sync" in deploy


def test_compiled_bytecode_is_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "__pycache__/" in ignored
    assert "*.pyc" in ignored
