"""The disk cache of spoken clips, with the real engine: render once, heal, stay small."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.i18n import Language
from kiosk.speech.audio import measure, read_wav
from kiosk.speech.cache import SpeechCache
from kiosk.speech.engine import SpeechEngine, SpeechUnavailable


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def test_a_clip_is_rendered_once_and_reused(engine: SpeechEngine, tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "speech", engine)
    first = cache.clip("Талон А, 17", Language.RU)
    before = first.stat()

    again = cache.clip("Талон А, 17", Language.RU)
    after = again.stat()

    assert again == first
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _files(tmp_path / "speech") == [first]
    assert read_wav(first.read_bytes(), strict=True).frames == read_wav(
        engine.synthesize("Талон А, 17", Language.RU)).frames
    assert first.name == f"{cache.key('Талон А, 17', Language.RU)}.wav"
    assert len(first.stem) == 64


def test_clips_are_private_files(engine: SpeechEngine, tmp_path: Path) -> None:
    path = SpeechCache(tmp_path / "speech", engine).clip("Сәлеметсіз бе", Language.KK)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "speech").stat().st_mode) == 0o700


def test_language_text_and_settings_each_get_their_own_clip(engine: SpeechEngine,
                                                            tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, engine)
    slower = SpeechCache(tmp_path, SpeechEngine(rate=120))
    paths = {cache.clip("Талон", Language.RU), cache.clip("Талон", Language.KK),
             cache.clip("Талон 2", Language.RU), slower.clip("Талон", Language.RU)}
    assert len(paths) == 4
    assert len(_files(tmp_path)) == 4


def test_a_cut_short_clip_is_rendered_again(engine: SpeechEngine, tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, engine)
    path = cache.clip("Талон Бэ, 5, пройдите в кабинет 103", Language.RU)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # as if the disk lost the end of the file

    healed = cache.clip("Талон Бэ, 5, пройдите в кабинет 103", Language.RU)

    assert healed == path
    assert healed.read_bytes() == whole


@pytest.mark.parametrize("damage", [b"", b"RIFF", b"not audio at all" * 10])
def test_a_damaged_clip_is_rendered_again(engine: SpeechEngine, tmp_path: Path,
                                          damage: bytes) -> None:
    cache = SpeechCache(tmp_path, engine)
    path = cache.clip("Кезек", Language.KK)
    whole = path.read_bytes()
    path.write_bytes(damage)
    assert cache.clip("Кезек", Language.KK).read_bytes() == whole


def test_the_folder_is_kept_under_its_size(engine: SpeechEngine, tmp_path: Path) -> None:
    one = len(engine.synthesize("Талон номер 1", Language.RU))
    cache = SpeechCache(tmp_path, engine, max_bytes=int(one * 3.5))
    paths = []
    for n in range(1, 9):
        paths.append(cache.clip(f"Талон номер {n}", Language.RU))
        # distinct mtimes even on a coarse clock, so "oldest" is well defined
        os.utime(paths[-1], ns=(n * 10**9, n * 10**9))
        assert cache.size_bytes() <= cache.max_bytes
    left = _files(tmp_path)
    assert paths[-1] in left and paths[0] not in left
    assert set(left) == set(paths[-len(left):])  # the newest ones stay
    assert 2 <= len(left) <= 3


def test_the_newest_clip_stays_even_if_it_alone_is_too_big(engine: SpeechEngine,
                                                           tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, engine, max_bytes=1000)
    path = cache.clip("Длинный текст объявления для всех посетителей", Language.RU)
    assert path.exists() and cache.size_bytes() > 1000
    second = cache.clip("Другой текст", Language.RU)
    assert _files(tmp_path) == [second]
    assert cache.prune() == 0


def test_prerender_renders_everything_ahead(engine: SpeechEngine, tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, engine)
    items = [("Кезек нөмірі", Language.KK), ("Номер очереди", Language.RU),
             ("Queue number", Language.EN)]
    paths = cache.prerender(items)
    assert [p.parent for p in paths] == [tmp_path] * 3
    assert all(measure(p.read_bytes()).rms > 0.01 for p in paths)
    mtimes = [p.stat().st_mtime_ns for p in paths]
    assert cache.prerender(items) == paths
    assert [p.stat().st_mtime_ns for p in paths] == mtimes


def test_stale_temporary_files_are_swept(engine: SpeechEngine, tmp_path: Path) -> None:
    left_over = tmp_path / ".clip-abc.tmp"
    left_over.write_bytes(b"half a clip")
    os.utime(left_over, (0, 0))
    fresh = tmp_path / ".clip-def.tmp"  # maybe being written right now: left alone
    fresh.write_bytes(b"being written")
    cache = SpeechCache(tmp_path, engine)
    cache.clip("Талон", Language.RU)
    assert not left_over.exists() and fresh.exists()
    assert cache.size_bytes() == len(cache.clip("Талон", Language.RU).read_bytes())


def test_a_missing_engine_leaves_no_file(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "speech", SpeechEngine(tmp_path / "no-espeak"))
    with pytest.raises(SpeechUnavailable, match="apt-get install espeak-ng"):
        cache.clip("Талон", Language.RU)
    assert not (tmp_path / "speech").exists() or _files(tmp_path / "speech") == []
    with pytest.raises(ValueError, match="positive"):
        SpeechCache(tmp_path, SpeechEngine(), max_bytes=0)
