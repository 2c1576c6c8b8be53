"""Maintenance controls for the visitor's spoken guidance: volume and speed.

Shown on the sound page beside the hall's call sound. Each touch is saved at once
(``<state>/guidance.json``), audited, and used by the kiosk's voice from its next phrase
(:func:`ui.access.voice.apply_guidance_settings`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Message
from kiosk.speech.guidance_settings import (
    MAX_RATE,
    MIN_RATE,
    GuidanceSettings,
    read_guidance,
    write_guidance,
)

logger = logging.getLogger(__name__)

#: One touch changes the volume by this many percent, the speed by this many words a minute.
VOLUME_STEP = 10
RATE_STEP = 15
Say = Callable[[str, bool], None]
Audit = Callable[..., None]


class GuidanceControls(QWidget):
    """Volume −/+ and speed slower/faster of the guidance, saved as they are touched."""

    def __init__(self, state_dir: Path, translate: Callable[[Message | str], str],
                 say: Say, audit: Audit, make_button: Callable[[], QPushButton]) -> None:
        super().__init__()
        self.state_dir = state_dir
        self.t = translate
        self._say = say
        self._audit = audit
        self.settings = GuidanceSettings()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("setupText")
        self.note.setWordWrap(True)
        self.quieter, self.louder = make_button(), make_button()
        self.slower, self.faster = make_button(), make_button()
        self.volume = self._value()
        self.speed = self._value()
        on_volume = partial(self.change_volume, -VOLUME_STEP), partial(self.change_volume,
                                                                       VOLUME_STEP)
        self.quieter.clicked.connect(on_volume[0])
        self.louder.clicked.connect(on_volume[1])
        self.slower.clicked.connect(partial(self.change_rate, -RATE_STEP))
        self.faster.clicked.connect(partial(self.change_rate, RATE_STEP))
        grid = QGridLayout()
        grid.setSpacing(16)
        for row, widgets in enumerate(((self.quieter, self.volume, self.louder),
                                       (self.slower, self.speed, self.faster))):
            for column, widget in enumerate(widgets):
                grid.addWidget(widget, row, column)
        grid.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(grid)

    def _value(self) -> QLabel:
        label = QLabel()
        label.setObjectName("resultCode")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setMinimumWidth(260)
        return label

    def refresh(self) -> None:
        """Re-read the saved settings."""
        self.settings = read_guidance(self.state_dir)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        t = self.t
        self.title.setText(t("Spoken guidance for visitors (audio mode)"))
        self.note.setText(t("What the kiosk says to a visitor who turns the sound on or "
                            "plugs headphones in: how loud, and how fast."))
        self.quieter.setText("−  " + t("Quieter"))
        self.louder.setText("+  " + t("Louder"))
        self.slower.setText("−  " + t("Slower"))
        self.faster.setText("+  " + t("Faster"))
        self.volume.setText(f"{round(self.settings.volume * 100)} %")
        self.speed.setText(f"{self.settings.speed_percent} %")

    def change_volume(self, step: int) -> None:
        """One step quieter or louder (0..100 %)."""
        before = round(self.settings.volume * 100)
        after = min(100, max(0, before + step))
        if after != before and self._save(replace(self.settings, volume=after / 100)):
            self._audit("guidance.volume", before=before, after=after)
            self._say(self.t("Saved: guidance volume {percent} %.").format(percent=after), True)
        self.retranslate()

    def change_rate(self, step: int) -> None:
        """One step slower or faster (within what espeak-ng speaks clearly)."""
        before = self.settings.rate
        after = min(MAX_RATE, max(MIN_RATE, before + step))
        if after != before and self._save(replace(self.settings, rate=after)):
            self._audit("guidance.rate", before=before, after=after)
            self._say(self.t("Saved: guidance speed {percent} %.").format(
                percent=self.settings.speed_percent), True)
        self.retranslate()

    def _save(self, settings: GuidanceSettings) -> bool:
        from ui.access.voice import apply_guidance_settings

        try:
            write_guidance(self.state_dir, settings)
        except OSError as exc:
            logger.error("guidance settings not saved: %s", exc)
            self._say(self.t("Not saved: {reason}").format(reason=exc), False)
            return False
        self.settings = settings
        apply_guidance_settings(settings)
        return True
