"""WAV handling in pure Python, checked against sox: chime, join, volume, measure."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from kiosk.i18n import Language
from kiosk.speech.audio import (
    BadAudio,
    Pcm,
    concatenate,
    measure,
    pcm_samples,
    read_wav,
    scale_volume,
    silence,
    write_wav,
)
from kiosk.speech.chime import chime_wav
from kiosk.speech.engine import SpeechEngine
from tests.kiosk.speech.conftest import espeak_direct, needs_sox, sox_stat


@needs_sox
def test_the_chime_is_a_clean_ding_dong(tmp_path: Path) -> None:
    wav = chime_wav()
    path = tmp_path / "chime.wav"
    path.write_bytes(wav)
    sox, ours = sox_stat(path), measure(wav)
    pcm = read_wav(wav, strict=True)

    assert (pcm.rate, pcm.channels) == (22050, 1)
    assert 0.6 < ours.duration < 1.5
    assert ours.duration == pytest.approx(sox["Length (seconds)"], abs=0.001)
    assert ours.rms == pytest.approx(sox["RMS amplitude"], rel=0.02)
    assert sox["RMS amplitude"] > 0.05
    assert 0.3 < ours.peak < 0.95  # loud enough, never at full scale (no clipping)
    assert sox["Maximum amplitude"] < 0.95 and sox["Minimum amplitude"] > -0.95
    assert ours.voiced_fraction > 0.8
    samples = pcm_samples(pcm)
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # faded in and out: no click


def test_the_chime_has_two_tones_high_then_low() -> None:
    samples = pcm_samples(read_wav(chime_wav()))
    rate = 22050

    def crossings(start: float, length: float) -> float:
        part = samples[int(start * rate):int((start + length) * rate)]
        flips = sum(1 for a, b in itertools.pairwise(part) if (a < 0) != (b < 0))
        return flips / 2 / length  # about the strongest frequency

    assert crossings(0.02, 0.2) == pytest.approx(659, rel=0.1)
    assert crossings(0.45, 0.2) == pytest.approx(523, rel=0.1)


@needs_sox
def test_half_volume_is_six_decibels_quieter(tmp_path: Path) -> None:
    full, half = chime_wav(), scale_volume(chime_wav(), 0.5)
    (tmp_path / "full.wav").write_bytes(full)
    (tmp_path / "half.wav").write_bytes(half)
    drop = measure(full).rms_dbfs - measure(half).rms_dbfs
    sox_drop = 20 * math.log10(sox_stat(tmp_path / "full.wav")["RMS amplitude"]
                               / sox_stat(tmp_path / "half.wav")["RMS amplitude"])
    assert drop == pytest.approx(6.02, abs=0.1)
    assert sox_drop == pytest.approx(6.02, abs=0.1)
    assert chime_wav(0.5) != full
    assert measure(chime_wav(0.5)).rms_dbfs == pytest.approx(measure(full).rms_dbfs - 6.02,
                                                            abs=0.1)


def test_volume_zero_is_silence() -> None:
    for wav in (scale_volume(chime_wav(), 0.0), chime_wav(0.0)):
        stats = measure(wav)
        assert stats.rms == 0 and stats.peak == 0 and stats.voiced_fraction == 0
        assert stats.rms_dbfs == -math.inf
        assert stats.duration == pytest.approx(measure(chime_wav()).duration)


def test_volume_outside_zero_to_one_is_refused() -> None:
    for volume in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError, match="between 0 and 1"):
            scale_volume(chime_wav(), volume)
        with pytest.raises(ValueError, match="between 0 and 1"):
            chime_wav(volume)


def test_chime_and_speech_join_with_a_gap(engine: SpeechEngine) -> None:
    speech = engine.synthesize("Талон А 17", Language.RU)
    joined = concatenate([chime_wav(), speech], gap_ms=250)
    expected = measure(chime_wav()).duration + 0.25 + measure(speech).duration
    assert measure(joined).duration == pytest.approx(expected, abs=0.001)
    frames = read_wav(joined, strict=True).frames
    assert frames.startswith(read_wav(chime_wav()).frames)
    assert frames.endswith(read_wav(speech).frames)
    gap_start = len(read_wav(chime_wav()).frames)
    assert frames[gap_start:gap_start + len(silence(250))] == silence(250)


def test_clips_of_different_rates_are_not_joined() -> None:
    other = write_wav(Pcm(16000, 1, bytes(3200)))
    with pytest.raises(BadAudio, match=r"clip 2 is 16000 Hz x1, the first is 22050 Hz"):
        concatenate([chime_wav(), other])
    with pytest.raises(BadAudio, match="no clips"):
        concatenate([])


def test_espeaks_streamed_header_is_read_by_the_data_present(engine: SpeechEngine) -> None:
    raw = espeak_direct("Талон", "ru", "--stdout")
    assert int.from_bytes(raw[40:44], "little") > len(raw)  # espeak-ng's placeholder size
    pcm = read_wav(raw)
    assert len(pcm.frames) == len(raw) - 44
    with pytest.raises(BadAudio, match="cut short"):
        read_wav(raw, strict=True)


@pytest.mark.parametrize(("data", "words"), [
    (b"", "not a WAV file"),
    (b"ID3\x03 an mp3", "not a WAV file"),
    (b"RIFF\x00\x00\x00\x00WAVE", "no data chunk"),
    (write_wav(Pcm(22050, 1, b"\x00\x00"))[:30], "format chunk is cut short"),
    (write_wav(Pcm(22050, 1, bytes(100)))[:-10], "cut short"),
])
def test_bad_wavs_are_named(data: bytes, words: str) -> None:
    with pytest.raises(BadAudio, match=words):
        read_wav(data, strict=True)


def test_eight_bit_audio_is_refused_in_words() -> None:
    wav = bytearray(write_wav(Pcm(22050, 1, bytes(10))))
    wav[34:36] = (8).to_bytes(2, "little")
    with pytest.raises(BadAudio, match="only 16-bit PCM"):
        read_wav(bytes(wav))


def test_measure_of_a_known_signal() -> None:
    # half a second of a full-scale-ish square wave, then half a second of silence
    loud = bytes(bytearray((16384).to_bytes(2, "little", signed=True)
                           + (-16384).to_bytes(2, "little", signed=True)) * 5512)
    wav = write_wav(Pcm(22050, 1, loud + silence(500)))
    stats = measure(wav)
    assert stats.duration == pytest.approx(1.0, abs=0.001)
    assert stats.peak == pytest.approx(0.5)
    assert stats.rms == pytest.approx(0.5 / math.sqrt(2), rel=0.001)
    assert stats.voiced_fraction == pytest.approx(0.5, abs=0.03)
    assert measure(write_wav(Pcm(22050, 1, b""))).duration == 0
