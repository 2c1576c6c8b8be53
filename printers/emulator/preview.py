"""A picture of what a printer would print: ESC/POS bytes through the emulator's engine to PNG.

Used for receipt previews in maintenance mode and for the receipt gallery in ``docs/``.
"""

from __future__ import annotations

from pathlib import Path

from printers.emulator.engine import Engine
from printers.emulator.paper import render_png
from printers.emulator.tokens import Tokenizer
from printers.profiles import PrinterProfile


def preview_png(data: bytes, profile: PrinterProfile, path: Path) -> Path:
    """Decode ``data`` as ``profile``'s printer would and draw the first receipt to ``path``.

    :raises ValueError: when the bytes contain no receipt.
    """
    engine = Engine(profile)
    for token in Tokenizer().feed(data):
        engine.execute(token)
    engine.end_job()
    if not engine.finished:
        raise ValueError("nothing to preview: the bytes print no receipt")
    path.parent.mkdir(parents=True, exist_ok=True)
    return render_png(engine.finished[0], profile.paper_width_dots, path)
