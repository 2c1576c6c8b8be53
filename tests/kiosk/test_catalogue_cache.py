"""The checked catalogue is cached by content hash; any change or damage means the real load."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue, CatalogueStore, load_catalogue, model
from kiosk.catalogue import cache as catalogue_cache
from kiosk.catalogue.cache import CACHE_FILE, decode, encode, load_cached, read_cached
from kiosk.errors import CatalogueError
from kiosk.record import Record


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _no_full_load(folder: Path) -> Catalogue:
    raise AssertionError(f"{folder} was parsed although the cache was valid")


def test_every_model_class_can_be_cached() -> None:
    classes = {cls for _, cls in inspect.getmembers(model, inspect.isclass)
               if issubclass(cls, Record) and cls.__module__ == model.__name__}
    assert classes == set(catalogue_cache._CLASSES.values())


def test_round_trip_keeps_values_types_and_order(catalogue: Catalogue) -> None:
    copy = decode(json.dumps(encode(catalogue)))
    assert copy == catalogue
    assert isinstance(copy, Catalogue)
    assert list(copy.services) == list(catalogue.services)
    assert list(copy.holidays.days_off) == list(catalogue.holidays.days_off)
    service = next(iter(copy.services.values()))
    assert isinstance(service.documents, tuple)
    assert all(type(k) is type(j) for k, j in zip(service.keywords, next(
        iter(catalogue.services.values())).keywords, strict=True))


def test_an_unchanged_catalogue_comes_from_the_cache(catalogue_copy: Path,
                                                     tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_cached(catalogue_copy, cache, load_catalogue)
    assert (cache / CACHE_FILE).is_file()
    assert load_cached(catalogue_copy, cache, _no_full_load) == first


def test_a_changed_catalogue_invalidates_the_cache(catalogue_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_cached(catalogue_copy, cache, load_catalogue)
    _replace(catalogue_copy, "manifest.toml", '"2026.11.2"', '"2026.12.1"')
    assert read_cached(cache, catalogue_copy) is None
    updated = load_cached(catalogue_copy, cache, load_catalogue)
    assert updated.version == "2026.12.1"
    assert load_cached(catalogue_copy, cache, _no_full_load).version == "2026.12.1"


def test_a_changed_catalogue_that_breaks_a_rule_is_refused(catalogue_copy: Path,
                                                           tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_cached(catalogue_copy, cache, load_catalogue)
    _replace(catalogue_copy, "services.toml", "description = ", "descripton = ")
    with pytest.raises(CatalogueError, match="descripton"):
        load_cached(catalogue_copy, cache, load_catalogue)


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # cut short
    lambda text: "\x00\xff" + text,
    lambda text: text.replace('"$":"Service"', '"$":"Nonsense"', 1),
    lambda text: text.replace('"$":"LocalizedText"', '"$":"Catalogue"', 1),
    lambda text: text.replace('"format":1', '"format":0', 1),
    lambda text: text.replace('"shape":"', '"shape":"Old:', 1),
    lambda text: "[]",
    lambda text: json.dumps({**json.loads(text), "catalogue": {"$date": "2026-01-01"}}),
], ids=["truncated", "garbage", "unknown-class", "wrong-fields", "format", "shape", "list",
        "not-a-catalogue"])
def test_a_damaged_cache_falls_back_to_the_real_load(
        catalogue_copy: Path, tmp_path: Path, damage: object) -> None:
    cache = tmp_path / "cache"
    real = load_cached(catalogue_copy, cache, load_catalogue)
    path = cache / CACHE_FILE
    path.write_text(damage(path.read_text(encoding="utf-8")),  # type: ignore[operator]
                    encoding="utf-8")
    assert read_cached(cache, catalogue_copy) is None
    assert load_cached(catalogue_copy, cache, load_catalogue) == real
    assert read_cached(cache, catalogue_copy) == real, "the cache is written again"


def test_an_unwritable_cache_folder_only_costs_time(catalogue_copy: Path,
                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert load_cached(catalogue_copy, blocker, load_catalogue).version == "2026.11.2"


def test_the_store_reads_on_first_use_from_its_cache(catalogue_copy: Path,
                                                     tmp_path: Path) -> None:
    store = CatalogueStore(catalogue_copy)
    store.cache_in(tmp_path / "cache")
    assert store.current.version == "2026.11.2"
    again = CatalogueStore(catalogue_copy, cache_dir=tmp_path / "cache")
    assert again.current == store.current
    _replace(catalogue_copy, "manifest.toml", '"2026.11.2"', '"2026.12.1"')
    assert again.reload() is None
    assert again.current.version == "2026.12.1"
    assert read_cached(tmp_path / "cache", catalogue_copy) == again.current


def test_the_store_needs_every_file_at_once(catalogue_copy: Path) -> None:
    (catalogue_copy / "holidays.toml").unlink()
    with pytest.raises(CatalogueError, match=r"holidays\.toml: file is missing"):
        CatalogueStore(catalogue_copy)


def test_a_broken_catalogue_fails_on_first_use(catalogue_copy: Path, tmp_path: Path) -> None:
    _replace(catalogue_copy, "services.toml", "description = ", "descripton = ")
    store = CatalogueStore(catalogue_copy, cache_dir=tmp_path / "cache")
    with pytest.raises(CatalogueError, match="descripton"):
        store.current  # noqa: B018
    assert not (tmp_path / "cache" / CACHE_FILE).exists()
