"""Baseline bytes for a laid-out ticket, built with python-escpos 3.1 (run in its own venv).

Usage: ``python benchmarks/escpos_baseline.py LAYOUT.json OUT_DIR``

This script runs under the separate virtual environment made by
:func:`benchmarks.escpos_env.ensure_escpos_venv` (python-escpos is never a project
dependency) and imports nothing from the project. It writes to OUT_DIR:

``default.bin`` / ``default.json``
    What python-escpos produces when used the ordinary way: per line
    ``p.set(align, bold, size)`` + ``p.text(line + "\\n")``; ``p.qr(data, size=module)``
    (its default: a raster image); ``p.ln(n)`` for blanks; ``p.cut()``. Kazakh letters come
    out as ``?`` (and І/і as a silent switch to CP855).

``cheapest_correct.bin`` / ``cheapest_correct.json``
    The cheapest *correct* ticket python-escpos can make: every line that its encoder cannot
    print with the code pages every target printer has at the same ``ESC t`` slot (slot 0
    CP437 and slot 17 CP866: the same on Epson TM and the cheap 58 mm class) is rendered with
    PIL in DejaVu Sans Mono (12x24-dot cells, scaled by the line's width/height factors,
    cropped to the text's own width) and sent as a ``GS v 0`` raster after
    ``p.set(align=...)`` (ESC a applies to raster images; python-escpos's ``image()`` neither
    sends nor resets it). Everything else is exactly as in ``default``.

Each JSON file is ``{"bytes": N, "question_marks": Q}``: Q counts the ``?`` bytes in the
*text* that python-escpos wrote (not inside raster data or command parameters) minus the ``?``
characters of the source lines it printed as text, i.e. the letters it replaced by ``?``.

The printer object is ``escpos.printer.Dummy(profile="default")``: python-escpos's own
"Default" profile (generic, Epson-compatible code-page table; media width unknown, so
``image()`` checks no width and prints a notice that is swallowed here).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

ESCPOS_PROFILE = "default"
#: ESC t slots whose code page is the same on every printer we target (see the module doc).
SAFE_SLOTS = {0: "CP437", 17: "CP866"}
CODEPAGE_CHANGE = b"\x1bt"
FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"
CELL_W, CELL_H = 12, 24  # font A cell in dots
FONT_SIZE = 20  # DejaVu Sans Mono at 20 px: ascent 19 + descent 5 = 24 rows, advance ~12.05


class Recorder:
    """A python-escpos ``Dummy`` plus the bytes that its ``text()`` calls wrote as characters.

    The printer's ``text`` is wrapped on the instance, so every call goes through the
    bookkeeping, including the ones ``ln()`` and ``qr()`` make internally.
    """

    def __init__(self) -> None:
        dummy_class: Any = importlib.import_module("escpos.printer").Dummy
        self.printer: Any = dummy_class(profile=ESCPOS_PROFILE)
        self.text_bytes = bytearray()
        self.slots: list[int] = []
        self.source_question_marks = 0
        self._text = self.printer.text
        self.printer.text = self._recorded_text

    def _recorded_text(self, txt: str) -> None:
        """``Escpos.text(txt)``, keeping apart code-page switches and printed characters."""
        chunks: list[bytes] = self.printer._output_list
        start = len(chunks)
        self._text(txt)
        self.source_question_marks += str(txt).count("?")
        for chunk in chunks[start:]:
            if chunk.startswith(CODEPAGE_CHANGE) and len(chunk) == 3:
                self.slots.append(chunk[2])
            else:
                self.text_bytes += chunk

    @property
    def output(self) -> bytes:
        """Everything sent to the printer."""
        data: bytes = self.printer.output
        return data

    @property
    def question_marks(self) -> int:
        """Characters python-escpos replaced by ``?``."""
        return self.text_bytes.count(b"?") - self.source_question_marks


def size_arguments(width: int, height: int) -> dict[str, Any]:
    """The ``set()`` keywords a python-escpos user picks for a character scale."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError(f"character scale {width}x{height} outside 1..8")
    if width == height == 1:
        return {"normal_textsize": True}
    if width <= 2 and height <= 2:
        return {"double_width": width == 2, "double_height": height == 2}
    return {"custom_size": True, "width": width, "height": height}


def text_is_safe(text: str) -> bool:
    """Whether python-escpos prints ``text`` correctly: no ``?`` fallback, only safe slots.

    Asks python-escpos's own encoder (a fresh ``Dummy``) rather than guessing.
    """
    probe = Recorder()
    profile_pages = probe.printer.profile.get_code_pages()
    for slot, page in SAFE_SLOTS.items():
        if profile_pages.get(page) != str(slot):
            raise RuntimeError(f"profile {ESCPOS_PROFILE!r} has no {page} at ESC t {slot}")
    probe.printer.text(text)
    return probe.question_marks == 0 and set(probe.slots) <= set(SAFE_SLOTS)


def render_line(text: str, bold: bool, width: int, height: int, paper_dots: int) -> Image.Image:
    """``text`` as a 1-bit image: one 12w x 24h-dot cell per character, black on white."""
    text = text.rstrip()
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    font = ImageFont.truetype(str(FONT_DIR / name), FONT_SIZE * height)
    cell_w, cell_h = CELL_W * height, CELL_H * height  # square scale first
    image = Image.new("L", (max(1, len(text)) * cell_w, cell_h), 255)
    draw = ImageDraw.Draw(image)
    for index, char in enumerate(text):
        draw.text((index * cell_w + cell_w / 2, 0), char, font=font, fill=0, anchor="ma")
    target = (max(1, len(text)) * CELL_W * width, cell_h)
    if target != image.size:
        image = image.resize(target, Image.Resampling.LANCZOS)
    if image.width > paper_dots:
        raise ValueError(f"line {text!r} is {image.width} dots wide, paper has {paper_dots}")
    return image.convert("1", dither=Image.Dither.NONE)


def build(layout: dict[str, Any], correct: bool) -> Recorder:
    """Send the layout's items to a python-escpos ``Dummy``."""
    paper_dots = int(layout["profile"]["paper_width_dots"])
    rec = Recorder()
    p = rec.printer
    for item in layout["items"]:
        kind = item["type"]
        if kind == "line":
            text = str(item["text"])
            align = str(item.get("align", "left"))
            bold = bool(item.get("bold", False))
            width, height = int(item.get("width", 1)), int(item.get("height", 1))
            if correct and not text_is_safe(text):
                p.set(align=align)
                p.image(render_line(text, bold, width, height, paper_dots),
                        impl="bitImageRaster", center=False)
            else:
                p.set(align=align, bold=bold, **size_arguments(width, height))
                p.text(text + "\n")
        elif kind == "qr":
            if "align" in item:
                p.set(align=str(item["align"]))
            p.qr(str(item["data"]), size=int(item.get("module", 3)))
        elif kind == "blank":
            p.ln(int(item.get("lines", 1)))
        else:
            raise ValueError(f"unknown layout item type {kind!r}")
    if layout.get("cut", True):
        p.cut()
    return rec


def write(out_dir: Path, name: str, rec: Recorder) -> dict[str, int]:
    """Write ``NAME.bin`` and ``NAME.json``; return the JSON figures."""
    data = rec.output
    figures = {"bytes": len(data), "question_marks": rec.question_marks}
    (out_dir / f"{name}.bin").write_bytes(data)
    (out_dir / f"{name}.json").write_text(json.dumps(figures) + "\n", encoding="utf-8")
    return figures


def main(argv: list[str]) -> int:
    """Build both baselines for the layout file and write them to the output folder."""
    if len(argv) != 2:
        print("usage: escpos_baseline.py LAYOUT.json OUT_DIR", file=sys.stderr)
        return 2
    layout = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out_dir = Path(argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    # python-escpos prints notices to stdout (e.g. "media.width.pixel field ... not set").
    with contextlib.redirect_stdout(io.StringIO()):
        default = build(layout, correct=False)
        cheapest = build(layout, correct=True)
    unsafe = sorted(set(cheapest.slots) - set(SAFE_SLOTS))
    if cheapest.question_marks != 0 or unsafe:
        print(f"cheapest_correct is not correct: question_marks={cheapest.question_marks}, "
              f"code-page slots outside {sorted(SAFE_SLOTS)}: {unsafe}", file=sys.stderr)
        return 1
    for name, rec in (("default", default), ("cheapest_correct", cheapest)):
        figures = write(out_dir, name, rec)
        print(f"{name}: {figures['bytes']} bytes, {figures['question_marks']} '?' "
              f"(code-page slots {sorted(set(rec.slots))})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
