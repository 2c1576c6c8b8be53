"""WAV bytes in pure Python: read, write, join with silence, scale, and measure.

Only 16-bit PCM is handled: that is what espeak-ng and the chime produce. A WAV written by
``espeak-ng --stdout`` carries placeholder sizes (it streams); :func:`read_wav` takes the
data that is really there, and :func:`write_wav` writes a complete header.
"""

from __future__ import annotations

import math
import struct
import sys
import warnings
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

try:
    with warnings.catch_warnings():  # deprecated in 3.11, gone in 3.13: the loop is the
        warnings.simplefilter("ignore", DeprecationWarning)  # fallback there
        import audioop as _audioop
except ImportError:  # pragma: no cover - Python 3.13+
    _audioop = None  # type: ignore[assignment]

#: The rate espeak-ng speaks at (all its own voices) and the chime is made at.
SPEECH_RATE = 22050
_FULL_SCALE = 32768.0
_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")


class BadAudio(ValueError):
    """The bytes are not a WAV file this module can handle; the message says why."""


@dataclass(frozen=True)
class Pcm:
    """Raw 16-bit little-endian samples and their format."""

    rate: int
    channels: int
    frames: bytes

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.frames) / (2 * self.channels * self.rate)


@dataclass(frozen=True)
class AudioStats:
    """What a clip sounds like in numbers (for tests and the maintenance screen)."""

    duration: float
    rms: float
    rms_dbfs: float
    peak: float
    voiced_fraction: float


def read_wav(wav: bytes, *, strict: bool = False) -> Pcm:
    """The samples of a 16-bit PCM WAV; ``strict`` also refuses a file cut short."""
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        raise BadAudio("not a WAV file (no RIFF/WAVE header)")
    pos, fmt = 12, None
    while pos + 8 <= len(wav):
        chunk_id, size = struct.unpack_from("<4sI", wav, pos)
        body = pos + 8
        if chunk_id == b"fmt ":
            if size < 16 or body + 16 > len(wav):
                raise BadAudio("the WAV format chunk is cut short")
            fmt = struct.unpack_from("<HHIIHH", wav, body)
        elif chunk_id == b"data":
            if fmt is None:
                raise BadAudio("the WAV data comes before its format chunk")
            tag, channels, rate, _byte_rate, _align, bits = fmt
            if tag != 1 or bits != 16 or channels < 1 or rate < 1:
                raise BadAudio(f"only 16-bit PCM is supported (format {tag}, {bits} bits)")
            available = len(wav) - body
            if strict and size > available:
                raise BadAudio(f"the WAV file is cut short ({available} of {size} data bytes)")
            end = body + min(size, available)
            end -= (end - body) % (2 * channels)
            return Pcm(rate, channels, wav[body:end])
        pos = body + size + (size & 1)
    raise BadAudio("the WAV file has no data chunk")


def write_wav(pcm: Pcm) -> bytes:
    """A complete WAV file for ``pcm``."""
    size = len(pcm.frames)
    header = _HEADER.pack(b"RIFF", 36 + size, b"WAVE", b"fmt ", 16, 1, pcm.channels, pcm.rate,
                          pcm.rate * pcm.channels * 2, pcm.channels * 2, 16, b"data", size)
    return header + pcm.frames


def silence(milliseconds: float, rate: int = SPEECH_RATE, channels: int = 1) -> bytes:
    """Raw silent frames of the given length."""
    return bytes(2 * channels * round(rate * milliseconds / 1000))


def concatenate(wavs: Sequence[bytes], gap_ms: float = 300.0) -> bytes:
    """One WAV of ``wavs`` in order with ``gap_ms`` of silence between; formats must match."""
    if not wavs:
        raise BadAudio("nothing to join: no clips given")
    clips = [read_wav(wav) for wav in wavs]
    first = clips[0]
    for index, clip in enumerate(clips[1:], start=2):
        if (clip.rate, clip.channels) != (first.rate, first.channels):
            raise BadAudio(f"clip {index} is {clip.rate} Hz x{clip.channels}, the first is "
                           f"{first.rate} Hz x{first.channels}: make them at the same rate")
    gap = silence(gap_ms, first.rate, first.channels)
    return write_wav(Pcm(first.rate, first.channels, gap.join(clip.frames for clip in clips)))


def scale_volume(wav: bytes, volume: float) -> bytes:
    """The same WAV with every sample multiplied by ``volume`` (0 silent .. 1 unchanged)."""
    if not 0.0 <= volume <= 1.0:
        raise ValueError(f"volume must be between 0 and 1, not {volume}")
    pcm = read_wav(wav)
    return write_wav(Pcm(pcm.rate, pcm.channels, scale_frames(pcm.frames, volume)))


class Loudness:
    """A ``volume`` from 0 (silent) to 1 (as recorded), refused outside that range."""

    _volume = 1.0

    @property
    def volume(self) -> float:
        """Loudness applied to what is played, 0 (silent) to 1 (as recorded)."""
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"volume must be between 0 and 1, not {value}")
        self._volume = value


def scale_frames(frames: bytes, volume: float) -> bytes:
    """16-bit little-endian ``frames`` with every sample multiplied by ``volume`` (0..1).

    In C (the standard library's audioop, Python 3.11/3.12) where it exists: the guidance
    scales every chunk it plays, and a Python loop over the samples holds the interpreter
    lock for ~15 ms per phrase, which the screen being drawn at that moment waits for.
    """
    if volume >= 1.0:
        return frames
    if _audioop is not None and sys.byteorder == "little":
        return bytes(_audioop.mul(frames, 2, volume))
    scaled = array("h", (round(s * volume) for s in _samples(frames)))
    return _frames(scaled)


def measure(wav: bytes, *, frame_ms: float = 20.0, silence_dbfs: float = -45.0) -> AudioStats:
    """Duration, RMS (linear and dBFS), peak, and the share of non-silent 20 ms frames."""
    pcm = read_wav(wav)
    samples = _samples(pcm.frames)
    if not samples:
        return AudioStats(0.0, 0.0, -math.inf, 0.0, 0.0)
    rms = math.sqrt(math.fsum(s * s for s in samples) / len(samples)) / _FULL_SCALE
    highest, lowest = max(samples), min(samples)
    peak = max(highest, -lowest) / _FULL_SCALE
    step = max(1, round(pcm.rate * pcm.channels * frame_ms / 1000))
    floor = (_FULL_SCALE * 10 ** (silence_dbfs / 20)) ** 2
    frames = [samples[i:i + step] for i in range(0, len(samples), step)]
    voiced = sum(1 for f in frames if math.fsum(s * s for s in f) / len(f) > floor)
    return AudioStats(duration=pcm.duration, rms=rms, rms_dbfs=_dbfs(rms), peak=peak,
                      voiced_fraction=voiced / len(frames))


def pcm_samples(pcm: Pcm) -> array[int]:
    """The samples of ``pcm`` as signed 16-bit integers (interleaved if stereo)."""
    return _samples(pcm.frames)


def pcm_from_samples(samples: array[int], rate: int = SPEECH_RATE, channels: int = 1) -> Pcm:
    """A :class:`Pcm` holding signed 16-bit ``samples``."""
    return Pcm(rate, channels, _frames(samples))


def _dbfs(rms: float) -> float:
    return 20 * math.log10(rms) if rms > 0 else -math.inf


def _samples(frames: bytes) -> array[int]:
    samples = array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _frames(samples: array[int]) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()
