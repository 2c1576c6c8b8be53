"""Themes that pass (#13 §3): every visitor screen with realistic content, in every theme
and both orientations, rendered offscreen and measured on its pixels (tests/helpers/contrast.py)
— every visible text against what is actually behind it (>= 4.5:1), every control's edge, a
chosen state against an unchosen one and the key-focus ring (>= 3:1), and no text clipped, cut
off by its parent or overlapping a sibling.

One window per orientation (the screens lay themselves out for it when built); themes are
switched with the header's own buttons. A failure names the screen, theme, orientation, the
widget's objectName, its text and the measured figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.i18n import Language
from kiosk.storage import open_database
from tests.helpers import contrast as C
from tests.ui.conftest import make_config
from tests.ui.harness import kiosk_window, visit
from ui.app import KioskWindow
from ui.screens.base import ScreenId
from ui.screens.result import Outcome
from ui.theme import Theme

THEMES = {"default": Theme(), "high-contrast": Theme(high_contrast=True),
          "large-text": Theme(large_text=True),
          "high-contrast+large-text": Theme(high_contrast=True, large_text=True)}
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
#: Controls a visitor touches (or reaches by keys): their edges and focus ring are measured.
CONTROLS = ("tile", "choiceButton", "primaryButton", "secondaryButton", "startButton",
            "footerButton", "fieldEdit", "appealText", "clearButton", "faceButton", "chip",
            "key", "functionKey", "spaceKey", "doneKey", "languageButton", "headerToggle",
            "continueButton")
LONG_TOPIC = "Ауылдағы Абай көшесіндегі көше жарығы мен жаяу жүргіншілер жолы"
LONG_TEXT = ("Құрметті әкім! Абай көшесінде үш айдан бері көше шамдары жанбайды, балалар "
             "мектептен қараңғыда қайтады. Өтінемін, шамдарды жөндеуге және жаяу жүргіншілер "
             "өтпесін белгілеуге көмектесіңіз. Тұрғындар атынан алғыс айтамыз.")


@dataclass(frozen=True)
class Finding:
    """Something a person would notice, and where."""

    kind: str  # text, edge, state, focus, clipped, cut, overlap
    screen: str
    theme: str
    orientation: str
    name: str
    text: str
    figure: str

    def __str__(self) -> str:
        return (f"{self.kind}: {self.screen} [{self.theme}, {self.orientation}] "
                f"#{self.name} {self.text[:60]!r}: {self.figure}")


def _ticket_outcome(window: KioskWindow) -> Outcome:
    ctx = window.navigator.ctx
    return Outcome("Ә-017", lambda lang: [
        lang.text(ctx.catalogue.department("social").name),
        lang.t("Room {room}").format(room="103"), "1 желтоқсан 2026, 10:00"],
        highlights=lambda lang: [lang.t("Priority ticket (served out of turn)")],
        qr_data="HTTP://127.0.0.1:8470/T/KX7MQ4RT9C", code="KX7MQ-4RT9C")


def _status_code(window: KioskWindow) -> str:
    from kiosk.tickets import issue_ticket

    ctx = window.navigator.ctx
    ticket = issue_ticket(ctx.db, ctx.catalogue, "social", ctx.clock(), Language.KK)
    return ticket.tracking_code


def _fill_text(window: KioskWindow) -> None:
    screen = window.navigator.stack.currentWidget()
    topic = getattr(screen, "topic", None)
    if topic is not None:
        topic.edit.setText(LONG_TOPIC)
    text = getattr(screen, "text", None)
    if text is not None and hasattr(text, "setPlainText"):
        text.setPlainText(LONG_TEXT)


def _fill_person(window: KioskWindow) -> None:
    screen = window.navigator.stack.currentWidget()
    values = {"full_name": "Әлия Нұрланқызы Бекмұхамбетова", "iin": "900101400003",
              "phone": "+7 701 234 56 78", "address": "Қарасу ауылы, Абай көшесі, 12"}
    for name, field in getattr(screen, "fields", {}).items():
        field.edit.setText(values.get(name, ""))


def _choose_first(object_name: str) -> Callable[[KioskWindow], None]:
    def choose(window: KioskWindow) -> None:
        screen: Any = window.navigator.stack.currentWidget()
        for button in screen.findChildren(QAbstractButton, object_name):
            if button.isVisible() and button.isCheckable():
                button.click()
                return
    return choose


def _priority(window: KioskWindow) -> None:
    screen = window.navigator.stack.currentWidget()
    toggle = getattr(screen, "priority", None)
    if toggle is not None and toggle.isVisible():
        toggle.setChecked(True)


def _search(window: KioskWindow) -> None:
    screen: Any = window.navigator.stack.currentWidget()
    screen.search.edit.setText("жер")
    screen.keyboard.show()


def _review(window: KioskWindow) -> None:
    window.navigator.ctx.form.update(
        appeal_type="complaint", topic=LONG_TOPIC, text=LONG_TEXT,
        full_name="Әлия Нұрланқызы Бекмұхамбетова", iin="900101400003",
        phone="+77012345678", address="Қарасу ауылы, Абай көшесі, 12")


@dataclass(frozen=True)
class State:
    """A screen with what a visitor would have put on it."""

    name: str
    screen: ScreenId
    payload: Callable[[KioskWindow], object] | None = None
    before: Callable[[KioskWindow], None] | None = None
    after: Callable[[KioskWindow], None] | None = None
    lang: Language = Language.KK


STATES = [
    State("home", ScreenId.HOME),
    State("menu", ScreenId.MENU),
    State("closed", ScreenId.CLOSED),
    State("about", ScreenId.ABOUT),
    State("queue", ScreenId.QUEUE),
    State("queue-priority", ScreenId.QUEUE, after=_priority),
    State("services", ScreenId.SERVICES),
    State("services-search", ScreenId.SERVICES, after=_search),
    State("service", ScreenId.SERVICE, payload=lambda w: "targeted-social-assistance"),
    State("appeal_type", ScreenId.APPEAL_TYPE, after=_choose_first("choiceButton")),
    State("appeal_text", ScreenId.APPEAL_TEXT, after=_fill_text),
    State("appeal_person", ScreenId.APPEAL_PERSON, after=_fill_person),
    State("appeal_review", ScreenId.APPEAL_REVIEW, before=_review),
    State("booking_slot", ScreenId.BOOKING_SLOT),
    State("booking_person", ScreenId.BOOKING_PERSON, after=_fill_person),
    State("rating", ScreenId.RATING, after=_choose_first("faceButton")),
    State("status", ScreenId.STATUS, payload=_status_code),
    State("result", ScreenId.RESULT, payload=_ticket_outcome),
    # The header's and the menu's words in the other languages.
    *(State(f"{name}-{lang.value}", screen, payload=payload, lang=lang)
      for lang in (Language.RU, Language.EN)
      for name, screen, payload in (("home", ScreenId.HOME, None), ("menu", ScreenId.MENU, None),
                                    ("queue", ScreenId.QUEUE, None),
                                    ("result", ScreenId.RESULT, _ticket_outcome))),
]


def show(window: KioskWindow, state: State, theme: Theme) -> QWidget:
    """Put ``state`` on screen in its language in ``theme`` (Home resets the theme: it is
    set after)."""
    nav = window.navigator
    if state.before is not None:
        state.before(window)
    if state.payload is None:
        visit(window, state.screen, state.lang)
    else:
        nav.ctx.language.set(state.lang)
        nav.show_screen(state.screen, state.payload(window))
    set_theme(window, theme)
    if state.after is not None:
        state.after(window)
    settle(window)
    return nav.screens[state.screen]


def settle(window: KioskWindow, turns: int = 30) -> None:
    """Turn the event loop until no widget moves or resizes any more (a screen's first
    showing re-lays itself over several turns: labels re-wrap, lists appear)."""
    def geometry() -> list[tuple[int, int, int, int]]:
        return [w.geometry().getRect() for w in window.findChildren(QWidget)
                if w.isVisible()]

    before = geometry()
    for _ in range(turns):
        QApplication.processEvents()
        now = geometry()
        if now == before:
            return
        before = now


def set_theme(window: KioskWindow, theme: Theme) -> None:
    """Switch to ``theme`` as a visitor would: the header's Contrast and Larger text."""
    nav = window.navigator
    if nav.theme.high_contrast != theme.high_contrast:
        nav.contrast_button.click()
    if nav.theme.large_text != theme.large_text:
        nav.text_size_button.click()
    QApplication.processEvents()


@contextmanager
def kiosk(base: Path, orientation: str) -> Iterator[KioskWindow]:
    """The kiosk window in ``orientation``, with a database under ``base``."""
    config = make_config(base)
    config.paths.state_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(config.paths.database)
    try:
        with kiosk_window(config, db, *SIZES[orientation]) as window:
            QApplication.processEvents()
            yield window
    finally:
        db.close()


def _fill_and_edge(window: KioskWindow, image: Image.Image, widget: QWidget) -> C.Edge:
    return C.edge(image, C.window_rect(widget, window))


def inspect(window: KioskWindow, screen: QWidget, where: tuple[str, str, str]) -> list[Finding]:
    """Everything a person would notice on the screen on show (header and footer too)."""
    nav = window.navigator
    roots = [nav.header, screen] + ([nav.footer] if nav.footer.isVisible() else [])
    found: list[Finding] = []

    def note(kind: str, widget: QWidget, text: str, figure: str) -> None:
        found.append(Finding(kind, *where, widget.objectName() or type(widget).__name__,
                             text, figure))

    # Re-polishing (as hiding the texts does) re-lays rows of wrapped choices that the first
    # layout made a little lower: both pictures are taken after one, so they line up.
    with C.texts_hidden(roots):
        settle(window)
    settle(window)
    normal = C.picture(window)
    with C.texts_hidden(roots):
        settle(window)  # a style change re-lays some rows (wrapped choices) over turns
        blank = C.picture(window)
    settle(window)
    widgets = C.text_widgets(roots, window)
    for widget in widgets:
        text = C.shown_text(widget)
        shown = C.visible_rect(widget, window)
        whole = shown == C.window_rect(widget, window)
        measured = C.text_contrast(normal, blank, shown)
        if measured.ratio < C.TEXT_MIN and (whole or measured.pixels):
            note("text", widget, text, f"{measured.ratio:.2f}:1 ({C.hex_colour(measured.text)}"
                 f" on {C.hex_colour(measured.background)})")
        why = C.clipping(widget)
        if why:
            note("clipped", widget, text, why)
        why = C.cut_off(widget, window)
        if why:
            note("cut", widget, text, why)
        for other in C.overlapping(widget):
            note("overlap", widget, text, f"overlaps {other.objectName() or type(other).__name__}")
    found += _controls(window, roots, normal, note)
    return found


def _controls(window: KioskWindow, roots: list[QWidget], normal: Image.Image,
              note: Callable[[str, QWidget, str, str], None]) -> list[Finding]:
    """Edges of controls, the checked state against the unchecked, the key-focus ring."""
    controls = [w for root in roots for w in root.findChildren(QWidget)
                if w.objectName() in CONTROLS and w.isVisible() and w.isEnabled()
                and w.width() > 8 and w.height() > 8
                and window.rect().contains(C.window_rect(w, window))
                and C.visible_rect(w, window) == C.window_rect(w, window)]
    unchecked: dict[str, C.Edge] = {}
    checked: list[tuple[QWidget, C.Edge]] = []
    for widget in controls:
        found = _fill_and_edge(window, normal, widget)
        label = C.shown_text(widget) or _child_text(widget)
        if found.ratio < C.NON_TEXT_MIN:
            note("edge", widget, label, f"{found.ratio:.2f}:1 (border "
                 f"{C.hex_colour(found.border)}, fill {C.hex_colour(found.fill)} on "
                 f"{C.hex_colour(found.outside)})")
        if isinstance(widget, QAbstractButton) and widget.isCheckable():
            if widget.isChecked():
                checked.append((widget, found))
            else:
                unchecked.setdefault(widget.objectName(), found)
    for widget, found in checked:
        other = unchecked.get(widget.objectName())
        if other is None:
            continue
        by_fill = C.contrast(found.fill, other.fill)
        by_border = min(C.contrast(found.border, found.outside),
                        C.contrast(found.border, found.fill)) if found.border else 0.0
        if max(by_fill, by_border) < C.NON_TEXT_MIN:
            note("state", widget, C.shown_text(widget) or _child_text(widget),
                 f"chosen fill {C.hex_colour(found.fill)} vs {C.hex_colour(other.fill)} "
                 f"{by_fill:.2f}:1, border {C.hex_colour(found.border)} {by_border:.2f}:1")
    _focus_rings(window, controls, normal, note)
    return []


def _child_text(widget: QWidget) -> str:
    return next((C.shown_text(w) for w in widget.findChildren(QWidget) if C.shown_text(w)), "")


def _focus_rings(window: KioskWindow, controls: list[QWidget], normal: Image.Image,
                 note: Callable[[str, QWidget, str, str], None]) -> None:
    """One control of each kind gets the key focus (the navigator's ``keyFocus`` property)."""
    chosen: dict[str, QWidget] = {}
    for widget in controls:
        chosen.setdefault(widget.objectName(), widget)
    marked = list(chosen.values())
    sizes = [w.size() for w in marked]
    for _attempt in range(3):  # a screen still settling (a busy machine) is pictured again
        before = C.picture(window)
        for widget in marked:
            _mark(widget, True)
        settle(window)
        focused = C.picture(window)
        resized = [w for w, size in zip(marked, sizes, strict=True) if w.size() != size]
        for widget in marked:
            _mark(widget, False)
        settle(window)
        plain = C.picture(window)  # as it is now (a button may have repainted since)
        if plain.tobytes() == before.tobytes():
            break
    for widget in marked:
        label = C.shown_text(widget) or _child_text(widget)
        ring = C.focus_ring(plain, focused, C.window_rect(widget, window))
        if ring is None:
            note("focus", widget, label, "no visible focus indicator")
        elif ring.ratio < C.NON_TEXT_MIN:
            note("focus", widget, label, f"{ring.ratio:.2f}:1 (ring {C.hex_colour(ring.colour)}"
                 f" between {C.hex_colour(ring.outside)} and {C.hex_colour(ring.inside)})")
        elif widget in resized or ring.moved > 40:
            note("focus", widget, label, f"the layout shifts ({ring.moved} pixels inside moved)")


def _mark(widget: QWidget, on: bool) -> None:
    widget.setProperty("keyFocus", "true" if on else None)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def render_all(base: Path, orientation: str, states: list[State] | None = None,
               themes: dict[str, Theme] | None = None,
               shots: Path | None = None) -> list[Finding]:
    """Every state in every theme in ``orientation``: what a person would notice."""
    findings: list[Finding] = []
    with kiosk(base, orientation) as window:
        for theme_name, theme in (themes or THEMES).items():
            for state in states or STATES:
                screen = show(window, state, theme)
                if shots is not None:
                    C.picture(window).save(shots / f"{state.name}-{theme_name}-{orientation}.png")
                findings += inspect(window, screen, (state.name, theme_name, orientation))
    return findings


@pytest.fixture(scope="module", params=list(SIZES))
def findings(request: pytest.FixtureRequest, qapp: QApplication,
             tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    """What a person would notice on every screen in every theme, in one orientation."""
    orientation = str(request.param)
    return render_all(tmp_path_factory.mktemp(orientation), orientation)


def _report(findings: list[Finding], kinds: set[str]) -> str:
    chosen = [str(f) for f in findings if f.kind in kinds]
    return f"{len(chosen)} found:\n" + "\n".join(chosen[:80])


def test_every_text_stands_out_from_what_is_behind_it(findings: list[Finding]) -> None:
    assert not [f for f in findings if f.kind == "text"], _report(findings, {"text"})


def test_control_edges_chosen_states_and_the_focus_ring_stand_out(
        findings: list[Finding]) -> None:
    kinds = {"edge", "state", "focus"}
    assert not [f for f in findings if f.kind in kinds], _report(findings, kinds)


def test_no_text_is_clipped_cut_off_or_overlapped(findings: list[Finding]) -> None:
    kinds = {"clipped", "cut", "overlap"}
    assert not [f for f in findings if f.kind in kinds], _report(findings, kinds)
