"""Render every screen offscreen to PNG (docs/screens/): kk for all, ru/en/high contrast for some.

``.venv/bin/python -m scripts.screenshots [--out DIR] [--size 1920x1080]``
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk.config import load_config
from kiosk.i18n import Language
from kiosk.storage import open_database
from ui.screens.base import ScreenId
from ui.theme import Theme

OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"
MAIN = [ScreenId.HOME, ScreenId.MENU, ScreenId.QUEUE, ScreenId.RESULT, ScreenId.APPEAL_PERSON,
        ScreenId.SERVICE]


def main() -> None:
    """Render the gallery."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    from tests.ui.harness import kiosk_window, visit

    app = QApplication.instance() or QApplication([])
    state = Path(tempfile.mkdtemp(prefix="screens-"))
    os.environ["KIOSK_STATE_DIR"] = str(state)
    with kiosk_window(load_config(None, environ={"KIOSK_STATE_DIR": str(state)}),
                      open_database(state / "kiosk.sqlite3"), width, height) as window:
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = "" if (width, height) == (1920, 1080) else f"-{width}x{height}"
        for lang in Language:
            for screen in ScreenId if lang is Language.KK else MAIN:
                visit(window, screen, lang)
                path = args.out / f"{screen.value}-{lang.value}{suffix}.png"
                window.grab().save(str(path))
                print(path.relative_to(args.out.parent.parent))
        window.navigator.theme = Theme(high_contrast=True)
        window.navigator._apply_theme()
        for screen in MAIN:
            visit(window, screen, Language.KK)
            window.grab().save(str(args.out / f"{screen.value}-kk-contrast{suffix}.png"))
    del app
    for path in args.out.glob("*.png"):  # 256 colours are plenty for flat UI pictures
        from PIL import Image

        with Image.open(path) as image:
            small = image.convert("RGB").quantize(256)
        small.save(path, optimize=True)


if __name__ == "__main__":
    main()
