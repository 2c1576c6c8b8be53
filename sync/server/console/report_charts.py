"""Bar charts for the report pages, computed here and drawn by the templates as inline SVG.

No script and no inline style (the console's Content-Security-Policy allows neither): a
bar is an SVG ``rect`` whose size is a presentation attribute, in per cent of the chart's
width so the chart fits an office screen and a phone alike, and every bar carries its value
as text beside it (never colour alone). The colours are the kiosk's palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.pdf.monthly import PRIMARY, SCORE_COLOURS

#: The columns chart's drawing height in pixels (bars, the value above, the label below).
COLUMN_AREA = 150
COLUMN_TOP = 24


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, the value text, its length in % of the track, colour."""

    label: str
    text: str
    length: str
    colour: str


@dataclass(frozen=True)
class Column:
    """One vertical bar: its x, width and centre in %, its top and height in px, texts."""

    label: str
    text: str
    x: str
    width: str
    centre: str
    top: int
    height: int
    colour: str
    note: str = ""


def _share(value: float, top: float) -> float:
    if top <= 0 or value <= 0:
        return 0.0
    return max(0.6, 100.0 * value / top)


def bars(items: Sequence[tuple[str, int]], colours: Sequence[str] | None = None,
         texts: Sequence[str] | None = None) -> list[Bar]:
    """Rows of (label, value) as bars scaled to the largest value."""
    top = max((value for _, value in items), default=0)
    return [Bar(label, texts[i] if texts else str(value), f"{_share(value, top):.1f}%",
                colours[i] if colours else PRIMARY)
            for i, (label, value) in enumerate(items)]


def columns(items: Sequence[tuple[str, float]], texts: Sequence[str],
            colours: Sequence[str] | None = None, notes: Sequence[str] = ()) -> list[Column]:
    """(label, value) as upright bars scaled to the largest value, each with a value text
    above it and an optional note under its label."""
    top = max((value for _, value in items), default=0)
    slot = 100.0 / max(1, len(items))
    found = []
    for i, (label, value) in enumerate(items):
        height = round(COLUMN_AREA * _share(value, top) / 100)
        found.append(Column(label, texts[i], f"{slot * i + slot * 0.18:.2f}%",
                            f"{slot * 0.64:.2f}%", f"{slot * (i + 0.5):.2f}%",
                            COLUMN_TOP + COLUMN_AREA - height, height,
                            colours[i] if colours else PRIMARY,
                            notes[i] if notes else ""))
    return found


def score_columns(per_score: Sequence[int], share_texts: Sequence[str]) -> list[Column]:
    """The five scores as upright bars in the scores' colours: the count above each bar,
    the score and its share under it."""
    return columns([(str(score), count) for score, count in enumerate(per_score, start=1)],
                   [str(count) for count in per_score], SCORE_COLOURS, share_texts)
