"""A receipt as data: lines, sizes, alignment, QR, feeds — independent of any printer.

Receipt builders produce a :class:`Document`; :mod:`printers.layout` wraps it to a
profile's line width; :mod:`printers.render` turns the laid-out lines into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Align(StrEnum):
    """Horizontal alignment of a line."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    """A paragraph; wrapped to the paper width at the given character scale (1-8)."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    width: int = 1
    height: int = 1

    def __post_init__(self) -> None:
        if not (1 <= self.width <= 8 and 1 <= self.height <= 8):
            raise ValueError(f"character scale must be 1..8, got {self.width}x{self.height}")


@dataclass(frozen=True)
class Pair:
    """A label on the left and a value on the right of the same line (wraps if too long)."""

    label: str
    value: str
    bold_value: bool = False


@dataclass(frozen=True)
class Rule:
    """A full-width separator line."""

    char: str = "-"


@dataclass(frozen=True)
class Qr:
    """A QR code of ASCII ``data``; ``module`` dots per module (same physical size anywhere)."""

    data: str
    module: int = 6
    caption: str = ""


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


Block = Text | Pair | Rule | Qr | Feed


@dataclass(frozen=True)
class Document:
    """A whole receipt; ``cut`` ends it with a paper cut (after enough feed to clear the blade)."""

    blocks: tuple[Block, ...]
    cut: bool = True
    title: str = field(default="receipt")
