"""Which controls a key can reach, and in what order: as a person reads the screen.

Controls are buttons (push, tool, check) and editable text fields that are visible and
enabled. They are ordered by the widget tree: the children of each container are read in
lines, top to bottom, and each line left to right (a line: children whose heights overlap);
a container is read whole where it stands. So the days column of the booking screen is read
before the times beside it, a scroll area's list is read where the list is (not after the
footer, where its hidden part would lie), and each run of neighbouring controls on one line
is a *row* (the keys of a keyboard row, a row of tiles, the footer's buttons).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

if TYPE_CHECKING:
    from ui.navigator import Navigator

Row = list[QWidget]


def is_text(widget: QWidget) -> bool:
    """An editable text field (typing goes there)."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return False


def is_control(widget: QWidget) -> bool:
    """Something a visitor can press or type into."""
    return isinstance(widget, QAbstractButton) or is_text(widget)


def usable(widget: QWidget | None) -> bool:
    """``widget`` still exists, is on screen and can be used."""
    return (widget is not None and isValid(widget) and widget.isVisible()
            and widget.isEnabled() and widget.width() > 0 and widget.height() > 0)


def control_rows(root: QWidget) -> list[Row]:
    """The usable controls under ``root`` in reading order, grouped in rows."""
    rows: list[Row] = []
    _visit(root, rows)
    return rows


def _visit(parent: QWidget, rows: list[Row]) -> None:
    children = [child for child in parent.children()
                if isinstance(child, QWidget) and not child.isWindow() and child.isVisible()]
    for line in lines(children):
        pending: Row = []
        for child in line:
            if is_control(child):
                if child.isEnabled() and child.width() > 0 and child.height() > 0:
                    pending.append(child)
                continue
            if pending:
                rows.append(pending)
                pending = []
            _visit(child, rows)
        if pending:
            rows.append(pending)


def lines(widgets: list[QWidget]) -> list[Row]:
    """Sibling widgets grouped in lines (their heights overlap), each left to right."""
    result: list[Row] = []
    for widget in sorted(widgets, key=lambda w: (w.y(), w.x())):
        if result:
            first = result[-1][0].geometry()
            here = widget.geometry()
            if first.top() <= here.center().y() <= first.bottom() or \
                    here.top() <= first.center().y() <= here.bottom():
                result[-1].append(widget)
                continue
        result.append([widget])
    return [sorted(line, key=lambda w: w.x()) for line in result]


@dataclass(frozen=True)
class Reading:
    """What keys reach on the kiosk now: ``rows`` in reading order, the control a screen
    starts on (``start``), and whether an overlay card has the keys (``exclusive``)."""

    rows: list[Row]
    start: QWidget | None
    exclusive: bool
    #: The last control of the screen's body (End goes there while the main action is
    #: unavailable, e.g. Send before the consent box is ticked).
    body_end: QWidget | None = None

    @property
    def flat(self) -> list[QWidget]:
        """Every control, in order."""
        return [widget for row in self.rows for widget in row]

    def move(self, action: str, current: QWidget, main: QWidget) -> QWidget | None:
        """Where a move key takes the focus from ``current`` (``main``: the main action)."""
        flat = self.flat
        if current not in flat:
            return self.start
        row = next(r for r in self.rows if current in r)
        step = -1 if action in ("previous", "left", "previous_row") else 1
        target: QWidget | None = None
        if action in ("right", "left") and len(row) > 1:
            target = row[(row.index(current) + step) % len(row)]
        elif action in ("next", "previous", "right", "left"):
            target = flat[(flat.index(current) + step) % len(flat)]
        elif action in ("next_row", "previous_row"):
            target = self.rows[(self.rows.index(row) + step) % len(self.rows)][0]
        elif action == "first":
            target = self.start or flat[0]
        elif action == "last":
            target = main if main in flat else (self.body_end or current)
        return target


def read_kiosk(navigator: Navigator) -> Reading:
    """The controls keys reach: a card's alone while one is up over the screens ("Need more
    time?", "Sorry, something went wrong"), else the header, the screen's body and the
    footer; a screen starts on its body's first control (else the footer's, else the
    header's)."""
    card = overlay(navigator)
    if card is not None:
        rows = control_rows(card)
        return Reading(rows, rows[0][0] if rows else None, True)
    screen = navigator.stack.currentWidget()
    header = control_rows(navigator.header)
    body = keyboard_after_its_field(control_rows(screen)) if screen is not None else []
    footer = control_rows(navigator.footer)
    start = next((rows[0][0] for rows in (body, footer, header) if rows), None)
    return Reading(header + body + footer, start, False, body[-1][-1] if body else None)


def keyboard_after_its_field(rows: list[Row]) -> list[Row]:
    """The on-screen keyboard's keys read right after the field they type into: from a
    field Down goes into its keyboard, not past another field (which would take the
    keyboard over: a blind visitor typed the topic into the appeal text)."""
    from ui.keyboard import keyboard_of

    for keyboard in {k for row in rows for w in row if (k := keyboard_of(w)) is not None}:
        target = keyboard.target
        keys = [row for row in rows if row and keyboard_of(row[0]) is keyboard]
        rest = [row for row in rows if not (row and keyboard_of(row[0]) is keyboard)]
        at = next((i for i, row in enumerate(rest) if target in row), None)
        if at is not None:
            rows = rest[:at + 1] + keys + rest[at + 1:]
    return rows


def overlay(navigator: Navigator) -> QWidget | None:
    """A card shown over the screens (the idle card, a problem card, the PIN pad), if one
    is up."""
    for child in reversed(navigator.children()):
        if isinstance(child, QWidget) and child.isVisible() and not child.isWindow() \
                and child not in (navigator.header, navigator.stack, navigator.footer):
            return child
    return None


def place(widget: QWidget, top: QWidget) -> QRect:
    """Where ``widget`` is, in ``top``'s coordinates."""
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def nearest(flat: list[QWidget], where: QRect, top: QWidget) -> QWidget | None:
    """The control nearest to ``where`` (rows count four times columns)."""
    if not flat:
        return None
    if where.isNull():
        return flat[0]
    centre = where.center()

    def distance(widget: QWidget) -> int:
        here = place(widget, top).center()
        return abs(here.y() - centre.y()) * 4 + abs(here.x() - centre.x())

    return min(flat, key=distance)
