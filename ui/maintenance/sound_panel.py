"""Call sound: how the hall display announces a call (speech on/off, volume), and a test call;
and the volume and speed of the visitor's spoken guidance (audio mode).

Every change is saved at once (``<state>/call-sound.json``, read by the display on its next
board read) and audited. The test plays the chime and a sample call through this kiosk's
speakers on the maintenance worker, so the screen never waits for it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import N_, Language
from kiosk.queue.sound import CallSound, read_call_sound, write_call_sound
from ui.context import UiContext
from ui.maintenance.panel import Panel, action_button
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.setup_widgets import GAP, TARGET, FlowGrid
from ui.widgets import ChoiceButton, on_click

if TYPE_CHECKING:
    from ui.maintenance.sample_call import SoundCheck

logger = logging.getLogger(__name__)

#: One touch of − or + changes the volume by this many percent.
STEP = 10
LANGUAGE_NAMES = {Language.KK: N_("Kazakh (language)"), Language.RU: N_("Russian (language)"),
                  Language.EN: N_("English (language)")}


class SoundPanel(Panel):
    """The hall's call announcement: speech, volume, and a test call."""

    name = N_("Sound: calls in the hall and spoken guidance")
    icon_name = "queue"
    #: The technician asks to go back to the queue page (this page opens from it).
    back_requested = Signal()

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.sound = CallSound()
        self.intro = self._text()
        self.speech_title = self._section()
        self.speech_on = ChoiceButton()
        self.speech_off = ChoiceButton()
        for button, on in ((self.speech_on, True), (self.speech_off, False)):
            button.setCheckable(True)
            on_click(button, partial(self.set_speech, on))
        self.body.addWidget(FlowGrid([self.speech_on, self.speech_off], 2))
        self.volume_title = self._section()
        self.quieter = self._big_button()
        self.louder = self._big_button()
        on_click(self.quieter, partial(self.change_volume, -STEP))
        on_click(self.louder, partial(self.change_volume, STEP))
        self.volume = QLabel()
        self.volume.setObjectName("resultCode")
        self.volume.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.volume.setMinimumWidth(260)
        row = QHBoxLayout()
        row.setSpacing(GAP)
        row.addWidget(self.quieter)
        row.addWidget(self.volume)
        row.addWidget(self.louder)
        row.addStretch(1)
        self.body.addLayout(row)
        self.volume_note = self._text()
        self.test_title = self._section()
        self.test_text = self._text()
        self.test_button = action_button(object_name="primaryButton")
        self.test_button.setMinimumHeight(TARGET)
        on_click(self.test_button, self.play_test)
        self.back_button = action_button()
        self.back_button.setMinimumHeight(TARGET)
        on_click(self.back_button, self.back_requested.emit)
        self.button_row(self.test_button, self.back_button)
        from ui.access.voice_settings import GuidanceControls

        #: The visitor's spoken guidance (audio mode): its own volume and speed.
        self.guidance = GuidanceControls(ctx.config.paths.state_dir, self.t, self.say,
                                         self.audit, self._big_button)
        self.body.addWidget(self.guidance)
        self._scrolled()
        self.finish_layout(stretch=False)

    def _scrolled(self) -> None:
        """Everything under the page title in a scroll area: the hall's call sound and the
        visitor's guidance are taller together than the screen (the window grew to 1298 px)."""
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 16, 0)
        inner.setSpacing(self.body.spacing())
        while self.body.count() > 1:  # the page title stays on top
            item = self.body.takeAt(1)
            if item is None:
                break
            widget, layout = item.widget(), item.layout()
            if widget is not None:  # addWidget moves it into the holder (addItem would not)
                inner.addWidget(widget)
            elif layout is not None:
                layout.setParent(None)
                inner.addLayout(layout)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("soundScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        self.body.addWidget(scroll, 1)

    def _section(self) -> QLabel:
        label = QLabel()
        label.setObjectName("sectionTitle")
        label.setWordWrap(True)
        self.body.addWidget(label)
        return label

    def _text(self) -> QLabel:
        label = QLabel()
        label.setObjectName("setupText")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.body.addWidget(label)
        return label

    def _big_button(self) -> QPushButton:
        button = action_button()
        button.setMinimumHeight(TARGET)
        button.setMinimumWidth(260)
        return button

    # -- showing -----------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.intro.setText(self.t(
            "When a specialist calls a ticket, the hall display plays a chime and then says "
            "the ticket number and the room. A change here reaches the display within half a "
            "minute."))
        self.speech_title.setText(self.t("What the hall hears"))
        self.volume_title.setText(self.t("Volume"))
        self.quieter.setText("−  " + self.t("Quieter"))
        self.louder.setText("+  " + self.t("Louder"))
        self.test_title.setText(self.t("Check on this kiosk"))
        self.test_button.setText(self.t("Play a test call"))
        self.back_button.setText(self.t("Back to the queue page"))
        self.guidance.retranslate()
        self._show()

    def refresh(self) -> None:
        """Re-read the saved settings."""
        self.sound = read_call_sound(self.ctx.config.paths.state_dir)
        self.guidance.refresh()
        self._show()

    def _show(self) -> None:
        """The parts that follow the settings."""
        from ui.maintenance.sample_call import sample_call, sample_languages

        languages = sample_languages(self.sound)
        names = ", ".join(self.t(LANGUAGE_NAMES[lang]) for lang in languages)
        on = self.sound.speech
        self.speech_on.setText(("✓ " if on else "") + self.t(
            "Chime, then the call spoken ({languages})").format(languages=names))
        self.speech_off.setText(("✓ " if not on else "") + self.t("Chime only, no speech"))
        self.speech_on.setChecked(on)
        self.speech_off.setChecked(not on)
        percent = self.percent
        self.volume.setText(f"{percent} %")
        self.volume_note.setText(
            self.t("0 % is silent: the hall hears nothing.") if percent == 0 else
            self.t("This is the highest volume; for louder, turn up the speakers.")
            if percent == 100 else
            self.t("The display plays calls at this share of its speakers' volume."))
        words = self.ctx.language.translator
        samples = "".join(f"\n«{sample_call(lang, words)}»" for lang in languages)
        self.test_text.setText(self.t(
            "This kiosk's own speakers play the chime and a sample call: {calls}").format(
                calls=samples) if on else
            self.t("This kiosk's own speakers play the chime (speech is off)."))

    @property
    def percent(self) -> int:
        """The volume in whole percent."""
        return round(self.sound.volume * 100)

    # -- changing ----------------------------------------------------------------------
    def set_speech(self, on: bool) -> None:
        """Speech on or off (saved, audited)."""
        if on == self.sound.speech:
            self._show()
            return
        if self._save(replace(self.sound, speech=on)):
            self.audit("sound.speech", speech=on)
            self.say(self.t("Saved: calls are spoken.") if on else
                     self.t("Saved: only the chime plays, calls are not spoken."))
        self._show()

    def change_volume(self, step: int) -> None:
        """One step quieter or louder, kept within 0..100 % (saved, audited)."""
        before = self.percent
        after = min(100, max(0, before + step))
        if after == before:
            self.say(self.t("The volume is already at {percent} %.").format(percent=after))
            return
        if self._save(replace(self.sound, volume=after / 100)):
            self.audit("sound.volume", before=before, after=after)
            self.say(self.t("Saved: volume {percent} %.").format(percent=after))
        self._show()

    def _save(self, sound: CallSound) -> bool:
        """Write the settings; a disk that refuses is said in words and nothing changes."""
        try:
            write_call_sound(self.ctx.config.paths.state_dir, sound)
        except OSError as exc:
            logger.error("call sound settings not saved: %s", exc)
            self.say(self.t("Not saved: {reason}").format(reason=exc), ok=False)
            return False
        self.sound = sound
        return True

    # -- the test ----------------------------------------------------------------------
    def play_test(self) -> None:
        """Play the chime and the sample call on this kiosk (on the worker)."""
        from kiosk.speech import SpeechCache, SpeechEngine
        from ui.maintenance.sample_call import play_sample_call

        if self.tasks:
            return
        # The hall display's cache folder: on this PC the check makes its clips ready.
        cache = SpeechCache(self.ctx.config.paths.state_dir / "cache" / "speech",
                            self.services.speech or SpeechEngine())
        work = partial(play_sample_call, self.sound, cache, self.ctx.language.translator,
                       self.services.player_command)
        self.test_button.setEnabled(False)
        task = self.run(work, self._played, self.t("Playing the test call…"))
        task.failed.connect(lambda _error: self.test_button.setEnabled(True))

    def _played(self, check: SoundCheck) -> None:
        self.test_button.setEnabled(True)
        self.audit("sound.test", speech=self.sound.speech, volume=self.percent,
                   seconds=round(check.seconds, 1), speech_problem=check.speech_problem,
                   player_problem=check.player_problem, no_player=check.no_player)
        problems = []
        if check.no_player:
            problems.append(self.t("No audio player is installed on this kiosk: install "
                                   "alsa-utils (aplay) or sox (play)."))
        elif check.player_problem:
            problems.append(self.t("The kiosk could not play the sound: {reason}. Is a speaker "
                                   "connected and switched on?").format(
                                       reason=check.player_problem))
        if check.speech_problem:
            problems.append(self.t("Speech could not be made, so only the chime was played: "
                                   "{reason}").format(reason=check.speech_problem))
        if problems:
            self.say(" ".join(problems), ok=False)
        elif check.spoken:
            self.say(self.t("Played: the chime and the sample call. Did the hall hear it "
                            "clearly?"))
        else:
            self.say(self.t("Played: the chime (speech is off)."))
