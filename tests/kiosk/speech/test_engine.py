"""espeak-ng through SpeechEngine: real audio in the right language, and errors in words."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import pytest

from kiosk.i18n import Language
from kiosk.speech.audio import measure as measure_wav
from kiosk.speech.audio import read_wav
from kiosk.speech.engine import SpeechEngine, SpeechUnavailable
from tests.kiosk.speech.conftest import (
    KAZAKH_CALL,
    RUSSIAN_CALL,
    espeak_direct,
    needs_espeak,
    needs_sox,
    phonemes,
    sox_stat,
)

CALLS = [(Language.KK, KAZAKH_CALL), (Language.RU, RUSSIAN_CALL)]


@needs_sox
@pytest.mark.parametrize(("language", "text"), CALLS, ids=["kk", "ru"])
def test_a_call_is_real_speech_by_our_measure_and_by_sox(
        engine: SpeechEngine, tmp_path: Path, language: Language, text: str) -> None:
    wav = engine.synthesize(text, language)
    path = tmp_path / "call.wav"
    path.write_bytes(wav)
    sox = sox_stat(path)
    ours = measure_wav(wav)

    assert 1.5 < sox["Length (seconds)"] < 15
    assert sox["RMS amplitude"] > 0.01
    assert ours.duration == pytest.approx(sox["Length (seconds)"], abs=0.001)
    assert ours.rms == pytest.approx(sox["RMS amplitude"], rel=0.02)
    assert ours.peak == pytest.approx(max(sox["Maximum amplitude"],
                                          -sox["Minimum amplitude"]), abs=0.001)
    assert ours.peak < 1.0
    assert ours.rms_dbfs == pytest.approx(20 * math.log10(ours.rms))
    assert 0.3 < ours.voiced_fraction < 1.0  # speech, with pauses between words


def test_the_wav_is_complete_mono_16_bit(engine: SpeechEngine) -> None:
    wav = engine.synthesize(RUSSIAN_CALL, Language.RU)
    pcm = read_wav(wav, strict=True)  # espeak-ng's streamed header is rewritten with sizes
    assert (pcm.rate, pcm.channels) == (22050, 1)
    assert int.from_bytes(wav[40:44], "little") == len(wav) - 44
    assert int.from_bytes(wav[4:8], "little") == len(wav) - 8


@pytest.mark.parametrize(("language", "text", "other"),
                         [(Language.KK, KAZAKH_CALL, Language.RU),
                          (Language.RU, RUSSIAN_CALL, Language.KK)], ids=["kk", "ru"])
def test_the_clip_is_in_the_right_language(engine: SpeechEngine, language: Language,
                                           text: str, other: Language) -> None:
    clip = read_wav(engine.synthesize(text, language)).frames
    same_voice = espeak_direct(text, language.value, *engine.command(language)[3:-3],
                               "--stdout")
    other_voice = espeak_direct(text, other.value, *engine.command(other)[3:-3], "--stdout")

    assert clip == read_wav(same_voice).frames
    assert clip != read_wav(other_voice).frames


@needs_espeak
def test_kazakh_and_russian_voices_read_the_text_differently() -> None:
    kazakh, russian = phonemes(KAZAKH_CALL, "kk"), phonemes(KAZAKH_CALL, "ru")
    assert kazakh and russian and kazakh != russian
    assert "&" in kazakh  # the Kazakh vowel ә, which Russian has no phoneme for
    assert phonemes(RUSSIAN_CALL, "ru") != phonemes(RUSSIAN_CALL, "kk")


@pytest.mark.parametrize("text", ["-v en --help", "--version", '"Кавычки" и \'апострофы\'',
                                  "первая строка\nвторая строка\n-q", "-5 градусов"])
def test_awkward_text_is_spoken_not_taken_as_options(engine: SpeechEngine, text: str) -> None:
    wav = engine.synthesize(text, Language.RU)
    stats = measure_wav(wav)
    assert stats.duration > 0.2 and stats.rms > 0.01
    assert read_wav(wav).frames == read_wav(
        espeak_direct(text, "ru", *engine.command(Language.RU)[3:-3], "--stdout")).frames


def test_an_option_like_text_is_longer_than_the_option_word_alone(engine: SpeechEngine) -> None:
    # "-v en --help" read aloud is several words; as options it would print help instead
    spoken = measure_wav(engine.synthesize("-v en --help", Language.EN)).duration
    assert spoken > measure_wav(engine.synthesize("help", Language.EN)).duration


def test_control_characters_do_not_cut_the_text_short(engine: SpeechEngine) -> None:
    whole = engine.synthesize("Талон один два три", Language.RU)
    with_nul = engine.synthesize("Талон\x00один\x07два\x1bтри", Language.RU)
    assert measure_wav(with_nul).duration == pytest.approx(measure_wav(whole).duration,
                                                          rel=0.05)


def test_empty_text_is_an_empty_wav_without_running_espeak(tmp_path: Path) -> None:
    engine = SpeechEngine(tmp_path / "no-such-espeak")
    for text in ("", "   ", "\n"):
        pcm = read_wav(engine.synthesize(text, Language.KK), strict=True)
        assert pcm.frames == b"" and pcm.rate == 22050


def test_a_missing_engine_says_how_to_install_it(tmp_path: Path) -> None:
    engine = SpeechEngine(tmp_path / "bin" / "espeak-ng")
    assert engine.available() is False
    with pytest.raises(SpeechUnavailable, match=r"espeak-ng is not installed .*"
                                                r"apt-get install espeak-ng"):
        engine.synthesize("Сәлеметсіз бе", Language.KK)


def test_a_missing_voice_is_named(engine: SpeechEngine) -> None:
    broken = SpeechEngine(voices={**engine.voices, Language.KK: "zz-no-such-voice"})
    with pytest.raises(SpeechUnavailable,
                       match=r"espeak-ng has no Kazakh voice \(zz-no-such-voice\).*espeak-ng-data"):
        broken.synthesize("Сәлеметсіз бе", Language.KK)


def test_a_hung_engine_is_stopped_with_a_timeout(tmp_path: Path) -> None:
    hung = tmp_path / "espeak-ng"
    hung.write_text("#!/bin/sh\nexec sleep 60\n")
    hung.chmod(0o755)
    engine = SpeechEngine(hung, timeout=0.5)
    with pytest.raises(SpeechUnavailable, match=r"took longer than 0.5 s to speak 5 characters"):
        engine.synthesize("Талон", Language.RU)


def test_an_engine_that_fails_reports_its_last_words(tmp_path: Path) -> None:
    broken = tmp_path / "espeak-ng"
    broken.write_text("#!/bin/sh\necho 'espeak-ng: out of memory' >&2\nexit 3\n")
    broken.chmod(0o755)
    with pytest.raises(SpeechUnavailable, match=r"failed to .*: espeak-ng: out of memory"):
        SpeechEngine(broken).synthesize("Талон", Language.RU)


def test_punctuation_alone_is_an_empty_clip(engine: SpeechEngine) -> None:
    for text in ("-", "...", "«»"):
        assert measure_wav(engine.synthesize(text, Language.RU)).rms == 0


def test_a_program_that_is_not_espeak_is_named(tmp_path: Path) -> None:
    silent = tmp_path / "espeak-ng"
    silent.write_text("#!/bin/sh\ntrue\n")
    silent.chmod(0o755)
    with pytest.raises(SpeechUnavailable, match="printed no version: is it espeak-ng"):
        SpeechEngine(silent).version()
    assert SpeechEngine(silent).available() is False


def test_a_program_that_is_not_espeak_gives_no_audio(tmp_path: Path) -> None:
    fake = tmp_path / "espeak-ng"
    fake.write_text("#!/bin/sh\ncat\n")  # echoes the text back: not a WAV
    fake.chmod(0o755)
    with pytest.raises(SpeechUnavailable, match=r"no usable audio .*not a WAV file"):
        SpeechEngine(fake).synthesize("Талон", Language.RU)


def test_settings_are_checked_and_change_the_identity(engine: SpeechEngine) -> None:
    with pytest.raises(ValueError, match="speech rate"):
        SpeechEngine(rate=10)
    slower = SpeechEngine(rate=120)
    assert engine.identity(Language.KK) != slower.identity(Language.KK)
    assert engine.identity(Language.KK) != engine.identity(Language.RU)
    assert engine.version().startswith("eSpeak NG")
    assert measure_wav(slower.synthesize(RUSSIAN_CALL, Language.RU)).duration > \
        measure_wav(engine.synthesize(RUSSIAN_CALL, Language.RU)).duration


@needs_espeak
def test_default_espeak_rate_is_faster_than_ours() -> None:
    default = espeak_direct(RUSSIAN_CALL, "ru", "--stdout")
    ours = SpeechEngine().synthesize(RUSSIAN_CALL, Language.RU)
    assert measure_wav(ours).duration > measure_wav(default).duration
    assert subprocess.run(["espeak-ng", "--version"], capture_output=True,
                          check=True).returncode == 0


def test_a_huge_text_is_refused_in_words_not_spoken() -> None:
    from kiosk.speech.engine import MAX_TEXT, SpeechEngine, SpeechUnavailable

    with pytest.raises(SpeechUnavailable, match="too long"):
        SpeechEngine().synthesize("а" * (MAX_TEXT + 1), Language.KK)
