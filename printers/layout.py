"""Lay a :class:`~printers.document.Document` out for a paper width: wrapped, padded lines."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace

from printers.document import Align, Block, Document, Feed, Pair, Qr, Rule, Text


@dataclass(frozen=True)
class Line:
    """One printed line: at most ``columns // width`` characters."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass(frozen=True)
class QrCode:
    """A QR symbol with its module size in dots."""

    data: str
    module: int


@dataclass(frozen=True)
class Blank:
    """Blank lines."""

    lines: int


Item = Line | QrCode | Blank


@dataclass(frozen=True)
class Layout:
    """A document laid out for ``columns`` font-A characters per line."""

    items: tuple[Item, ...]
    columns: int
    cut: bool


def wrap(text: str, columns: int) -> list[str]:
    """Word-wrap ``text`` to ``columns``; explicit newlines start new lines; long words break."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(textwrap.wrap(paragraph, columns, break_long_words=True,
                                   break_on_hyphens=True) or [""])
    return lines


def lay_out(document: Document, columns: int,
            fold: Callable[[str], str] = lambda text: text) -> Layout:
    """Wrap every block of ``document`` to ``columns`` characters per line (font A).

    ``fold`` rewrites text first (e.g. … as ... on a page without …), so the wrapping
    counts the characters that will really be printed.
    """
    document = _folded(document, fold)
    items: list[Item] = []
    for block in document.blocks:
        if isinstance(block, Text):
            per_line = max(1, columns // block.width)
            items.extend(Line(part, block.align, block.bold, block.width, block.height)
                         for part in wrap(block.text, per_line))
        elif isinstance(block, Pair):
            items.extend(_pair(block, columns))
        elif isinstance(block, Rule):
            items.append(Line(block.char * columns))
        elif isinstance(block, Qr):
            items.append(QrCode(block.data, block.module))
            if block.caption:
                items.extend(Line(part, Align.CENTER) for part in wrap(block.caption, columns))
        elif isinstance(block, Feed):
            items.append(Blank(block.lines))
    return Layout(tuple(items), columns, document.cut)


def _folded(document: Document, fold: Callable[[str], str]) -> Document:
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Text):
            blocks.append(replace(block, text=fold(block.text)))
        elif isinstance(block, Pair):
            blocks.append(replace(block, label=fold(block.label), value=fold(block.value)))
        elif isinstance(block, Qr):
            blocks.append(replace(block, caption=fold(block.caption)))
        else:
            blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def _pair(pair: Pair, columns: int) -> list[Item]:
    gap = columns - len(pair.label) - len(pair.value)
    if gap >= 1:
        return [Line(pair.label + " " * gap + pair.value, bold=False)]
    lines: list[Item] = [Line(part) for part in wrap(pair.label, columns)]
    lines.extend(Line(part, Align.RIGHT, pair.bold_value) for part in wrap(pair.value, columns))
    return lines
