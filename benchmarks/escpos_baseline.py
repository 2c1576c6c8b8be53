"""Baseline bytes for a laid-out ticket, built with python-escpos 3.1 (run in its own venv).

Usage: ``python benchmarks/escpos_baseline.py LAYOUT.json OUT_DIR``

This script runs under the separate virtual environment made by
:func:`benchmarks.escpos_env.ensure_escpos_venv` (python-escpos is never a project
dependency) and imports nothing from the project. The layout's ``profile`` object gives the
printer's paper width and capabilities: ``code_pages`` (our page name → ``ESC t`` slot),
``native_qr``, ``bit_image`` (``ESC *``), ``cutter`` and ``feed_before_cut``. It writes to
OUT_DIR:

``default.bin`` / ``default.json``
    What python-escpos produces when used the ordinary way, whatever the printer can do:
    per line ``p.set(align, bold, size)`` + ``p.text(line + "\\n")``; ``p.qr(data,
    size=module)`` (its default: a raster image); ``p.ln(n)`` for blanks; ``p.cut()``.
    Kazakh letters come out as ``?`` (and І/і as a silent switch to CP855).

``cheapest_correct.bin`` / ``cheapest_correct.json``
    The cheapest *correct* ticket python-escpos can make with the printer's capabilities,
    all through its public API:

    * text in one Cyrillic code page of the profile that python-escpos can encode (CP866,
      CP1251; it has no encoder for KZ-1048 or PT154, so it cannot print Kazakh letters as
      text): ``Dummy(magic_encode_args={"encoder": Encoder(profile slots)})`` and
      ``p.charcode(page)``, so the slot sent is the profile's. Every page is tried; the
      cheapest ticket wins;
    * a line that page cannot encode (one with Kazakh letters) is drawn with PIL in DejaVu
      Sans Mono (12x24-dot cells, as font A, scaled by the line's width/height factors,
      cropped to the text's own width) and sent with ``p.image()`` after
      ``p.set(align=...)`` (ESC a applies to images; ``image()`` neither sends nor resets
      it) — ``GS v 0`` (every printer) or ``ESC *`` (where ``bit_image``), whichever is
      shorter;
    * the QR: ``p.qr(data, native=True, size=module)`` (``GS ( k``) where the profile has
      ``native_qr``; else its image QR, ``GS v 0`` or ``ESC *``, and for an even module
      size also at half scale in quadruple density (``high_density_* = False``: the same
      squares on paper for a quarter of the bytes) — the shortest. Error correction M, as
      ours;
    * ``p.cut()`` where the profile has a cutter, else ``p.print_and_feed(feed_before_cut)``.

Each JSON file is ``{"bytes": N, "question_marks": Q, "how": "..."}``: Q counts the ``?``
bytes in the *text* that python-escpos wrote (not inside raster data or command parameters)
minus the ``?`` characters of the source lines it printed as text, i.e. the letters it
replaced by ``?``; ``how`` says which page, image command and QR the cheapest ticket used.

The printer object is ``escpos.printer.Dummy(profile="default")``: python-escpos's own
"Default" profile (generic, Epson-compatible; media width unknown, so ``image()`` checks no
width and prints a notice that is swallowed here).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

ESCPOS_PROFILE = "default"
CODEPAGE_CHANGE = b"\x1bt"
FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"
CELL_W, CELL_H = 12, 24  # font A cell in dots
FONT_SIZE = 20  # DejaVu Sans Mono at 20 px: ascent 19 + descent 5 = 24 rows, advance ~12.05
#: python-escpos's name for each of our code page names (same names upper-cased otherwise).
ESCPOS_PAGE_NAMES = {"kz1048": "RK1048"}
#: Cyrillic pages, in the order our driver prefers them (profiles.PrinterProfile.text_page).
CYRILLIC_PAGES = ("kz1048", "pt154", "cp1251", "cp866")
QR_EC_M = 1  # escpos.constants.QR_ECLEVEL_M

Step = Callable[[Any], None]


def _escpos(module: str) -> Any:
    return importlib.import_module(f"escpos.{module}")


class Recorder:
    """A python-escpos ``Dummy`` plus the bytes that its ``text()`` calls wrote as characters.

    The printer's ``text`` is wrapped on the instance, so every call goes through the
    bookkeeping, including the ones ``ln()`` and ``qr()`` make internally. With ``slots``
    (python-escpos page name → ``ESC t`` slot) its encoder knows only those pages, at the
    profile's slots.
    """

    def __init__(self, slots: dict[str, int] | None = None) -> None:
        args: dict[str, Any] = {}
        if slots is not None:
            encoder = _escpos("magicencode").Encoder({k: str(v) for k, v in slots.items()})
            args["magic_encode_args"] = {"encoder": encoder}
        self.printer: Any = _escpos("printer").Dummy(profile=ESCPOS_PROFILE, **args)
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

    def charcode(self, page: str) -> None:
        """``p.charcode(page)``, recording the slot it selects."""
        chunks: list[bytes] = self.printer._output_list
        start = len(chunks)
        self.printer.charcode(page)
        self.slots += [c[2] for c in chunks[start:] if c.startswith(CODEPAGE_CHANGE)]

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


@dataclass(frozen=True)
class Capabilities:
    """What the profile says the printer can do, as far as python-escpos can use it."""

    paper_dots: int
    #: python-escpos page name → the profile's ``ESC t`` slot (only pages it can encode).
    pages: dict[str, int]
    native_qr: bool
    image_impls: tuple[str, ...]
    cutter: bool
    feed_before_cut: int

    @classmethod
    def of(cls, profile: dict[str, Any]) -> Capabilities:
        """Read the layout's ``profile`` object."""
        slots = {str(k): int(v) for k, v in profile["code_pages"].items()}
        pages = {}
        for ours in [p for p in CYRILLIC_PAGES if p in slots]:
            name = ESCPOS_PAGE_NAMES.get(ours, ours.upper())
            if encodable(name):
                pages[name] = slots[ours]
        impls = ("bitImageRaster", "bitImageColumn") if profile["bit_image"] else \
            ("bitImageRaster",)
        return cls(int(profile["paper_width_dots"]), pages, bool(profile["native_qr"]), impls,
                   bool(profile["cutter"]), int(profile["feed_before_cut"]))


def encodable(page: str) -> bool:
    """Whether python-escpos has an encoder for ``page`` (it has none for RK1048)."""
    data = _escpos("codepages").CodePages.data.get(page, {})
    return "python_encode" in data or "data" in data


def shortest(steps: list[tuple[str, Step]]) -> tuple[str, Step]:
    """The step whose python-escpos output is shortest (each tried on a fresh ``Dummy``)."""
    def size(step: Step) -> int:
        probe = Recorder()
        step(probe.printer)
        return len(probe.output)
    return min(steps, key=lambda named: size(named[1]))


def image_step(image: Image.Image, impl: str, *, quadruple: bool = False) -> Step:
    """``p.image(image, impl=impl)``, in quadruple density when asked."""
    density = {"high_density_vertical": False, "high_density_horizontal": False} \
        if quadruple else {}
    return lambda p: p.image(image, impl=impl, center=False, **density)


def qr_steps(data: str, module: int, caps: Capabilities) -> list[tuple[str, Step]]:
    """Every correct way python-escpos can print the QR on this printer."""
    if caps.native_qr:
        return [("native", lambda p: p.qr(data, native=True, size=module, ec=QR_EC_M))]
    steps: list[tuple[str, Step]] = []
    for impl in caps.image_impls:
        def full(p: Any, impl: str = impl) -> None:
            p.qr(data, size=module, ec=QR_EC_M, image_arguments={"impl": impl})
        steps.append((f"image {impl}", full))
        if module % 2 == 0:
            def quad(p: Any, impl: str = impl) -> None:
                p.qr(data, size=module // 2, ec=QR_EC_M, image_arguments={
                    "impl": impl, "high_density_vertical": False,
                    "high_density_horizontal": False})
            steps.append((f"image {impl} quadruple", quad))
    return steps


def build_default(layout: dict[str, Any]) -> Recorder:
    """python-escpos used the ordinary way (see the module doc)."""
    rec = Recorder()
    p = rec.printer
    for item in layout["items"]:
        kind = item["type"]
        if kind == "line":
            p.set(align=str(item.get("align", "left")), bold=bool(item.get("bold", False)),
                  **size_arguments(int(item.get("width", 1)), int(item.get("height", 1))))
            p.text(str(item["text"]) + "\n")
        elif kind == "qr":
            p.set(align=str(item.get("align", "center")))
            p.qr(str(item["data"]), size=int(item.get("module", 3)))
        elif kind == "blank":
            p.ln(int(item.get("lines", 1)))
        else:
            raise ValueError(f"unknown layout item type {kind!r}")
    if layout.get("cut", True):
        p.cut()
    return rec


def build_correct(layout: dict[str, Any], caps: Capabilities, page: str) -> tuple[Recorder, str]:
    """The cheapest correct ticket with text in ``page``; returns it and how it was made."""
    rec = Recorder(caps.pages)
    p = rec.printer
    encoder = p.magic.encoder
    rec.charcode(page)
    how: set[str] = {f"text {page} (ESC t {caps.pages[page]})"}
    for item in layout["items"]:
        kind = item["type"]
        if kind == "line":
            text = str(item["text"])
            align = str(item.get("align", "left"))
            bold = bool(item.get("bold", False))
            width, height = int(item.get("width", 1)), int(item.get("height", 1))
            if all(encoder.can_encode(page, char) for char in text):
                p.set(align=align, bold=bold, **size_arguments(width, height))
                p.text(text + "\n")
            else:
                image = render_line(text, bold, width, height, caps.paper_dots)
                name, step = shortest([(f"lines {impl}", image_step(image, impl))
                                       for impl in caps.image_impls])
                p.set(align=align)
                step(p)
                how.add(name)
        elif kind == "qr":
            p.set(align=str(item.get("align", "center")))
            name, step = shortest(qr_steps(str(item["data"]), int(item.get("module", 3)), caps))
            step(p)
            how.add(f"QR {name}")
        elif kind == "blank":
            p.ln(int(item.get("lines", 1)))
        else:
            raise ValueError(f"unknown layout item type {kind!r}")
    if layout.get("cut", True):
        if caps.cutter:
            p.cut()
        else:
            p.print_and_feed(caps.feed_before_cut)
            how.add(f"feed {caps.feed_before_cut} (no cutter)")
    return rec, ", ".join(sorted(how))


def build_cheapest(layout: dict[str, Any]) -> tuple[Recorder, str]:
    """The cheapest correct ticket over the profile's Cyrillic pages python-escpos can use."""
    caps = Capabilities.of(layout["profile"])
    if not caps.pages:
        raise ValueError(f"profile {layout['profile'].get('id')!r} has no Cyrillic code page "
                         "python-escpos can encode")
    builds = [build_correct(layout, caps, page) for page in caps.pages]
    rec, how = min(builds, key=lambda built: len(built[0].output))
    wrong = sorted(set(rec.slots) - set(caps.pages.values()))
    if rec.question_marks != 0 or wrong:
        raise RuntimeError(f"cheapest_correct is not correct: question_marks="
                           f"{rec.question_marks}, code-page slots outside the profile: {wrong}")
    return rec, how


def write(out_dir: Path, name: str, rec: Recorder, how: str) -> dict[str, Any]:
    """Write ``NAME.bin`` and ``NAME.json``; return the JSON figures."""
    data = rec.output
    figures = {"bytes": len(data), "question_marks": rec.question_marks, "how": how}
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
        default = build_default(layout)
        try:
            cheapest, how = build_cheapest(layout)
        except (RuntimeError, ValueError) as exc:
            print(exc, file=sys.stderr)
            return 1
    for name, rec, what in (("default", default, "python-escpos defaults"),
                            ("cheapest_correct", cheapest, how)):
        figures = write(out_dir, name, rec, what)
        print(f"{name}: {figures['bytes']} bytes, {figures['question_marks']} '?' "
              f"(code-page slots {sorted(set(rec.slots))}; {what})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
