"""What a person sees on a rendered kiosk screen: the contrast of every text against what is
actually behind it, controls' edges and focus rings, text that does not fit, widgets that overlap.

Text pixels are found by rendering twice: as styled, and with every text colour transparent (a
style sheet on the screen's own root wins over the application's, whatever the specificity). A
pixel that differs belongs to a text: its colour in the first picture is the text as drawn
(anti-aliased at its edges), in the second what is behind it. Text drawn in its background's
colour differs nowhere and measures 1:1.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageChops
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QTextEdit,
    QWidget,
)

logger = logging.getLogger(__name__)

TEXT_MIN = 4.5
NON_TEXT_MIN = 3.0
#: Makes every text of a subtree invisible without moving anything.
BLANK_SHEET = "* { color: transparent; placeholder-text-color: transparent; }"
#: A colour that covers less of a text's pixels than this is anti-aliasing, not the text.
SHARE = 0.03
RGB = tuple[int, int, int]


def luminance(colour: RGB) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(value: object) -> RGB:
    """A pixel or palette entry of a PIL picture as an (r, g, b) triple."""
    if not isinstance(value, tuple) or len(value) < 3:
        raise TypeError(f"not a colour: {value!r}")
    return int(value[0]), int(value[1]), int(value[2])


def colours(image: Image.Image, limit: int) -> list[tuple[int, RGB]]:
    """How many pixels have each colour, among the pixels an alpha mask keeps."""
    return [(int(n), rgb(c)) for n, c in image.getcolors(limit) or []
            if isinstance(c, tuple) and c[3] == 255]


def hex_colour(colour: RGB | None) -> str:
    """``#RRGGBB`` (or ``-``)."""
    return "-" if colour is None else "#{:02X}{:02X}{:02X}".format(*colour)


def picture(widget: QWidget) -> Image.Image:
    """``widget`` rendered as a person sees it, as an RGB picture."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGBX8888)
    data = bytes(image.constBits())
    size = (image.width(), image.height())
    return Image.frombuffer("RGBX", size, data, "raw", "RGBX", image.bytesPerLine(),
                            1).convert("RGB")


@contextmanager
def texts_hidden(roots: Sequence[QWidget]) -> Iterator[None]:
    """Every text under ``roots`` transparent (nothing else changes) until the block ends."""
    before = [root.styleSheet() for root in roots]
    for root in roots:
        root.setStyleSheet(BLANK_SHEET)
    try:
        yield
    finally:
        for root, sheet in zip(roots, before, strict=True):
            root.setStyleSheet(sheet)


def window_rect(widget: QWidget, window: QWidget, rect: QRect | None = None) -> QRect:
    """``rect`` (default: the whole widget) of ``widget`` in ``window``'s coordinates."""
    rect = rect if rect is not None else widget.rect()
    return rect.translated(widget.mapTo(window, QPoint(0, 0)))


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` not cut off by its parents (in window coordinates)."""
    rect = window_rect(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(window_rect(parent, window))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def in_scroll_area(widget: QWidget) -> bool:
    """``widget`` is inside a scroll area (out of view is scrolled, not cut off)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def shown_text(widget: QWidget) -> str:
    """The text ``widget`` draws (Qt's own, not a Python override), or ''."""
    if isinstance(widget, QLabel):
        return "" if widget.pixmap() is not None and not widget.pixmap().isNull() \
            else QLabel.text(widget)
    if isinstance(widget, QAbstractButton):
        return QAbstractButton.text(widget)
    if isinstance(widget, QLineEdit):
        return QLineEdit.text(widget) or QLineEdit.placeholderText(widget)
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText() or widget.placeholderText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText() or widget.placeholderText()
    return ""


def text_widgets(roots: Sequence[QWidget], window: QWidget) -> list[QWidget]:
    """Every widget under ``roots`` that shows a text and can be seen now."""
    found = []
    for root in roots:
        if not root.isVisible():
            continue
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.isVisible() and shown_text(widget).strip() and \
                    not visible_rect(widget, window).isEmpty():
                found.append(widget)
    return found


def _rich(label: QLabel) -> bool:
    text_format = label.textFormat()
    return text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(QLabel.text(label)))


def label_text_rect(label: QLabel) -> tuple[QRect, QRect]:
    """Where a label's text goes and the room it has (both in the label's coordinates)."""
    room = label.contentsRect()
    margin = label.margin()
    room = room.adjusted(margin, margin, -margin, -margin)
    text = QLabel.text(label)
    align = label.alignment()
    if _rich(label):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(room.width())
        width = int(doc.idealWidth() + 0.999) if label.wordWrap() else \
            int(doc.size().width() + 0.999)
        size = (width, int(doc.size().height() + 0.999))
        x = room.x() + (room.width() - size[0]) // 2 if align & Qt.AlignmentFlag.AlignHCenter \
            else room.right() + 1 - size[0] if align & Qt.AlignmentFlag.AlignRight else room.x()
        y = room.y() + (room.height() - size[1]) // 2 if align & Qt.AlignmentFlag.AlignVCenter \
            else room.bottom() + 1 - size[1] if align & Qt.AlignmentFlag.AlignBottom \
            else room.y()
        return QRect(x, y, *size), room
    flags = int(align.value) | int(Qt.TextFlag.TextExpandTabs.value)
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap.value)
    return QFontMetrics(label.font()).boundingRect(room, flags, text), room


def button_text_room(button: QPushButton) -> tuple[QRect, QRect]:
    """The size a push button's text (and icon) needs, and its contents rectangle."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                         button)
    size = QFontMetrics(button.font()).size(int(Qt.TextFlag.TextShowMnemonic.value),
                                           QAbstractButton.text(button))
    width = size.width()
    if not button.icon().isNull():
        width += button.iconSize().width() + 4
    need = QRect(0, 0, width, max(size.height(), button.iconSize().height()
                                  if not button.icon().isNull() else 0))
    need.moveCenter(room.center())
    return need, room


def clipping(widget: QWidget) -> str:
    """Why ``widget``'s text does not fit it ('' when it does): needed against available."""
    if isinstance(widget, QLabel):
        need, room = label_text_rect(widget)
        if need.width() > room.width() + 1 or need.height() > room.height() + 1:
            return f"needs {need.width()}x{need.height()}, has {room.width()}x{room.height()}"
        return ""
    if isinstance(widget, QPushButton) and not widget.layout():
        need, room = button_text_room(widget)
        if need.width() > room.width() + 2 or need.height() > room.height() + 2:
            return (f"text needs {need.width()}x{need.height()}, contents "
                    f"{room.width()}x{room.height()}")
        return ""
    if isinstance(widget, QAbstractButton):
        hint, size = widget.sizeHint(), widget.size()
        if size.width() + 2 < hint.width() or size.height() + 2 < hint.height():
            return f"needs {hint.width()}x{hint.height()}, has {size.width()}x{size.height()}"
    return ""


def cut_off(widget: QWidget, window: QWidget) -> str:
    """The text (or button) runs out of a parent or the window ('' when it does not)."""
    if in_scroll_area(widget):
        return ""
    inner = label_text_rect(widget)[0] if isinstance(widget, QLabel) else widget.rect()
    wanted = window_rect(widget, window, inner)
    shown = visible_rect(widget, window)
    if shown.contains(wanted):
        return ""
    return (f"{wanted.width()}x{wanted.height()} at ({wanted.x()},{wanted.y()}) shown "
            f"{shown.width()}x{shown.height()} at ({shown.x()},{shown.y()})")


def overlapping(widget: QWidget) -> list[QWidget]:
    """Visible siblings whose rectangles overlap ``widget``'s."""
    parent = widget.parentWidget()
    if parent is None:
        return []
    return [other for other in parent.findChildren(QWidget, options=Qt.FindChildOption
                                                   .FindDirectChildrenOnly)
            if other is not widget and other.isVisible() and not other.isWindow()
            and other.geometry().intersects(widget.geometry())]


@dataclass(frozen=True)
class TextContrast:
    """A text's rendered colour against what is behind it."""

    ratio: float
    text: RGB | None
    background: RGB | None
    pixels: int


def text_contrast(normal: Image.Image, blank: Image.Image, box: QRect) -> TextContrast:
    """The contrast of the text inside ``box`` (window coordinates) of two renderings.

    The background is the colour most often behind the text's pixels; the text colour is,
    among the colours covering at least :data:`SHARE` of them, the one standing out most.
    """
    crop = (box.x(), box.y(), box.x() + box.width(), box.y() + box.height())
    drawn, behind = normal.crop(crop), blank.crop(crop)
    mask = ImageChops.difference(drawn, behind).convert("L").point(lambda v: 255 if v else 0)
    pixels = mask.histogram()[255]
    if not pixels:
        return TextContrast(1.0, None, None, 0)
    limit = box.width() * box.height()
    drawn_a, behind_a = drawn.convert("RGBA"), behind.convert("RGBA")
    drawn_a.putalpha(mask)
    behind_a.putalpha(mask)
    fronts, backs = colours(drawn_a, limit), colours(behind_a, limit)
    background = max(backs)[1]
    least = max(2, SHARE * pixels)
    candidates = [c for n, c in fronts if n >= least] or [max(fronts)[1]]
    colour = max(candidates, key=lambda c: contrast(c, background))
    return TextContrast(contrast(colour, background), colour, background, pixels)


@dataclass(frozen=True)
class Edge:
    """Colours met walking into a control from the left at mid height."""

    outside: RGB
    border: RGB | None
    fill: RGB
    border_width: int

    @property
    def ratio(self) -> float:
        """How well the control's boundary stands out from what is around it: its border's
        or its fill's contrast with the outside, whichever is higher."""
        if self.border is None:
            return contrast(self.fill, self.outside)
        return max(contrast(self.border, self.outside), contrast(self.fill, self.outside))


def edge(image: Image.Image, rect: QRect, depth: int = 16) -> Edge:
    """The colours at the left edge of ``rect`` (window coordinates) in ``image``: outside
    it, its border (a run of at most 10 px) and its fill."""
    y = rect.y() + rect.height() // 2
    outside = rgb(image.getpixel((max(0, rect.x() - 2), y)))
    runs: list[tuple[RGB, int]] = []
    for x in range(rect.x(), min(image.width, rect.x() + depth + 12)):
        colour = rgb(image.getpixel((x, y)))
        if runs and runs[-1][0] == colour:
            runs[-1] = (colour, runs[-1][1] + 1)
        else:
            runs.append((colour, 1))
    while runs and runs[0][0] == outside:  # a margin shows what is around
        runs.pop(0)
    if not runs:
        return Edge(outside, None, outside, 0)
    if len(runs) > 1 and runs[0][1] <= 10:
        return Edge(outside, runs[0][0], runs[1][0], runs[0][1])
    return Edge(outside, None, runs[0][0], 0)


@dataclass(frozen=True)
class Ring:
    """A focus ring: its colour, and what it meets inside and outside."""

    colour: RGB
    outside: RGB
    inside: RGB
    moved: int

    @property
    def ratio(self) -> float:
        """The weaker of the ring's contrasts with the control and with the background."""
        return min(contrast(self.colour, self.outside), contrast(self.colour, self.inside))


def focus_ring(plain: Image.Image, focused: Image.Image, rect: QRect) -> Ring | None:
    """The ring drawn when a control at ``rect`` gets the key focus (None: nothing changed).

    ``moved`` counts changed pixels in the middle half of the control (its content moved: the
    focus shifted the layout).
    """
    crop = (rect.x(), rect.y(), rect.x() + rect.width(), rect.y() + rect.height())
    before, after = plain.crop(crop), focused.crop(crop)
    mask = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v else 0)
    if not mask.histogram()[255]:
        return None
    width, height = rect.width(), rect.height()
    inner = mask.crop((width // 4, height // 4, max(width // 4 + 1, width * 3 // 4),
                       max(height // 4 + 1, height * 3 // 4)))
    moved = inner.histogram()[255]
    marked = after.convert("RGBA")
    marked.putalpha(mask)
    colour = max(colours(marked, rect.width() * rect.height()))[1]
    y = rect.y() + rect.height() // 2
    outside = rgb(focused.getpixel((max(0, rect.x() - 2), y)))
    x = rect.x()
    while x < rect.right() and rgb(focused.getpixel((x, y))) != colour:
        x += 1
    while x < rect.right() and rgb(focused.getpixel((x, y))) == colour:
        x += 1
    inside = rgb(focused.getpixel((x, y)))
    return Ring(colour, outside, inside, moved)
