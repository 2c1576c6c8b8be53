"""What is not text must still be seen (WCAG 1.4.11, #13): the edges of controls, a chosen
choice against an unchosen one and the key-focus ring stand out by >= 3:1 from what they
touch, in every theme; the key focus moves nothing; a field's "×" reads; the header's worded
toggles fit its 96 px in every language, orientation and text size. Measured on rendered pixels
(tests/helpers/contrast.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from tests.helpers import contrast as C
from tests.ui.test_rendered_contrast import SIZES, kiosk, set_theme
from ui.theme import Theme, apply_theme
from ui.widgets import BigButton, ChoiceButton, Field, Tile

THEMES = {"default": Theme(), "high-contrast": Theme(high_contrast=True)}


def _field() -> QWidget:
    edit = QLineEdit("Әлия")  # as ui.widgets.Field makes its text box
    edit.setObjectName("fieldEdit")
    edit.setMinimumHeight(84)
    return edit


def _face() -> QWidget:
    button = QToolButton()
    button.setObjectName("faceButton")
    button.setCheckable(True)
    button.setText("Жақсы")
    button.setMinimumSize(180, 170)
    return button


def _named(cls: Callable[[], QWidget], name: str) -> Callable[[], QWidget]:
    def make() -> QWidget:
        widget = cls()
        widget.setObjectName(name)
        if isinstance(widget, QPushButton):
            widget.setText(widget.text() or "Ж")
        return widget
    return make


CONTROLS: dict[str, Callable[[], QWidget]] = {
    "text field": _field,
    "tile": lambda: Tile("queue"),
    "choice": lambda: ChoiceButton("Әлеуметтік мәселелер"),
    "chip": _named(lambda: ChoiceButton("Ұзақ күттім"), "chip"),
    "face": _face,
    "secondary button": lambda: BigButton("Мемлекеттік қызметтер", secondary=True),
    "primary button": lambda: BigButton("Жалғастыру"),
    "key": _named(QPushButton, "key"),
}


@pytest.fixture(params=list(THEMES))
def page(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[QWidget]:
    """A page in the kiosk's background colour, in a theme."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, THEMES[str(request.param)])
    widget = QWidget()
    widget.setObjectName("kioskWindow")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    QHBoxLayout(widget).setContentsMargins(40, 40, 40, 40)
    qtbot.addWidget(widget)
    yield widget
    apply_theme(app, Theme())


def _place(qtbot: QtBot, page: QWidget, *controls: QWidget) -> None:
    layout = page.layout()
    assert layout is not None
    for control in controls:
        layout.addWidget(control)
    page.resize(QSize(520 * len(controls), 300))
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()


def _rect(widget: QWidget, page: QWidget) -> C.QRect:
    return C.window_rect(widget, page)


@pytest.mark.parametrize("control", list(CONTROLS))
def test_a_control_s_edge_stands_out_from_the_page(qtbot: QtBot, page: QWidget,
                                                   control: str) -> None:
    widget = CONTROLS[control]()
    _place(qtbot, page, widget)
    found = C.edge(C.picture(page), _rect(widget, page))
    assert found.ratio >= C.NON_TEXT_MIN, (
        f"{control}: {found.ratio:.2f}:1 (border {C.hex_colour(found.border)}, fill "
        f"{C.hex_colour(found.fill)} on {C.hex_colour(found.outside)})")


def test_a_chosen_choice_stands_out_from_an_unchosen_one(qtbot: QtBot, page: QWidget) -> None:
    chosen, other = ChoiceButton("Жер қатынастары"), ChoiceButton("Әлеуметтік мәселелер")
    for button in (chosen, other):
        button.setCheckable(True)
    _place(qtbot, page, chosen, other)
    chosen.setChecked(True)
    QApplication.processEvents()
    image = C.picture(page)
    on, off = C.edge(image, _rect(chosen, page)), C.edge(image, _rect(other, page))
    by_fill = C.contrast(on.fill, off.fill)
    by_border = min(C.contrast(on.border, on.outside), C.contrast(on.border, on.fill)) \
        if on.border else 0.0
    assert max(by_fill, by_border) >= C.NON_TEXT_MIN, (
        f"chosen fill {C.hex_colour(on.fill)} vs {C.hex_colour(off.fill)} {by_fill:.2f}:1, "
        f"border {C.hex_colour(on.border)} {by_border:.2f}:1")


def _key_focus(widget: QWidget, on: bool) -> None:
    widget.setProperty("keyFocus", "true" if on else None)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    QApplication.processEvents()


@pytest.mark.parametrize("control", list(CONTROLS))
def test_the_key_focus_ring_stands_out_and_moves_nothing(qtbot: QtBot, page: QWidget,
                                                         control: str) -> None:
    widget = CONTROLS[control]()
    _place(qtbot, page, widget)
    widget.clearFocus()  # a lone text box takes Qt's focus when shown (its ring, too)
    QApplication.processEvents()
    plain, size = C.picture(page), widget.size()
    hint, contents = widget.sizeHint(), widget.contentsRect()
    _key_focus(widget, True)
    focused = C.picture(page)
    ring = C.focus_ring(plain, focused, _rect(widget, page))
    assert ring is not None, f"{control}: no focus indicator"
    assert ring.ratio >= C.NON_TEXT_MIN, (
        f"{control}: ring {C.hex_colour(ring.colour)} between {C.hex_colour(ring.outside)} "
        f"and {C.hex_colour(ring.inside)}: {ring.ratio:.2f}:1")
    assert (widget.size(), widget.sizeHint(), widget.contentsRect()) == (size, hint, contents)
    assert ring.moved == 0, f"{control}: {ring.moved} pixels inside moved"


def test_a_field_s_clear_button_reads(qtbot: QtBot, page: QWidget) -> None:
    field = Field()
    _place(qtbot, page, field)
    normal = C.picture(page)
    with C.texts_hidden([field]):
        QApplication.processEvents()
        blank = C.picture(page)
    measured = C.text_contrast(normal, blank, _rect(field.clear_button, page))
    assert measured.ratio >= C.TEXT_MIN, (
        f"×: {measured.ratio:.2f}:1 ({C.hex_colour(measured.text)} on "
        f"{C.hex_colour(measured.background)})")


@pytest.mark.parametrize("orientation", list(SIZES))
def test_the_header_s_worded_toggles_fit_in_every_language_and_size(
        qapp: QApplication, tmp_path: Path, orientation: str) -> None:
    problems = []
    with kiosk(tmp_path, orientation) as window:
        nav = window.navigator
        for large in (False, True):
            for lang in Language:
                nav.ctx.language.set(lang)
                set_theme(window, Theme(large_text=large))
                QApplication.processEvents()
                for button in (nav.text_size_button, nav.contrast_button, nav.audio_button):
                    why = C.clipping(button) or C.cut_off(button, window)
                    if why:
                        problems.append(f"{lang.value} large={large} "
                                        f"{button.text()!r}: {why}")
    assert not problems, "\n".join(problems)
