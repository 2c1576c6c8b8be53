"""The idle guard: after a quiet minute ask "Need more time?"; after the countdown, wipe."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.widgets import BigButton, body_label, title_label

_INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                 QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.KeyPress}


class IdleGuard(QObject):
    """Watches every input event of the application while armed; ``prompt`` then ``expired``.

    It filters the application's events only while armed, so Home (and the start-up that
    draws it) runs without a Python call for every event.
    """

    prompt = Signal()
    tick = Signal(int)
    expired = Signal()

    def __init__(self, idle_seconds: int, countdown_seconds: int) -> None:
        super().__init__()
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self.remaining = countdown_seconds
        self.active = False
        self._watching = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._start_countdown)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count)

    def arm(self) -> None:
        """Start watching (a flow is in progress)."""
        self.active = True
        self._watch(True)
        self.poke()

    def disarm(self) -> None:
        """Stop watching (home screen)."""
        self.active = False
        self._watch(False)
        self._idle.stop()
        self._countdown.stop()

    def _watch(self, on: bool) -> None:
        """Filter the application's events (or stop)."""
        app = QCoreApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def poke(self) -> None:
        """The visitor did something: start the quiet period again."""
        self._countdown.stop()
        if self.active:
            self._idle.start(self.idle_seconds * 1000)

    @property
    def counting(self) -> bool:
        """True while the "Need more time?" countdown runs."""
        return self._countdown.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any touch or key counts as activity (except while the prompt counts down)."""
        if self.active and event.type() in _INPUT_EVENTS and not self.counting:
            self._idle.start(self.idle_seconds * 1000)
        return False

    def _start_countdown(self) -> None:
        self.remaining = self.countdown_seconds
        self._countdown.start()
        self.prompt.emit()
        self.tick.emit(self.remaining)

    def _count(self) -> None:
        self.remaining -= 1
        self.tick.emit(self.remaining)
        if self.remaining <= 0:
            self._countdown.stop()
            self.expired.emit()


class IdlePrompt(QFrame):
    """The modal card: "Need more time?", the seconds left, one big Continue button."""

    def __init__(self, parent: QWidget, t: Callable[[str], str]) -> None:
        super().__init__(parent)
        self._t = t
        self.title = title_label()
        self.seconds = QLabel()
        self.seconds.setObjectName("idleSeconds")
        self.hint = body_label()
        self.continue_button = BigButton()
        self.continue_button.setObjectName("continueButton")
        modal_card(self, [self.title, self.seconds, self.hint, self.continue_button], side=240)

    def show_countdown(self, seconds: int) -> None:
        """Show (or update) the prompt with ``seconds`` left."""
        self.title.setText(self._t("Need more time?"))
        self.seconds.setText(str(max(0, seconds)))
        self.hint.setText(self._t("If nobody touches the screen, everything you entered will "
                                  "be erased for your privacy."))
        self.continue_button.setText(self._t("Continue"))
        show_over_parent(self)


def modal_card(overlay: QFrame, widgets: list[QWidget], side: int) -> None:
    """Make ``overlay`` a dimmed layer with a card of ``widgets`` in its middle (``side`` px
    from its left and right), hidden until shown with :func:`show_over_parent`."""
    overlay.setObjectName("idleOverlay")
    card = QFrame(overlay)
    card.setObjectName("idleCard")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(48, 48, 48, 48)
    layout.setSpacing(24)
    for widget in widgets:
        layout.addWidget(widget)
    outer = QVBoxLayout(overlay)
    outer.addStretch(1)
    outer.addWidget(card)
    outer.addStretch(1)
    outer.setContentsMargins(side, 0, side, 0)
    overlay.hide()


def show_over_parent(overlay: QWidget) -> None:
    """Show ``overlay`` over the whole of its parent, on top."""
    parent = overlay.parentWidget()
    if parent is not None:
        overlay.setGeometry(parent.rect())
    overlay.raise_()
    overlay.show()
