"""The call sound page by a finger: speech and volume saved for the hall display, and the test
call played through a real Player whose command copies the clip to a file we measure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.i18n import Language
from kiosk.queue.sound import CallSound, read_call_sound, write_call_sound
from kiosk.speech import SpeechEngine, chime_wav, measure
from tests.ui.conftest import click, visible_texts
from tests.ui.maintenance.support import audit_actions, enter, page, wait_done
from ui.app import KioskWindow
from ui.maintenance.desks_panel import DesksPanel
from ui.maintenance.screen import MaintenanceScreen
from ui.maintenance.sound_panel import SoundPanel
from ui.screens.base import ScreenId

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed: apt-get install espeak-ng")


def sound_page(qtbot: QtBot, window: KioskWindow) -> SoundPanel:
    """Maintenance → Desks → Sound: calls in the hall and spoken guidance."""
    screen = enter(qtbot, window)
    desks = page(qtbot, screen, "DesksPanel")
    assert isinstance(desks, DesksPanel)
    click(qtbot, desks.sound_button)
    assert screen.pages.currentWidget() is screen.call_sound
    return screen.call_sound


def state_dir(window: KioskWindow) -> Path:
    """Where the kiosk keeps call-sound.json."""
    return window.navigator.ctx.config.paths.state_dir


def copy_player(window: KioskWindow, out: Path) -> None:
    """The test call's player copies the clip it is given to ``out`` (a real Player run)."""
    window.navigator.ctx.maintenance.player_command = ("cp", "{file}", str(out))


def test_volume_buttons_save_and_stop_at_0_and_100(qtbot: QtBot, mwindow: KioskWindow) -> None:
    panel = sound_page(qtbot, mwindow)
    assert panel.volume.text() == "80 %"  # the default until a technician changes it
    for _ in range(3):
        click(qtbot, panel.louder)
    assert panel.volume.text() == "100 %"
    assert read_call_sound(state_dir(mwindow)).volume == 1.0
    assert "already at 100 %" in panel.message.text()
    for _ in range(12):
        click(qtbot, panel.quieter)
    assert panel.volume.text() == "0 %"
    assert read_call_sound(state_dir(mwindow)).volume == 0.0
    assert "silent" in "\n".join(visible_texts(panel))
    click(qtbot, panel.louder)
    assert read_call_sound(state_dir(mwindow)) == CallSound(volume=0.1)
    assert audit_actions(mwindow.navigator.ctx.db).count("sound.volume") == 2 + 10 + 1


def test_speech_off_and_on_is_saved(qtbot: QtBot, mwindow: KioskWindow) -> None:
    panel = sound_page(qtbot, mwindow)
    click(qtbot, panel.speech_off)
    assert read_call_sound(state_dir(mwindow)).speech is False
    assert panel.speech_off.isChecked() and panel.speech_off.text().startswith("✓")
    assert not panel.speech_on.isChecked()
    click(qtbot, panel.speech_on)
    assert read_call_sound(state_dir(mwindow)).speech is True
    assert audit_actions(mwindow.navigator.ctx.db).count("sound.speech") == 2


def test_the_page_shows_what_was_saved_before(qtbot: QtBot, mwindow: KioskWindow) -> None:
    write_call_sound(state_dir(mwindow), CallSound(speech=False, volume=0.3))
    panel = sound_page(qtbot, mwindow)
    assert panel.volume.text() == "30 %" and panel.speech_off.isChecked()


@needs_espeak
def test_the_test_call_plays_the_chime_and_both_languages(qtbot: QtBot, mwindow: KioskWindow,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "played.wav"
    copy_player(mwindow, out)
    panel = sound_page(qtbot, mwindow)
    click(qtbot, panel.test_button)
    assert panel.tasks and not panel.test_button.isEnabled(), "it plays on the worker"
    wait_done(qtbot, panel)
    stats = measure(out.read_bytes())
    chime = measure(chime_wav()).duration
    assert stats.duration > chime + 2, "the chime, then the call in kk and ru"
    assert stats.rms_dbfs > -40 and stats.voiced_fraction > 0.3, "not silence"
    assert panel.message.property("ok") is True
    assert "Played: the chime and the sample call" in panel.message.text()
    assert panel.test_button.isEnabled()
    assert "sound.test" in audit_actions(mwindow.navigator.ctx.db)


def test_with_speech_off_only_the_chime_plays(qtbot: QtBot, mwindow: KioskWindow,
                                              tmp_path: Path) -> None:
    out = tmp_path / "played.wav"
    copy_player(mwindow, out)
    panel = sound_page(qtbot, mwindow)
    click(qtbot, panel.speech_off)
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    stats = measure(out.read_bytes())
    assert stats.duration == pytest.approx(measure(chime_wav()).duration, abs=0.01)
    assert stats.peak > 0.2, "the chime at 80 %"
    assert "speech is off" in panel.message.text()


def test_without_espeak_ng_the_chime_plays_and_the_reason_is_given(
        qtbot: QtBot, mwindow: KioskWindow, tmp_path: Path) -> None:
    out = tmp_path / "played.wav"
    copy_player(mwindow, out)
    mwindow.navigator.ctx.maintenance.speech = SpeechEngine(tmp_path / "no-espeak-ng")
    panel = sound_page(qtbot, mwindow)
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    assert measure(out.read_bytes()).duration == pytest.approx(measure(chime_wav()).duration,
                                                               abs=0.01)
    text = panel.message.text()
    assert panel.message.property("ok") is False
    assert "only the chime was played" in text and "espeak-ng is not installed" in text


def test_a_missing_sound_device_is_said_in_words(qtbot: QtBot, mwindow: KioskWindow,
                                                 tmp_path: Path) -> None:
    mwindow.navigator.ctx.maintenance.player_command = (str(tmp_path / "no-aplay"), "{file}")
    mwindow.navigator.ctx.maintenance.speech = SpeechEngine(tmp_path / "no-espeak-ng")
    panel = sound_page(qtbot, mwindow)
    click(qtbot, panel.test_button)
    wait_done(qtbot, panel)
    text = panel.message.text()
    assert "could not play the sound" in text and "cannot be started" in text
    assert "Traceback" not in text and panel.test_button.isEnabled()


def test_back_to_the_desks(qtbot: QtBot, mwindow: KioskWindow) -> None:
    panel = sound_page(qtbot, mwindow)
    screen = mwindow.navigator.screens[ScreenId.MAINTENANCE]
    assert isinstance(screen, MaintenanceScreen)
    click(qtbot, panel.back_button)
    assert isinstance(screen.pages.currentWidget(), DesksPanel)


@pytest.mark.parametrize("lang", [Language.KK, Language.RU])
def test_the_sound_page_is_translated(qtbot: QtBot, mwindow: KioskWindow,
                                      lang: Language) -> None:
    panel = sound_page(qtbot, mwindow)
    mwindow.navigator.ctx.language.set(lang)
    QApplication.processEvents()
    texts = visible_texts(panel)
    click(qtbot, panel.speech_off)
    click(qtbot, panel.quieter)
    texts += visible_texts(panel)
    english = {w for text in texts for w in text.replace("\n", " ").split()
               if w.isascii() and w.isalpha() and len(w) > 3 and w.islower()}
    assert not english, sorted(english)
