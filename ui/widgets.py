"""The kiosk's building blocks: big buttons, tiles, titles, form fields — styled by object name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.assets import assets_dir
from kiosk.i18n import N_, Message

if TYPE_CHECKING:  # PySide makes each class's Python type when it is first imported
    from PySide6.QtGui import QIcon, QResizeEvent
    from PySide6.QtWidgets import QLayout

    from kiosk.errors import ValidationError

TOUCH_HEIGHT = 112


def set_qt_property(target: QObject, name: str, value: str) -> None:
    """Set an enum property by C++ names: ``set_qt_property(label, "alignment", "AlignCenter")``.

    What Home is built from uses this instead of ``Qt.…`` enums: the first use of ``Qt``
    makes PySide build ~90 Python enum classes (about 30 ms), which then happens only
    after Home is on screen.
    """
    if not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__}.{name} cannot be set to {value!r}")


def no_focus(widget: QWidget) -> None:
    """Touching ``widget`` does not take the keyboard focus (away from a field being typed in)."""
    set_qt_property(widget, "focusPolicy", "NoFocus")


_CONTRAST = {"on": False, "path": False}


def set_contrast_icons(on: bool) -> None:
    """Use the yellow high-contrast icon set from now on."""
    _CONTRAST["on"] = on


def icon(name: str) -> QIcon:
    """An icon from ``assets/icons`` (or ``assets/icons/contrast``) by name."""
    from PySide6.QtCore import QDir
    from PySide6.QtGui import QIcon

    if not _CONTRAST["path"]:  # Home has no icons: the search path is set on first use
        QDir.addSearchPath("icons", str(assets_dir() / "icons"))
        _CONTRAST["path"] = True
    folder = "contrast/" if _CONTRAST["on"] else ""
    return QIcon(f"icons:{folder}{name}.svg")


class BigButton(QPushButton):
    """A primary (or secondary) touch button at least 112 px tall."""

    def __init__(self, text: str = "", *, secondary: bool = False, icon_name: str = "",
                 parent: QWidget | None = None) -> None:
        # Not QPushButton(text, parent): with two arguments PySide also tries the
        # (QIcon, text) overload, and a first QIcon makes its Python type (~3 ms, 150 enums).
        super().__init__(parent)
        self.setText(text)
        self.setObjectName("secondaryButton" if secondary else "primaryButton")
        self.setMinimumHeight(TOUCH_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        no_focus(self)
        if icon_name:
            self.setIcon(icon(icon_name))
            self.setIconSize(QSize(48, 48))


class Tile(QToolButton):
    """A main-menu tile: a 96 px icon over a label of up to two lines."""

    def __init__(self, icon_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.icon_name = icon_name
        self.setIcon(icon(icon_name))
        self.setIconSize(QSize(96, 96))
        set_qt_property(self, "toolButtonStyle", "ToolButtonTextUnderIcon")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        no_focus(self)


class ChoiceButton(QPushButton):
    """A list choice (department, category, service, day, slot) whose text wraps, never clips."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt  # built after Home shows (see set_qt_property)

        super().__init__(parent)
        self.setObjectName("choiceButton")
        self._plain = text
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setObjectName("choiceLabel")
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.addWidget(self.label)
        self.setMinimumHeight(TOUCH_HEIGHT - 16)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        no_focus(self)
        self.toggled.connect(self._mark)

    def _mark(self, checked: bool) -> None:
        """Style the label of a chosen button: Qt style sheets cannot select a child by its
        parent's state (``#choiceButton:checked #choiceLabel`` matched every label, so high
        contrast drew every choice black on black)."""
        self.label.setProperty("selected", checked)
        style = self.label.style()
        style.unpolish(self.label)
        style.polish(self.label)

    def setText(self, text: str) -> None:
        """Set the (wrapping) text, shown as typed (no markup)."""
        from PySide6.QtCore import Qt

        self._plain = text
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setText(text)
        self.updateGeometry()

    def set_heading(self, heading: str, detail: str) -> None:
        """A bold heading with its explanation under it (an appeal type and what it is for);
        :meth:`text` gives both as plain lines, for the voice."""
        from html import escape

        from PySide6.QtCore import Qt

        self._plain = f"{heading}\n{detail}"
        self.label.setTextFormat(Qt.TextFormat.RichText)
        lines = "<br>".join(escape(line) for line in detail.splitlines())
        self.label.setText(f"<b>{escape(heading)}</b><br>{lines}")
        self.updateGeometry()

    def text(self) -> str:
        """The button's text (plain: without the heading's markup)."""
        return self._plain

    def sizeHint(self) -> QSize:
        """As tall as the wrapped text needs (at least a touch target)."""
        layout = self.layout()
        hint = layout.sizeHint() if layout is not None else super().sizeHint()
        return QSize(hint.width(), max(TOUCH_HEIGHT - 16, hint.height()))

    def minimumSizeHint(self) -> QSize:
        """Narrow enough to share a row; the text wraps."""
        return QSize(240, TOUCH_HEIGHT - 16)

    def hasHeightForWidth(self) -> bool:
        """The height depends on the width (wrapping)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Room for the wrapped text at ``width``."""
        return max(TOUCH_HEIGHT - 16, self.label.heightForWidth(width - 48) + 20)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Never lower than the wrapped text at this width: a grid in a scroll area does
        not ask for the height for a width, and squeezed the third line of a long Kazakh
        or Russian service name away."""
        super().resizeEvent(event)
        need = self.heightForWidth(event.size().width())
        if self.minimumHeight() != need:
            self.setMinimumHeight(need)


def title_label(text: str = "") -> QLabel:
    """A 48 px screen title that wraps instead of clipping."""
    label = QLabel(text)
    label.setObjectName("screenTitle")
    label.setWordWrap(True)
    return label


def body_label(text: str = "", object_name: str = "body") -> QLabel:
    """Body text (28 px) that wraps."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    set_qt_property(label, "textInteractionFlags", "NoTextInteraction")
    return label


class Field(QWidget):
    """A labelled input with a clear button and a validation message under it."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, numeric: bool = False) -> None:
        from PySide6.QtWidgets import QLineEdit

        super().__init__(parent)
        self.numeric = numeric
        self.label = body_label(object_name="fieldLabel")
        self.edit = QLineEdit()
        self.edit.setObjectName("fieldEdit")
        self.edit.setMinimumHeight(84)
        set_qt_property(self.edit, "contextMenuPolicy", "NoContextMenu")
        self.edit.setProperty("numeric", numeric)
        self.clear_button = QPushButton("×")
        self.clear_button.setObjectName("clearButton")
        self.clear_button.setFixedSize(84, 84)
        no_focus(self.clear_button)
        self.clear_button.clicked.connect(self.edit.clear)
        self.message = body_label(object_name="fieldError")
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)  # label above, message under the value (the UI guide)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.edit.textChanged.connect(self.edited.emit)

    @property
    def text(self) -> str:
        """What was typed."""
        return self.edit.text()

    def show_error(self, text: str) -> None:
        """Show a rule the value breaks (in words, with a warning sign)."""
        self.message.setText(f"⚠ {text}" if text else "")
        self.message.setVisible(bool(text))
        self.edit.setProperty("invalid", bool(text))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)

    def clear(self) -> None:
        """Wipe the value and the message."""
        self.edit.clear()
        self.show_error("")


def field_problem(field: Message, exc: ValidationError) -> Message:
    """What the visitor reads (and hears) about a broken rule: it always names the field
    ("Full name: please fill this in."), in whichever language is shown when it is rendered."""
    message = exc.message
    if message.msgid.startswith("{field}"):  # names a field already: the one on this screen
        return Message(message.msgid, {**message.params, "field": field}, message.plural,
                       message.n)
    if exc.rule == "empty":
        return N_("{field}: please fill this in.", field=field)
    return N_("{field}: {problem}", field=field, problem=message)


def problem_text(t: Callable[[Message], str], problem: Message) -> str:
    """Render a :func:`field_problem` in the current language, without saying the field
    twice when the rule's words already begin with it ("ЖСН 12 цифрдан тұрады")."""
    if problem.msgid == "{field}: {problem}":
        field, words = problem.params["field"], problem.params["problem"]
        if isinstance(field, Message) and isinstance(words, Message):
            name, text = t(field), t(words)
            return text if text.casefold().startswith(name.casefold()) else f"{name}: {text}"
    return t(problem)


def clear_layout(layout: QLayout) -> None:
    """Remove every widget (and nested layout) of a layout at once, then delete them."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # gone from the screen now, not at the next event loop
            widget.deleteLater()
        inner = item.layout()
        if inner is not None:
            clear_layout(inner)


def on_click(button: QPushButton | QToolButton, action: Callable[[], object]) -> None:
    """Connect a click to an action that takes no arguments."""
    button.clicked.connect(lambda _checked=False: action())
