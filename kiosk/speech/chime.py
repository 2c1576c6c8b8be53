"""A two-tone "ding-dong" played before a call, made with the standard library only.

Each note is a sine with a soft octave partial (a bell-like colour), a short fade-in so it
does not click, and an exponential decay; the second note starts while the first still rings.
The result is made at espeak-ng's rate, so it joins speech without resampling.
"""

from __future__ import annotations

import math
from array import array

from kiosk.speech.audio import SPEECH_RATE, pcm_from_samples, write_wav

#: (frequency Hz, start s) of the two notes: E5 then C5, a major third down.
NOTES: tuple[tuple[float, float], ...] = ((659.25, 0.0), (523.25, 0.35))
NOTE_SECONDS = 0.6
DECAY_SECONDS = 0.16
FADE_IN_SECONDS = 0.006
FADE_OUT_SECONDS = 0.03
#: Peak of the chime at volume 1 as a fraction of full scale (-6 dBFS): its RMS is then
#: about -18 dBFS, a little above espeak-ng's speech (about -24), so it draws attention
#: without startling.
PEAK = 0.5
_OVERTONE = 0.25


def chime_wav(volume: float = 1.0, rate: int = SPEECH_RATE) -> bytes:
    """The ding-dong as a mono 16-bit WAV at ``rate``; ``volume`` from 0 (silent) to 1."""
    if not 0.0 <= volume <= 1.0:
        raise ValueError(f"volume must be between 0 and 1, not {volume}")
    total = max(start for _, start in NOTES) + NOTE_SECONDS
    mix = [0.0] * round(total * rate)
    for frequency, start in NOTES:
        _add_note(mix, frequency, round(start * rate), rate)
    fade_out = round(FADE_OUT_SECONDS * rate)
    for i in range(fade_out):
        mix[len(mix) - 1 - i] *= i / fade_out
    loudest = max(abs(v) for v in mix)
    gain = PEAK * volume * 32767 / loudest
    samples = array("h", (round(v * gain) for v in mix))
    return write_wav(pcm_from_samples(samples, rate))


def _add_note(mix: list[float], frequency: float, offset: int, rate: int) -> None:
    """Add one decaying bell note to ``mix`` starting at sample ``offset``."""
    fade_in = FADE_IN_SECONDS * rate
    step = 2 * math.pi * frequency / rate
    for n in range(min(round(NOTE_SECONDS * rate), len(mix) - offset)):
        envelope = math.exp(-n / (DECAY_SECONDS * rate)) * min(1.0, n / fade_in)
        tone = math.sin(step * n) + _OVERTONE * math.sin(2 * step * n)
        mix[offset + n] += envelope * tone
