"""Scaling the guidance's volume: the same samples whichever way they are computed."""

from __future__ import annotations

import os
from array import array

from kiosk.speech import audio


def test_the_fast_scaling_matches_the_sample_loop() -> None:
    frames = os.urandom(4096)
    fast = audio.pcm_samples(audio.Pcm(22050, 1, audio.scale_frames(frames, 0.9)))
    slow = array("h", (int(s * 0.9) for s in audio.pcm_samples(audio.Pcm(22050, 1, frames))))
    assert len(fast) == len(slow)
    assert max(abs(a - b) for a, b in zip(fast, slow, strict=True)) <= 1


def test_full_volume_is_the_frames_themselves() -> None:
    frames = os.urandom(512)
    assert audio.scale_frames(frames, 1.0) == frames
