"""What a visitor typed and the voice read back is spoken, but never kept in the cache folder."""

from __future__ import annotations

from pathlib import Path

from kiosk.i18n import Language
from kiosk.speech.engine import SpeechEngine
from kiosk.speech.guide import Guide
from tests.kiosk.speech.test_guide import played, recorder

PROMPT = "Қажетті бөлімді таңдаңыз"
NAME = "Әлия Нұрланқызы"
TOPIC = "Абай көшесінде шам жанбайды"


def test_a_name_read_back_is_heard_twice_but_only_prompts_are_on_disk(
        tmp_path: Path, engine: SpeechEngine) -> None:
    folder = tmp_path / "cache"
    guide = Guide(folder, engine=engine, command=recorder(tmp_path / "out"))
    try:
        guide.prerender([(PROMPT, Language.KK)])
        assert guide.wait_prerendered(30)
        for _ in range(2):  # the second time from memory: made once
            guide.say([PROMPT, NAME, TOPIC], Language.KK)
            assert guide.wait_idle(30)
        assert guide.synthesized_on_demand == 2
        assert len(played(tmp_path / "out")) == 2
        guide.forget()  # the visitor left: made again next time
        guide.say([NAME], Language.KK)
        assert guide.wait_idle(30)
        assert guide.synthesized_on_demand == 3
        clips = sorted(p.name for p in folder.iterdir())
        assert clips == [guide.cache.path(PROMPT, Language.KK).name], clips
        assert guide.cache.cached(NAME, Language.KK) is None
    finally:
        guide.close()


def test_a_name_an_older_version_kept_as_a_clip_is_removed_after_prerendering(
        tmp_path: Path, engine: SpeechEngine) -> None:
    folder = tmp_path / "cache"
    guide = Guide(folder, engine=engine, command=recorder(tmp_path / "out"))
    try:
        legacy = guide.cache.path(NAME, Language.KK)
        guide.cache.store(NAME, Language.KK, engine.synthesize(NAME, Language.KK))
        assert legacy.exists()
        guide.prerender([(PROMPT, Language.KK)])
        assert guide.wait_prerendered(30)
        assert sorted(p.name for p in folder.iterdir()) == \
            [guide.cache.path(PROMPT, Language.KK).name]
    finally:
        guide.close()
