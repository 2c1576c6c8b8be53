"""A call as the hall hears it: chime, then kk and ru from the translations, by real espeak-ng,
measured by our own code and by sox; the words as the board shows them."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kiosk.i18n import Language, Translator
from kiosk.queue.announce import (
    CHIME_GAP_MS,
    LANGUAGE_GAP_MS,
    Announcer,
    announcement_wav,
    display_text,
    spoken_text,
)
from kiosk.queue.sound import CallSound
from kiosk.speech.audio import SPEECH_RATE, Pcm, measure, read_wav, scale_volume, silence, write_wav
from kiosk.speech.cache import SpeechCache
from kiosk.speech.chime import chime_wav
from kiosk.speech.engine import SpeechEngine
from kiosk.speech.player import Player
from tests.kiosk.speech.conftest import HAVE_ESPEAK, NO_ESPEAK, espeak_direct, needs_sox, sox_stat

KK, RU = Language.KK, Language.RU
#: Each clip copied to a numbered file: what the player process really received.
RECORD = ["sh", "-c", 'cp "$0" "$1/$(ls "$1" | wc -l).wav"', "{file}"]


@pytest.fixture
def engine() -> SpeechEngine:
    """The real espeak-ng with the kiosk's settings."""
    if not HAVE_ESPEAK:
        pytest.skip(NO_ESPEAK)
    return SpeechEngine()


@pytest.fixture
def cache(engine: SpeechEngine, tmp_path: Path) -> SpeechCache:
    """Clips rendered by the real engine into a temporary folder."""
    return SpeechCache(tmp_path / "speech", engine)


def _frames(wav: bytes) -> bytes:
    return read_wav(wav).frames


def _wav(frames: bytes) -> bytes:
    return write_wav(Pcm(SPEECH_RATE, 1, frames))


def test_the_words_come_from_the_translations(translator: Translator) -> None:
    assert spoken_text("Ә-017", "103", KK, translator) == \
        "Ә 17 нөмірлі талон, жүз үшінші бөлмеге өтіңіз."
    assert spoken_text("Ә-017", "103", RU, translator) == \
        "Талон Я, 17, пройдите в кабинет 103."
    assert spoken_text("В-005", "2А", RU, translator) == \
        "Талон Вэ, 5, пройдите в кабинет 2 А."
    assert spoken_text("Ж-004", "", KK, translator) == "Ж, 4 нөмірлі талон, маманға келіңіз."


def test_the_board_shows_the_number_and_the_room_with_its_word(translator: Translator) -> None:
    assert display_text("Ә-017", "103", KK, translator) == "Ә-017 → 103-бөлме"
    assert display_text("Ә-017", "103", RU, translator) == "Ә-017 → Кабинет 103"
    assert display_text("Ә-017", "", KK, translator) == "Ә-017"


@needs_sox
def test_a_kk_and_ru_call_is_the_chime_then_speech(cache: SpeechCache, translator: Translator,
                                                   tmp_path: Path) -> None:
    sound = CallSound(speech=True, volume=1.0, languages=("kk", "ru"))
    wav = announcement_wav("Ә-017", "103", sound, cache, translator=translator)
    path = tmp_path / "call.wav"
    path.write_bytes(wav)
    sox, ours, chime = sox_stat(path), measure(wav), measure(chime_wav())

    assert ours.duration == pytest.approx(sox["Length (seconds)"], abs=0.001)
    assert ours.rms == pytest.approx(sox["RMS amplitude"], rel=0.02)
    assert sox["RMS amplitude"] > 0.02  # not silence
    assert ours.duration > chime.duration + 3.0  # two spoken sentences after the chime
    assert 0.4 < ours.voiced_fraction < 1.0  # speech, with the pauses between
    assert ours.peak < 1.0  # no clipping
    print(f"\nkk+ru call: {ours.duration:.2f} s, RMS {ours.rms_dbfs:.1f} dBFS, peak "
          f"{ours.peak:.2f}, voiced {ours.voiced_fraction:.0%}; chime alone "
          f"{chime.duration:.2f} s, RMS {chime.rms_dbfs:.1f} dBFS")


def test_the_kazakh_part_is_espeak_ngs_kazakh_voice_reading_the_kazakh_text(
        cache: SpeechCache, engine: SpeechEngine, translator: Translator) -> None:
    sound = CallSound(speech=True, volume=1.0, languages=("kk", "ru"))
    frames = _frames(announcement_wav("Ә-017", "103", sound, cache, translator=translator))
    kk_text = spoken_text("Ә-017", "103", KK, translator)
    ru_text = spoken_text("Ә-017", "103", RU, translator)
    args = engine.command(KK)[3:-3]
    kazakh = _frames(espeak_direct(kk_text, "kk", *args, "--stdout"))
    russian = _frames(espeak_direct(ru_text, "ru", *engine.command(RU)[3:-3], "--stdout"))
    kk_by_ru_voice = _frames(espeak_direct(kk_text, "ru", *engine.command(RU)[3:-3],
                                           "--stdout"))
    chime = _frames(chime_wav())
    start = len(chime) + len(silence(CHIME_GAP_MS))

    assert frames[:len(chime)] == chime
    assert frames[start:start + len(kazakh)] == kazakh
    assert frames[start:start + len(kk_by_ru_voice)] != kk_by_ru_voice
    after = start + len(kazakh) + len(silence(LANGUAGE_GAP_MS))
    assert frames[after:] == russian


def test_the_languages_are_spoken_in_the_order_set(cache: SpeechCache,
                                                   translator: Translator) -> None:
    ru_first = CallSound(speech=True, volume=1.0, languages=("ru", "kk"))
    frames = _frames(announcement_wav("Ә-017", "103", ru_first, cache, translator=translator))
    russian = _frames(cache.clip(spoken_text("Ә-017", "103", RU, translator), RU).read_bytes())
    start = len(_frames(chime_wav())) + len(silence(CHIME_GAP_MS))
    assert frames[start:start + len(russian)] == russian
    only_kk = CallSound(speech=True, volume=1.0, languages=("kk",))
    kk_only = announcement_wav("Ә-017", "103", only_kk, cache, translator=translator)
    assert measure(kk_only).duration < measure(
        announcement_wav("Ә-017", "103", ru_first, cache, translator=translator)).duration


def test_speech_off_is_the_chime_alone(cache: SpeechCache, translator: Translator) -> None:
    quiet = CallSound(speech=False, volume=0.5, languages=("kk", "ru"))
    assert announcement_wav("Ә-017", "103", quiet, cache, translator=translator) == \
        chime_wav(0.5)
    assert not cache.folder.exists() or not any(cache.folder.glob("*.wav"))  # nothing spoken


def test_the_volume_applies_to_chime_and_speech(cache: SpeechCache,
                                                translator: Translator) -> None:
    loud = announcement_wav("Ә-017", "103", CallSound(True, 1.0), cache, translator=translator)
    soft = announcement_wav("Ә-017", "103", CallSound(True, 0.4), cache, translator=translator)
    assert measure(soft).duration == measure(loud).duration
    assert measure(soft).rms_dbfs == pytest.approx(measure(loud).rms_dbfs + 20 * math.log10(0.4),
                                                   abs=0.1)
    assert measure(soft).peak == pytest.approx(measure(loud).peak * 0.4, abs=0.002)
    speech_only = _frames(loud)[len(_frames(chime_wav())):]
    assert _frames(soft)[len(_frames(chime_wav(0.4))):] == \
        _frames(scale_volume(_wav(speech_only), 0.4))


def test_the_announcer_plays_the_call_through_a_real_process(
        cache: SpeechCache, translator: Translator, tmp_path: Path) -> None:
    out = tmp_path / "played"
    out.mkdir()
    announcer = Announcer(cache, Player([*RECORD, str(out)]), translator)
    sound = CallSound(True, 0.8, ("kk", "ru"))
    try:
        announcer.announce("Ә-017", "103", sound)
        announcer.announce("Ж-004", "104", CallSound(True, 0.0))  # volume 0: nothing at all
        announcer.announce("Ә-017", "103", CallSound(False, 0.8))  # speech off: the chime
        assert announcer.wait_idle(timeout=120)
    finally:
        announcer.close()
    played = sorted(out.iterdir())
    assert [p.name for p in played] == ["0.wav", "1.wav"]
    assert played[0].read_bytes() == announcement_wav("Ә-017", "103", sound, cache,
                                                      translator=translator)
    assert played[1].read_bytes() == chime_wav(0.8)


def test_without_espeak_the_call_is_still_chimed(tmp_path: Path, translator: Translator,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "played"
    out.mkdir()
    broken = SpeechCache(tmp_path / "speech", SpeechEngine(tmp_path / "no-espeak-ng"))
    announcer = Announcer(broken, Player([*RECORD, str(out)]), translator)
    try:
        announcer.announce("Ә-017", "103", CallSound(True, 1.0))
        assert announcer.wait_idle(timeout=60)
    finally:
        announcer.close()
    assert [p.read_bytes() for p in sorted(out.iterdir())] == [chime_wav(1.0)]
    assert "chimed without speech" in caplog.text and "espeak-ng is not installed" in caplog.text
    assert read_wav(chime_wav()).rate == SPEECH_RATE
