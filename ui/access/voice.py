"""The kiosk speaks in audio mode: each screen on arrival, each control the focus reaches,
choices and errors, the result (again on request); headphones turn audio mode on.

:func:`install_voice` wires a :class:`Voice` to the navigator (and to key navigation when
there is a keypad). In audio mode nothing is made on the GUI thread: the voice hands the
screen's words to :class:`~kiosk.speech.guide.Guide`, whose threads play cached clips (or
make a phrase with espeak-ng when it is new). With audio mode off the voice does nothing.
Every prompt is rendered ahead of time in the background from a few seconds after start,
and again when the catalogue changes.
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QWidget

from kiosk.i18n import N_, Language
from kiosk.speech.engine import SpeechEngine
from kiosk.speech.guidance_settings import GuidanceSettings, read_guidance
from kiosk.speech.guide import Guide
from kiosk.speech.jack import JackWatcher
from kiosk.speech.prompts import (
    catalogue_msgids,
    catalogue_prompts,
    ordered,
    translation_signature,
    ui_prompts,
)
from ui.access.voice_describe import control_words, screen_words
from ui.screens.base import Screen, ScreenId

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.access.keys import KeyNavigation
    from ui.navigator import Navigator

logger = logging.getLogger(__name__)

#: Prompts are rendered ahead from this long after start (Home is painted and settled).
PRERENDER_DELAY_MS = 3000
GUIDANCE_ON = N_("Spoken guidance is on.")
GUIDANCE_OFF = N_("Spoken guidance is off. To turn it on again, press Sound at the top right "
                  "of the screen, or plug in headphones.")
_VOICES: weakref.WeakSet[Voice] = weakref.WeakSet()
_COMMAND_KEYS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def on_keyboard(widget: QWidget) -> bool:
    """``widget`` is a key of an on-screen keyboard."""
    from ui.keyboard import keyboard_of

    return keyboard_of(widget) is not None


class Voice(QObject):
    """Speaks the kiosk's screens in audio mode through a :class:`Guide`."""

    #: From the headphone watcher's thread: plugged in (True) or out.
    headphones = Signal(bool)

    def __init__(self, navigator: Navigator, guide: Guide,
                 keys: KeyNavigation | None = None) -> None:
        super().__init__(navigator)
        self.navigator = navigator
        self.guide = guide
        self.keys = keys
        self.jack: JackWatcher | None = None
        self._prompts_for: tuple[object, str] | None = None
        self._gathering = False
        #: Prompts are rendered ahead (from :meth:`prerender` on; not in tests that do not).
        self._prerendering = False
        #: A screen just arrived: the focus placed on it is said after its title.
        self._arrived = False
        self._arrival_words: list[str] = []
        self._repeat_wired: weakref.WeakSet[Screen] = weakref.WeakSet()
        self._closed = False
        navigator.screen_shown.connect(self._screen_shown)
        navigator.audio_mode_changed.connect(self._mode_changed)
        navigator.announced.connect(self._announced)
        navigator.ctx.language.changed.connect(self._language_changed)
        self.headphones.connect(self._headphones)
        if keys is not None:
            keys.focused.connect(self._focused)
            keys.activated.connect(self._activated)
            keys.repeat_requested.connect(self.repeat)
        _VOICES.add(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def on(self) -> bool:
        """Audio mode is on."""
        return self.navigator.audio_mode

    @property
    def language(self) -> Language:
        """The language the screen is shown in (the voice speaks it)."""
        return self.navigator.ctx.language.lang

    def say(self, words: Sequence[str], *, interrupt: bool = True) -> None:
        """Speak ``words`` in the screen's language (audio mode only)."""
        if self.on:
            self.guide.say(list(words), self.language, interrupt=interrupt)

    def current_screen(self) -> Screen:
        """The screen on show."""
        return self.navigator.screens[self.navigator.current]

    def repeat(self) -> None:
        """Say the current screen again (the result: its number and room)."""
        self.say(screen_words(self.current_screen()))

    # -- what happens ------------------------------------------------------------------
    def _screen_shown(self, screen: object) -> None:
        if not isinstance(screen, Screen):
            return
        if screen.screen_id is ScreenId.HOME:  # the visitor has gone: so do their words
            self.guide.forget()
        self._show_repeat(screen)
        if self.on:
            self._arrival_words = screen_words(screen)
            self.say(self._arrival_words)
            self._arrived = True
        self._check_catalogue()

    def _mode_changed(self, on: bool) -> None:
        screen = self.current_screen()
        self._show_repeat(screen)
        if on:
            self.apply(read_guidance(self.navigator.ctx.config.paths.state_dir))
            self.say([self.navigator.ctx.language.t(GUIDANCE_ON), *screen_words(screen)])
        elif self.navigator.resetting:
            self.guide.stop()
        else:  # the visitor turned it off: say how to get it back, in place of the rest
            self.guide.say([self.navigator.ctx.language.t(GUIDANCE_OFF)], self.language)

    def _announced(self, message: str) -> None:
        self.say([message], interrupt=False)  # follows from what the visitor did
        if self.on:  # a new question on the same screen: the field's focus after it
            self._arrival_words.append(message)  # does not say the same words again
            self._arrived = True

    def _language_changed(self, _lang: object) -> None:
        if self.on:
            self.say(screen_words(self.current_screen()))

    def _focused(self, widget: QWidget) -> None:
        """The focus reached a control: say it (the first one on a new screen after the
        screen's title; any later move cuts off what plays)."""
        if self.on:
            first, self._arrived = self._arrived, False
            words = self.private_words(widget, control_words(widget, self.navigator.ctx.language.t))
            if first:  # what the screen's own words have just said is not said twice
                words = [w for w in words if w not in self._arrival_words]
            if words:
                self.say(words, interrupt=not first)

    def _activated(self, widget: QWidget) -> None:
        """A toggle was pressed by key: its new state (a move to another screen speaks
        that screen instead); a key of the on-screen keyboard: what it typed, so a name or
        an IIN typed by keys is heard letter by letter."""
        if not self.on or not isinstance(widget, QAbstractButton):
            return
        secret = widget.text().isdigit() and not self.private  # a digit of an IIN, aloud
        if widget.isCheckable() or (on_keyboard(widget) and not secret):
            self.say(control_words(widget, self.navigator.ctx.language.t))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A letter or digit typed into a text field from a real keyboard or keypad is
        said as it is typed (audio mode)."""
        if self.on and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and isinstance(watched, QLineEdit | QPlainTextEdit) \
                and not event.modifiers() & _COMMAND_KEYS:
            typed = event.text()
            if typed.isprintable() and typed.strip() and \
                    not (typed.isdigit() and not self.private):
                self.say([typed])
        return False

    @property
    def private(self) -> bool:
        """Speech is heard by the visitor alone (headphones are in): digits they type (an
        IIN, a phone) may be read back. Through the kiosk's speaker they never are."""
        return self.navigator.audio_default

    def private_words(self, widget: QWidget, words: list[str]) -> list[str]:
        """``words`` for ``widget`` without the digits typed in it unless on headphones
        ("typed: 12 digits" instead of the IIN itself, aloud in the hall)."""
        if self.private or not isinstance(widget, QLineEdit):
            return words
        digits = sum(ch.isdigit() for ch in widget.text())
        if digits < 4:
            return words
        t = self.navigator.ctx.language.t
        return [w for w in words if not any(ch.isdigit() for ch in w)] + \
            [t(N_("{count} digits typed", count=digits))]

    def _headphones(self, plugged: bool) -> None:
        self.navigator.audio_default = plugged
        self.navigator.set_audio_mode(plugged)

    def _show_repeat(self, screen: Screen) -> None:
        from ui.screens.result import ResultScreen

        if isinstance(screen, ResultScreen):
            screen.show_repeat(self.on)
            if screen not in self._repeat_wired:
                screen.repeat_requested.connect(self.repeat)
                self._repeat_wired.add(screen)

    # -- settings and prompts ----------------------------------------------------------
    def apply(self, settings: GuidanceSettings) -> None:
        """Use a volume and speed (a new speed renders the prompts again, in the
        background)."""
        self.guide.stream.volume = settings.volume
        engine = self.guide.engine
        if isinstance(engine, SpeechEngine) and engine.rate != settings.rate:
            self.guide.engine = SpeechEngine(engine.binary, rate=settings.rate)
            self._prompts_for = None
            self._check_catalogue()

    def prerender(self) -> None:
        """Render every prompt ahead of time (gathered on a thread; returns at once), and
        again whenever the catalogue or the speed changes."""
        self._prerendering = True
        self._check_catalogue()

    def _check_catalogue(self) -> None:
        """Gather and render the prompts again when the catalogue changed."""
        ctx = self.navigator.ctx
        catalogue = ctx.catalogue_store.current
        key = (catalogue, str(getattr(self.guide.engine, "rate", "")))
        if not self._prerendering or self._prompts_for == key or self._gathering:
            return
        self._prompts_for = key
        self._gathering = True
        locale_dir = ctx.language.translator.locale_dir
        translator = ctx.language.translator

        def gather() -> None:
            try:
                signature = translation_signature(locale_dir)
                prompts = ui_prompts(translator, catalogue_msgids(locale_dir))
                prompts += catalogue_prompts(catalogue)
                logger.info("guidance: %d prompts to render ahead (translations %s)",
                            len(set(prompts)), signature)
                self.guide.prerender(ordered(prompts))
            except (OSError, ValueError) as exc:
                logger.warning("guidance: prompts not gathered: %s", exc)
            finally:
                self._gathering = False

        threading.Thread(target=gather, name="guidance-prompts", daemon=True).start()

    def watch_headphones(self) -> None:
        """Turn audio mode on while headphones are in (where the hardware reports it)."""
        self.jack = JackWatcher(self.headphones.emit)
        self.jack.start()

    def close(self) -> None:
        """Stop speaking, rendering and watching; the navigator and keys are left alone.
        (Once: a second call does nothing.)"""
        if self._closed:
            return
        self._closed = True
        if self.jack is not None:
            self.jack.stop()
        self.guide.close()
        nav = self.navigator
        for signal, slot in ((nav.screen_shown, self._screen_shown),
                             (nav.audio_mode_changed, self._mode_changed),
                             (nav.announced, self._announced),
                             (nav.ctx.language.changed, self._language_changed)):
            signal.disconnect(slot)
        if self.keys is not None:
            self.keys.focused.disconnect(self._focused)
            self.keys.activated.disconnect(self._activated)
            self.keys.repeat_requested.disconnect(self.repeat)
        _VOICES.discard(self)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def apply_guidance_settings(settings: GuidanceSettings) -> None:
    """A technician changed the guidance's volume or speed: every voice uses it now."""
    for voice in list(_VOICES):
        voice.apply(settings)


def install_voice(navigator: Navigator, keys: KeyNavigation | None = None, *,
                  guide: Guide | None = None, prerender_delay_ms: int = PRERENDER_DELAY_MS,
                  watch_headphones: bool = True) -> Voice:
    """Give the kiosk its voice: audio mode speaks; prompts are rendered ahead; plugging
    headphones in turns audio mode on. ``guide`` defaults to espeak-ng through the first
    installed player, with the saved volume and speed."""
    state = navigator.ctx.config.paths.state_dir
    if guide is None:
        settings = read_guidance(state)
        guide = Guide(state / "cache" / "guidance", engine=SpeechEngine(rate=settings.rate),
                      volume=settings.volume)
    voice = Voice(navigator, guide, keys)
    if prerender_delay_ms >= 0:
        QTimer.singleShot(prerender_delay_ms, voice, voice.prerender)
    if watch_headphones:
        voice.watch_headphones()
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(voice.close)
    return voice
