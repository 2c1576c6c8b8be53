"""Showing the key focus on a control, and bringing a control into use as a finger would."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

#: The dynamic property that marks the control the keys are on (styled
#: ``*[keyFocus="true"]`` with a thick outline).
PROPERTY = "keyFocus"


def set_key_focus(widget: QWidget, on: bool) -> None:
    """Mark (or unmark) ``widget`` as the key focus and restyle it at once."""
    widget.setProperty(PROPERTY, on)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def scroll_to(widget: QWidget, top: QWidget) -> None:
    """Scroll the list holding ``widget`` (below ``top``) until it is in view."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
            return
        parent = parent.parentWidget()


def tap(field: QWidget) -> None:
    """Start typing in ``field`` as a finger on it does (its screen attaches the on-screen
    keyboard there), with the text cursor at the end.

    The caller ignores the press it sends (it is not a visitor's touch).
    """
    field.setFocus()
    point = QPointF(max(0, field.width() - 4), field.height() / 2)
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        held = Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress \
            else Qt.MouseButton.NoButton
        QApplication.sendEvent(field, QMouseEvent(
            kind, point, field.mapToGlobal(point), Qt.MouseButton.LeftButton, held,
            Qt.KeyboardModifier.NoModifier))
    if isinstance(field, QLineEdit):
        field.end(False)
    elif isinstance(field, QPlainTextEdit | QTextEdit):
        field.moveCursor(QTextCursor.MoveOperation.End)
