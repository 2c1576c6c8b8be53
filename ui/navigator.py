"""The one owner of screens: transitions, header and footer, idle guard, privacy wipe."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import LANGUAGES, Language
from ui.context import UiContext
from ui.idle import IdleGuard, IdlePrompt
from ui.screens.all import LazyScreens
from ui.screens.base import Screen, ScreenId
from ui.theme import Theme, apply_theme
from ui.widgets import Tile, icon, no_focus, on_click, set_contrast_icons

if TYPE_CHECKING:
    from ui.board_feed import BoardFeed
    from ui.problem import ProblemCard

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=Screen)

LANGUAGE_LABELS = {Language.KK: "ҚАЗ", Language.RU: "РУС", Language.EN: "ENG"}
#: Screens after which the visitor's data is wiped when they leave.
NO_GUARD = {ScreenId.HOME, ScreenId.MAINTENANCE}
#: Screens without the footer (Home is the attract screen; maintenance has its own Exit).
NO_FOOTER = {ScreenId.HOME, ScreenId.MAINTENANCE}


class Navigator(QWidget):
    """Holds every screen in a stack and moves between them.

    :attr:`screen_shown` is emitted after a screen has arrived (its texts are in place);
    :attr:`audio_mode_changed` when the visitor turns spoken guidance on or off.
    """

    screen_shown = Signal(object)
    audio_mode_changed = Signal(bool)
    #: A screen's :attr:`Screen.announce` (errors and messages to speak in audio mode).
    announced = Signal(str)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("navigator")
        self.ctx = ctx
        self.theme = Theme()
        self._header_language: Language | None = None
        #: Spoken guidance is on (the header's button, or headphones plugged in).
        self.audio_mode = False
        #: What audio mode returns to when a visitor is done (True while headphones are in).
        self.audio_default = False
        #: True while :meth:`reset_settings` runs.
        self.resetting = False
        self.screens = LazyScreens(ctx, self._adopt)
        self.history: list[ScreenId] = []
        self.stack = QStackedWidget()
        self._build_header()
        self._build_footer()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)
        limits = ctx.config.limits
        self.idle = IdleGuard(limits.idle_seconds, limits.idle_countdown_seconds)
        self._prompt: IdlePrompt | None = None
        self.problem: ProblemCard | None = None
        self.idle.prompt.connect(lambda: self._countdown(self.idle.remaining))
        self.idle.tick.connect(self._countdown)
        self.idle.expired.connect(self.timeout_to_home)
        ctx.language.changed.connect(self._retranslate)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._retranslate_header)
        self._clock.start(30_000)
        self.show_screen(ScreenId.HOME)
        # The other screens are built one per turn of the event loop once Home is shown;
        # the timer belongs to the navigator, so it dies with it.
        self._to_build = [s for s in ScreenId if s not in NO_FOOTER]  # maintenance: on use
        self._prebuild = QTimer(self)
        self._prebuild.setSingleShot(True)
        self._prebuild.timeout.connect(self._build_next)
        self._prebuild.start(300)

    def _build_next(self) -> None:
        if self._to_build:
            self.screens[self._to_build.pop(0)]  # built on first access
            self._prebuild.start(0)

    @property
    def prompt(self) -> IdlePrompt:
        """The "Need more time?" card (built when first needed, never before Home shows)."""
        if self._prompt is None:
            self._prompt = IdlePrompt(self, self.ctx.language.t)
            on_click(self._prompt.continue_button, self._continue)
        return self._prompt

    def _countdown(self, seconds: int) -> None:
        self.prompt.show_countdown(seconds)

    def attach_board(self, feed: BoardFeed) -> None:
        """Desks are on: Home shows the latest calls from ``feed`` (started here if it is
        not running yet; whoever made it stops it)."""
        from ui.screens.home import HomeScreen

        self.ctx.board_feed = feed
        home = self.screens[ScreenId.HOME]
        if isinstance(home, HomeScreen):
            home.attach_board(feed)
        if not feed.running:
            feed.start()

    def stop_timers(self) -> None:
        """Stop background work (before the window closes)."""
        self._prebuild.stop()
        self._clock.stop()
        self.idle.disarm()

    # -- structure ---------------------------------------------------------------------
    def _build_header(self) -> None:
        self.header = QFrame()
        self.header.setObjectName("header")
        self.akimat = QLabel()
        self.akimat.setObjectName("headerTitle")
        self.akimat.setWordWrap(True)
        self.language_buttons: dict[Language, QPushButton] = {}
        row = QHBoxLayout()
        if self.ctx.portrait:
            # 1080 px cannot hold the akimat's name beside six buttons with words: the name
            # gets a line of its own above them.
            self.header.setFixedHeight(96 + 56)
            column = QVBoxLayout(self.header)
            column.setContentsMargins(24, 8, 16, 8)
            column.setSpacing(4)
            column.addWidget(self.akimat)
            column.addLayout(row)
            row.addStretch(1)
        else:
            self.header.setFixedHeight(96)
            self.header.setLayout(row)
            row.setContentsMargins(32, 8, 24, 8)
            row.addWidget(self.akimat, 1)
        for lang in LANGUAGES:
            button = QPushButton(LANGUAGE_LABELS[lang])
            button.setObjectName("languageButton")
            button.setCheckable(True)
            no_focus(button)
            button.setMinimumSize(112, 80)
            on_click(button, partial(self.ctx.language.set, lang))
            self.language_buttons[lang] = button
            row.addWidget(button)
        # Each toggle says what it does in words under its sign: a touchscreen shows no
        # tooltips.
        self.text_size_button = QPushButton()
        self.contrast_button = QPushButton()
        self.audio_button = QPushButton()
        for button in (self.text_size_button, self.contrast_button, self.audio_button):
            button.setObjectName("headerToggle")
            button.setCheckable(True)
            no_focus(button)
            button.setMinimumSize(128, 80)
            row.addWidget(button)
        on_click(self.text_size_button, self._toggle_text_size)
        on_click(self.contrast_button, self._toggle_contrast)
        on_click(self.audio_button, lambda: self.set_audio_mode(not self.audio_mode))

    def _build_footer(self) -> None:
        self.footer = QFrame()
        self.footer.setObjectName("footer")
        self.footer.setFixedHeight(112)
        self.back_button = QPushButton()
        self.home_button = QPushButton()
        self.help_label = QLabel()
        self.help_label.setObjectName("footerHelp")
        self.help_label.setWordWrap(True)
        self.primary_button = QPushButton()
        self.primary_button.setObjectName("primaryButton")
        self.primary_button.setMinimumHeight(88)
        no_focus(self.primary_button)
        on_click(self.primary_button, self._primary)
        for button in (self.back_button, self.home_button):
            button.setObjectName("footerButton")
            button.setMinimumHeight(88)
            no_focus(button)
        row = QHBoxLayout(self.footer)
        compact = self.ctx.portrait
        row.setContentsMargins(*((16, 12, 16, 12) if compact else (32, 12, 32, 12)))
        row.setSpacing(16 if compact else 24)
        row.addWidget(self.back_button)
        row.addWidget(self.home_button)
        row.addWidget(self.help_label, 1)
        row.addWidget(self.primary_button)
        # On a narrow screen the buttons need the room. (Only once the label is in the footer:
        # showing a widget without a parent makes it a window of its own.)
        self.help_label.setVisible(not compact)
        on_click(self.back_button, self.back)
        on_click(self.home_button, self.go_home)

    def _adopt(self, screen: Screen) -> None:
        """A screen was just built: put it in the stack and listen to it."""
        self.stack.addWidget(screen)
        screen.go.connect(self.show_screen)
        screen.finished_flow.connect(self.wipe)
        screen.actions_changed.connect(self._retranslate_header)
        screen.announce.connect(self.announced)
        screen.storage_failed.connect(self.storage_failed)

    # -- transitions -------------------------------------------------------------------
    def screen_of(self, cls: type[S]) -> S:
        """The screen of class ``cls`` (built on first use), typed for its callers."""
        screen = self.screens[cls.screen_id]
        if not isinstance(screen, cls):
            raise KeyError(f"the screen {cls.screen_id} is a {type(screen).__qualname__}, "
                           f"not a {cls.__qualname__}")
        return screen

    @property
    def current(self) -> ScreenId:
        """The screen on show."""
        return self.history[-1] if self.history else ScreenId.HOME

    def show_screen(self, screen_id: ScreenId, payload: object = None) -> None:
        """Go to a screen (with a payload from the previous one).

        The screen left stops its timers and callbacks (:meth:`Screen.depart`); leaving the end
        of a flow (the result) by any way finishes that flow: the privacy wipe, and Back no
        longer leads into it.
        """
        screen = self.screens[screen_id]
        previous = self.stack.currentWidget()
        finished = False
        if isinstance(previous, Screen) and previous is not screen:
            previous.depart()
            finished = previous.final
        if finished:
            self.wipe()
        if screen_id == ScreenId.HOME and self.current != ScreenId.HOME:
            self.reset_settings()  # the next visitor starts from the kiosk's defaults
        if screen_id == ScreenId.HOME:
            self.history = [ScreenId.HOME]
        elif finished:
            self.history = [ScreenId.HOME, screen_id]
        elif not self.history or self.history[-1] != screen_id:
            self.history.append(screen_id)
        screen.arrive(payload)
        self.stack.setCurrentWidget(screen)
        self.footer.setVisible(screen_id not in NO_FOOTER)
        if screen_id in NO_GUARD:
            self.idle.disarm()
        else:
            self.idle.arm()
        self._retranslate_header()
        logger.debug("screen %s", screen_id.value)
        self.screen_shown.emit(screen)

    def back(self) -> None:
        """The previous screen (home when there is none, and from the end of a flow: its
        record is committed, the flow's screens must not commit it again)."""
        screen = self.screens[self.current]
        if screen.final:
            self.go_home()
        elif screen.step_back():
            self.idle.poke()
        elif len(self.history) > 1:
            self.history.pop()
            previous = self.history.pop()
            self.show_screen(previous)
        else:
            self.go_home()

    def go_home(self) -> None:
        """Home, forgetting everything entered (the visitor is done or gone)."""
        self.wipe()
        self.show_screen(ScreenId.HOME)

    def wipe(self) -> None:
        """The privacy wipe: every screen forgets its data."""
        for screen in self.screens.built_screens():
            screen.wipe()
        self.ctx.form.clear()
        if self._prompt is not None:
            self._prompt.hide()
        if self.problem is not None:
            self.problem.hide()

    def timeout_to_home(self) -> None:
        """Nobody answered "Need more time?": wipe, reset language and theme, go home."""
        logger.info("idle timeout on %s: wiping", self.current.value)
        self.go_home()

    def reset_settings(self) -> None:
        """The kiosk's language, theme and audio mode, as the next visitor must find them
        (after Done, Home, the end of a flow and the idle timeout)."""
        self.resetting = True  # the voice says nothing of a reset (the visitor is gone)
        try:
            self.ctx.language.set(self.ctx.config.kiosk.language)
            if self.theme != Theme():
                self.theme = Theme()
                self._apply_theme()
            self.set_audio_mode(self.audio_default)
        finally:
            self.resetting = False

    def set_audio_mode(self, on: bool) -> None:
        """Turn spoken guidance on or off (the header's button shows which)."""
        self.audio_button.setChecked(on)
        if on != self.audio_mode:
            self.audio_mode = on
            logger.info("audio mode %s", "on" if on else "off")
            self.audio_mode_changed.emit(on)

    def storage_failed(self, exc: BaseException) -> None:
        """Saving the visitor's record failed: rolled back, said to the visitor (and in
        audio mode spoken), and shown to the technician in maintenance."""
        from ui.problem import ProblemCard, explain_failed_save

        if self.problem is None:
            self.problem = ProblemCard(self, self.ctx.language.t)
            on_click(self.problem.ok_button, self.problem.hide)
        self.announced.emit(explain_failed_save(self.ctx, self.problem, exc))

    def _primary(self) -> None:
        screen = self.screens[self.current]
        screen.once(screen.on_primary)  # a second tap does not send (commit) twice

    def _continue(self) -> None:
        self.prompt.hide()
        self.idle.poke()

    # -- header ------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Render the header and the current screen again (same language, fresh texts)."""
        self._retranslate()

    def _retranslate(self, _lang: object = None) -> None:
        self._retranslate_header()
        self.screens[self.current].retranslate()
        if self._prompt is not None and self._prompt.isVisible():
            self._prompt.show_countdown(self.idle.remaining)

    def _retranslate_header(self) -> None:
        t = self.ctx.language.t
        self.akimat.setText(self.ctx.language.text(self.ctx.catalogue.akimat.name))
        if self._header_language != self.ctx.language.lang:
            self._header_language = self.ctx.language.lang
            for lang, button in self.language_buttons.items():
                button.setChecked(lang == self.ctx.language.lang)
        self.back_button.setText("← " + t("Back"))
        self.home_button.setText("⌂ " + t("Home"))
        self.help_label.setText(t("Help: ask the staff at the reception desk"))
        screen = self.screens[self.current]
        action = screen.primary_action()
        self.primary_button.setText(action)
        self.primary_button.setVisible(bool(action))
        self.primary_button.setEnabled(screen.primary_enabled() and not screen.busy)
        if screen.busy:
            self.primary_button.repaint()  # greyed now, not after the commit
        self.back_button.setVisible(not screen.final)  # nothing to go back into
        self.text_size_button.setText("A+\n" + t("Larger text"))
        self.contrast_button.setText("◐\n" + t("Contrast"))
        self.audio_button.setText("♫\n" + t("Sound"))

    def _toggle_text_size(self) -> None:
        self.theme = Theme(self.theme.high_contrast, not self.theme.large_text)
        self._apply_theme()

    def _toggle_contrast(self) -> None:
        self.theme = Theme(not self.theme.high_contrast, self.theme.large_text)
        self._apply_theme()

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        set_contrast_icons(self.theme.high_contrast)
        for tile in self.findChildren(Tile):
            tile.setIcon(icon(tile.icon_name))
        self.text_size_button.setChecked(self.theme.large_text)
        self.contrast_button.setChecked(self.theme.high_contrast)
