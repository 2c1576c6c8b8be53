"""Architecture rules that keep the code easy to change."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ("kiosk", "printers", "sync")


def _modules(package: str) -> list[str]:
    path = ROOT / package
    return [package] + [f"{package}.{m.name}" for m in pkgutil.walk_packages([str(path)])
                        if not m.name.startswith("__")]


@pytest.mark.parametrize("package", QT_FREE)
def test_core_packages_never_import_pyside6(package: str) -> None:
    """Import every module of the package in a fresh interpreter; PySide6 must not load."""
    modules = _modules(package)
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    if name.endswith('__main__'): continue\n"
            "    importlib.import_module(name)\n"
            "qt = ('PySide6', 'shiboken6')\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
            "print(','.join(loaded))\n")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{package} loads Qt: {result.stdout}"


@pytest.mark.parametrize("package", QT_FREE)
def test_core_sources_have_no_qt_import_statement(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "PySide6" for n in names), path


def _imported(tree: ast.AST) -> list[tuple[str, bool]]:
    """Every imported top-level package, and whether the import is at module level."""
    found: list[tuple[str, bool]] = []
    module_level = {id(node) for node in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        found.extend((name.split(".")[0], id(node) in module_level) for name in names)
    return found


def test_imports_point_one_way() -> None:
    """printers imports neither ui nor sync; sync imports no ui; kiosk imports none of them.

    The one exception is the CLI in kiosk/cli/, which imports printers, sync and ui lazily,
    inside the command that needs them, so ``import kiosk`` never loads them.
    """
    forbidden = {"kiosk": {"printers", "sync", "ui"}, "printers": {"ui", "sync"},
                 "sync": {"ui"}}
    for package, banned in forbidden.items():
        for path in (ROOT / package).rglob("*.py"):
            lazy_allowed = path.parent.name == "cli" and package == "kiosk"
            for name, at_module_level in _imported(ast.parse(path.read_text(encoding="utf-8"))):
                if name in banned:
                    assert lazy_allowed and not at_module_level, (path, name)


def test_packages_are_real_and_importable() -> None:
    for package in ("kiosk", "ui", "printers", "sync"):
        assert (ROOT / package / "__init__.py").is_file()
        assert (ROOT / package / "py.typed").is_file()
