"""The guidance voice without Qt: phrases, cache keys, prerendering, interruption, digits."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.i18n import Language, Translator
from kiosk.speech.audio import measure, read_wav
from kiosk.speech.engine import SpeechEngine
from kiosk.speech.guidance_settings import GuidanceSettings, read_guidance, write_guidance
from kiosk.speech.guide import Guide, Utterance
from kiosk.speech.jack import JackWatcher, amixer_headphones, pactl_headphones
from kiosk.speech.phrases import digit_by_digit, split_phrases
from kiosk.speech.prompts import catalogue_msgids, ordered, ui_prompts
from kiosk.speech.stream import stream_header

LOCALE = Path(__file__).resolve().parents[3] / "assets" / "locale"


def recorder(folder: Path) -> list[str]:
    """A player command writing each utterance's stream to a new file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return ["sh", "-c", f'exec cat > "$(mktemp -p {folder} utterance-XXXXXX)"']


def played(folder: Path) -> list[bytes]:
    """The utterances the recording player received, oldest first."""
    files = sorted(folder.glob("utterance-*"), key=lambda p: p.stat().st_mtime_ns)
    return [p.read_bytes() for p in files]


def test_texts_are_cut_into_cacheable_phrases() -> None:
    assert split_phrases("А   Жер қатынастары бөлімі") == ["А", "Жер қатынастары бөлімі"]
    assert split_phrases("☑ I am entitled\nVeterans · Disabled people") == [
        "I am entitled", "Veterans", "Disabled people"]
    assert split_phrases("♫\nSound") == ["Sound"]


def test_a_ticket_number_is_read_digit_by_digit() -> None:
    assert digit_by_digit("Ә-017", Language.KK) == "Ә, 1, 7"
    assert digit_by_digit("В-120", Language.RU) == "Вэ, 1, 2, 0"
    # an appeal number as printed: its word, then every digit, zeros too
    assert digit_by_digit("KARASU-01-2026-00002", Language.RU, leading_zeros=True) == \
        "KARASU, 0, 1, 2, 0, 2, 6, 0, 0, 0, 0, 2"


def test_prompts_are_the_catalogues_texts_shortest_first() -> None:
    translator = Translator.load(LOCALE)
    prompts = ordered(ui_prompts(translator, catalogue_msgids(LOCALE)))
    texts = {text for text, _ in prompts}
    assert "Қажетті бөлімді таңдаңыз" in texts  # the queue screen's title, as shown
    assert all("{" not in text for text in texts)  # templates are filled in when said
    lengths = [len(text) for text, _ in prompts]
    assert lengths == sorted(lengths)


def test_a_cached_prompt_plays_without_espeak(tmp_path: Path, engine: SpeechEngine) -> None:
    guide = Guide(tmp_path / "cache", engine=engine, command=recorder(tmp_path / "out"))
    try:
        guide.prerender([("Қажетті бөлімді таңдаңыз", Language.KK)])
        assert guide.wait_prerendered(30)
        guide.say(["Қажетті бөлімді таңдаңыз"], Language.KK)
        assert guide.wait_idle(30)
        assert guide.synthesized_on_demand == 0
        clip = guide.cache.cached("Қажетті бөлімді таңдаңыз", Language.KK)
        assert clip is not None
        [stream] = played(tmp_path / "out")
        assert stream.startswith(stream_header())
        assert read_wav(stream).frames == read_wav(clip).frames
    finally:
        guide.close()


def test_a_changed_translation_is_a_new_clip(tmp_path: Path, engine: SpeechEngine) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    before = Translator.load(locale).gettext(Language.KK, "Choose the desk you need")
    po = locale / "kk.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        f'msgstr "{before}"', 'msgstr "Бөлімді таңдаңыз"'), encoding="utf-8")
    after = Translator.load(locale).gettext(Language.KK, "Choose the desk you need")
    assert after == "Бөлімді таңдаңыз"
    guide = Guide(tmp_path / "cache", engine=engine, command=recorder(tmp_path / "out"))
    try:
        guide.prerender([(before, Language.KK)])
        assert guide.wait_prerendered(30)
        assert guide.cache.path(after, Language.KK) != guide.cache.path(before, Language.KK)
        assert guide.cache.cached(after, Language.KK) is None  # the old clip is not used
        guide.prerender(ordered(ui_prompts(Translator.load(locale),
                                           ["Choose the desk you need"], [Language.KK])))
        assert guide.wait_prerendered(30)
        new = guide.cache.cached(after, Language.KK)
        old = guide.cache.cached(before, Language.KK)
        assert new is not None and old is not None
        assert measure(new).duration < measure(old).duration  # the shorter wording
    finally:
        guide.close()


def test_a_new_speed_is_a_new_clip(tmp_path: Path, engine: SpeechEngine) -> None:
    guide = Guide(tmp_path / "cache", engine=engine, command=recorder(tmp_path / "out"))
    try:
        normal = guide.clip("Мемлекеттік қызметтер", Language.KK)
        guide.engine = SpeechEngine(rate=210)
        assert guide.cache.cached("Мемлекеттік қызметтер", Language.KK) is None
        faster = guide.clip("Мемлекеттік қызметтер", Language.KK)
        assert measure(faster).duration < measure(normal).duration
    finally:
        guide.close()


def test_a_new_utterance_cuts_off_the_one_playing(tmp_path: Path,
                                                  engine: SpeechEngine) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # The player takes its time to read: the first utterance is still being written to it.
    slow = ["sh", "-c", f'sleep 2; exec cat > "$(mktemp -p {out} utterance-XXXXXX)"']
    said: list[Utterance] = []
    guide = Guide(tmp_path / "cache", engine=engine, command=slow, listener=said.append)
    try:
        long_text = "Мемлекеттік атаулы әлеуметтік көмек. " * 6
        guide.clip(long_text, Language.KK)  # ready, so the first one is playing at once
        guide.say([long_text], Language.KK)
        while not guide.speaking():
            pass
        guide.stream.command = tuple(recorder(out))
        guide.say(["Мемлекеттік қызметтер"], Language.RU)
        assert guide.wait_idle(30)
        streams = played(out)
        assert len(streams) == 1  # the first player was stopped before it wrote anything
        # Kazakh words on a Russian screen are read by the Kazakh voice
        short = guide.clip("Мемлекеттік қызметтер", Language.KK)
        assert read_wav(streams[0]).frames == read_wav(short).frames
        assert [u.language for u in said] == [Language.KK, Language.RU]
    finally:
        guide.close()


def test_settings_are_saved_and_read_back(tmp_path: Path) -> None:
    assert read_guidance(tmp_path) == GuidanceSettings()
    write_guidance(tmp_path, GuidanceSettings(volume=0.5, rate=180))
    assert read_guidance(tmp_path) == GuidanceSettings(0.5, 180)
    (tmp_path / "guidance.json").write_text("[1]", encoding="utf-8")
    assert read_guidance(tmp_path) == GuidanceSettings()


AMIXER = """numid=18,iface=CARD,name='Headphone Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values={state}
numid=17,iface=CARD,name='Mic Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=on
"""


def test_the_headphone_jack_is_read_from_alsa_and_pulseaudio() -> None:
    assert amixer_headphones(AMIXER.format(state="on")) is True
    assert amixer_headphones(AMIXER.format(state="off")) is False
    assert amixer_headphones("numid=3,iface=MIXER,name='Master Playback Volume'\n") is None
    ports = ("\tPorts:\n\t\tanalog-output-speaker: Speakers (type: Speaker, priority: 10000, "
             "availability unknown)\n\t\tanalog-output-headphones: Headphones (type: "
             "Headphones, priority: 9900, availability group: Legacy 2, {state})\n")
    assert pactl_headphones(ports.format(state="available")) is True
    assert pactl_headphones(ports.format(state="not available")) is False
    assert pactl_headphones("\tPorts:\n\t\thdmi-output-0: HDMI (available)\n") is None


def test_the_watcher_reports_plugging_in_and_out_and_stops_without_a_jack() -> None:
    readings = iter([False, True, True, False])
    changes: list[bool] = []
    watcher = JackWatcher(changes.append, probe=lambda: next(readings, None), interval=0.0)
    watcher.start()
    watcher._thread.join(10)
    assert changes == [True, False]
    assert watcher.reporting is False  # the probe stopped reporting: polling ended


def test_kazakh_words_on_a_russian_screen_are_read_by_the_kazakh_voice() -> None:
    """The Russian voice spelled a Kazakh topic ("Көше жарығы") letter by letter."""
    from kiosk.i18n import Language
    from kiosk.speech.phrases import voice_for

    assert voice_for("Тема: Көше жарығы", Language.RU) is Language.KK
    assert voice_for("Тема: уличное освещение", Language.RU) is Language.RU
    assert voice_for("Начать — по-русски", Language.EN) is Language.RU
    assert voice_for("Start — in English", Language.KK) is Language.KK
    assert voice_for("Бастау — қазақша", Language.EN) is Language.KK


def test_settings_that_are_not_finite_numbers_fall_back_to_the_defaults(tmp_path: Path) -> None:
    """{"rate": 1e999} raised OverflowError (no voice at all); NaN silenced the kiosk."""
    for text in ('{"rate": 1e999}', '{"rate": Infinity}', '{"volume": NaN}',
                 '{"volume": -Infinity, "rate": 150}'):
        (tmp_path / "guidance.json").write_text(text, encoding="utf-8")
        assert read_guidance(tmp_path) == GuidanceSettings(), text


def test_a_cache_that_is_not_a_folder_does_not_end_the_rendering(tmp_path: Path,
                                                                engine: SpeechEngine) -> None:
    """Pruning a cache 'folder' that is a file raised NotADirectoryError and the prerender
    thread died for good (nothing rendered ahead again until a restart)."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    guide = Guide(blocker, engine=engine, command=["sh", "-c", "cat > /dev/null"])
    try:
        guide.prerender([("Сәлеметсіз бе", Language.KK)])
        assert guide.wait_prerendered(30)
        guide.prerender([("Сау болыңыз", Language.KK)])
        assert guide.wait_prerendered(30), "the rendering thread is still there"
    finally:
        guide.close()


def test_a_phrase_too_long_to_make_is_said_in_parts_and_the_rest_follows() -> None:
    """A 5,000-character paragraph hit the engine's limit and everything after it was
    dropped."""
    from kiosk.speech.engine import MAX_TEXT
    from kiosk.speech.phrases import split_phrases

    long_text = "жер учаскесі " * 400
    phrases = split_phrases(long_text)
    assert len(phrases) > 1 and all(len(p) <= MAX_TEXT for p in phrases)
    assert " ".join(phrases) == " ".join(long_text.split())
