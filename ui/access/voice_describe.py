"""What the voice says for a screen on arrival and for a control as the focus reaches it.

Everything said is what the screen shows, in the screen's language: a screen's
:meth:`~ui.screens.base.Screen.spoken` (its title and question), else its visible title
labels; a control's own text (a symbol key by its name, :data:`SYMBOL_NAMES`), its state
(chosen or not, unavailable) and, for a text field, its label and what is typed in it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from kiosk.i18n import N_
from ui.screens.base import Screen
from ui.widgets import Field

logger = logging.getLogger(__name__)

Translate = Callable[[str], str]
#: Object names of a screen's visible title labels (:func:`ui.widgets.title_label`).
TITLE_NAMES = frozenset({"screenTitle", "title"})
#: Words the voice adds to a control (marked here for the translation catalogue).
CHOSEN = N_("chosen")
NOT_CHOSEN = N_("not chosen")
EMPTY = N_("empty")
UNAVAILABLE = N_("unavailable")
TYPED = N_("typed")


def _symbol_names() -> Mapping[str, str]:
    try:
        from ui.access.names import SYMBOL_NAMES
    except ImportError:  # the key names come with key navigation (ui/access/names.py)
        logger.info("ui.access.names is not there: symbol keys are read as they are")
        return {}
    return SYMBOL_NAMES


SYMBOL_NAMES: Mapping[str, str] = _symbol_names()


def screen_words(screen: Screen) -> list[str]:
    """What ``screen`` says on arrival: its :meth:`spoken`, else its visible titles."""
    words = [w for w in screen.spoken() if w.strip()]
    return words or title_texts(screen)


def title_texts(screen: QWidget) -> list[str]:
    """The texts of the visible title labels of ``screen``, top to bottom."""
    labels = [label for label in screen.findChildren(QLabel)
              if label.objectName() in TITLE_NAMES and label.isVisibleTo(screen)
              and label.text().strip()]
    labels.sort(key=lambda label: label.mapTo(screen, label.rect().topLeft()).y())
    return [label.text() for label in labels]


def control_words(widget: QWidget, t: Translate) -> list[str]:
    """What a control is, as the focus reaches it: its words, then its state."""
    if isinstance(widget, QLineEdit):
        return field_words(widget, t)
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        label = widget.accessibleName() or buddy_text(widget) or widget.placeholderText()
        typed = widget.toPlainText().strip()
        return [w for w in (label, t(TYPED.msgid) + ": " + typed[:400] if typed
                            else t(EMPTY.msgid)) if w]
    words: list[str] = []
    if isinstance(widget, QAbstractButton):
        text = widget.accessibleName() or widget.text() or buddy_text(widget)
        name = SYMBOL_NAMES.get(text.strip())
        words.append(t(name) if name else text)
        if widget.isCheckable():
            words.append(t(CHOSEN.msgid if widget.isChecked() else NOT_CHOSEN.msgid))
        if not widget.isEnabled():
            words.append(t(UNAVAILABLE.msgid))
        return [w for w in words if w.strip()]
    text = widget.accessibleName() or (widget.text() if isinstance(widget, QLabel) else "")
    return [text] if text.strip() else []


def buddy_text(widget: QWidget) -> str:
    """The words of the label that names ``widget`` on screen (``QLabel.setBuddy``): a
    check box or a text box whose words stand in a label beside or above it."""
    window = widget.window()
    for label in window.findChildren(QLabel) if window is not None else []:
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def field_words(edit: QLineEdit, t: Translate) -> list[str]:
    """A text field: its label (or placeholder), then what is typed in it or "empty"."""
    label = edit.accessibleName()
    parent = edit.parentWidget()
    while not label and parent is not None:
        if isinstance(parent, Field):
            label = parent.label.text()
            break
        parent = parent.parentWidget()
    label = label or edit.placeholderText()
    typed = edit.text()
    if not typed:
        value = t(EMPTY.msgid)
    elif edit.echoMode() != QLineEdit.EchoMode.Normal:
        value = t(TYPED.msgid) + f": {len(typed)}"
    elif typed.replace(" ", "").isdigit():
        value = t(TYPED.msgid) + ": " + ", ".join(typed.replace(" ", ""))
    else:
        value = t(TYPED.msgid) + ": " + typed
    return [w for w in (label, value) if w.strip()]
