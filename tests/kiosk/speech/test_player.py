"""The player runs a real program (sox) per clip, in order, and never raises into the caller."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from kiosk.speech import player as player_module
from kiosk.speech.audio import measure, read_wav
from kiosk.speech.chime import chime_wav
from kiosk.speech.player import Player, find_player_command
from tests.kiosk.speech.conftest import needs_sox

SOX_NULL = ["sox", "-q", "{file}", "-n"]


@needs_sox
def test_a_clip_is_played_by_a_real_process_to_its_end() -> None:
    player = Player(SOX_NULL)
    try:
        player.play(chime_wav())
        assert player.wait_idle(timeout=60)
        outcome = player.last_outcome
        assert outcome is not None
        assert outcome.command[0] == "sox" and outcome.command[-1] == "-n"
        assert outcome.command[2].endswith(".wav")
        assert not os.path.exists(outcome.command[2])  # the temp file is cleaned up
        assert (outcome.returncode, outcome.problem) == (0, None)
    finally:
        player.close()


def test_clips_play_in_order_at_the_set_volume(tmp_path: Path) -> None:
    # each clip is copied to a numbered file: proof of what the process really received
    out = tmp_path / "out"
    out.mkdir()
    player = Player(["sh", "-c", 'cp "$0" "$1/$(ls "$1" | wc -l).wav"', "{file}", str(out)],
                    volume=0.5)
    try:
        player.play(chime_wav())
        player.play(chime_wav(0.4))
        assert player.wait_idle(timeout=60)
    finally:
        player.close()
    assert sorted(p.name for p in out.iterdir()) == ["0.wav", "1.wav"]
    first, second = out / "0.wav", out / "1.wav"
    full = measure(chime_wav())
    assert measure(first.read_bytes()).rms_dbfs == pytest.approx(full.rms_dbfs - 6.02, abs=0.1)
    assert measure(second.read_bytes()).rms < measure(first.read_bytes()).rms
    assert read_wav(first.read_bytes()).rate == 22050


@needs_sox
def test_play_file_and_a_missing_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clip = tmp_path / "clip.wav"
    clip.write_bytes(chime_wav())
    player = Player(SOX_NULL)
    try:
        with caplog.at_level(logging.WARNING, logger=player_module.__name__):
            player.play_file(clip)
            player.play_file(tmp_path / "gone.wav")
            assert player.wait_idle(timeout=60)
        assert player.last_outcome is not None and player.last_outcome.returncode == 0
        assert "cannot read the clip" in caplog.text and "gone.wav" in caplog.text
    finally:
        player.close()


def test_no_player_program_is_a_warning_not_an_error(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=player_module.__name__):
        player = Player([str(tmp_path / "no-such-player"), "{file}"])
        try:
            player.play(chime_wav())
            assert player.wait_idle(timeout=60)
        finally:
            player.close()
    assert "no-such-player cannot be started" in caplog.text
    assert "install alsa-utils (aplay) or sox (play)" in caplog.text
    assert player.last_outcome is not None and player.last_outcome.returncode is None


def test_no_player_installed_at_all(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no aplay, play or paplay
    assert find_player_command() is None
    with caplog.at_level(logging.WARNING, logger=player_module.__name__):
        player = Player()
        player.play(chime_wav())
        assert player.wait_idle(timeout=5)
        player.close()
    assert player.command is None
    assert "no audio player found" in caplog.text
    assert caplog.text.count("no audio player found") == 1  # said once, not per clip


@needs_sox
def test_no_sound_device_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # sox writing to a device that cannot exist fails as a speaker-less machine does
    player = Player(["sox", "-q", "{file}", "-t", "wav", str(tmp_path / "no" / "dir.wav")])
    with caplog.at_level(logging.WARNING, logger=player_module.__name__):
        player.play(chime_wav())
        assert player.wait_idle(timeout=60)
        player.close()
    outcome = player.last_outcome
    assert outcome is not None and outcome.returncode not in (0, None)
    assert "sox could not play the clip" in caplog.text
    assert "is a speaker connected" in caplog.text


def test_a_broken_clip_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    player = Player(SOX_NULL)
    with caplog.at_level(logging.WARNING, logger=player_module.__name__):
        player.play(b"this is not a wav file")
        assert player.wait_idle(timeout=60)
        player.close()
    assert "not playable audio: not a WAV file" in caplog.text


def test_a_disabled_or_closed_player_plays_nothing(tmp_path: Path) -> None:
    player = Player(["sox", "-q", "{file}", str(tmp_path / "out.wav")], enabled=False)
    player.play(chime_wav())
    assert player.wait_idle(timeout=5)
    player.close()
    player.play(chime_wav())
    assert player.wait_idle(timeout=5)
    assert player.last_outcome is None and not (tmp_path / "out.wav").exists()


def test_close_stops_a_long_clip_and_the_thread(tmp_path: Path) -> None:
    # a player that never ends stands in for a stuck sound device
    stuck = tmp_path / "stuck-player"
    stuck.write_text("#!/bin/sh\nexec sleep 60\n")
    stuck.chmod(0o755)
    player = Player([str(stuck), "{file}"])
    player.play(chime_wav())
    player.play(chime_wav())
    player.close(timeout=30)
    assert not player._thread.is_alive()
    assert player.wait_idle(timeout=5)


def test_volume_is_checked() -> None:
    player = Player(SOX_NULL, volume=0.3)
    try:
        assert player.volume == 0.3
        with pytest.raises(ValueError, match="between 0 and 1"):
            player.volume = 2.0
    finally:
        player.close()
