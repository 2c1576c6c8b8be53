"""The catalogue: the default is real and complete; broken files are rejected, named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue, CatalogueStore, LocalizedText, load_catalogue
from kiosk.errors import CatalogueError
from kiosk.i18n import LANGUAGES

KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def _texts(catalogue: Catalogue) -> list[LocalizedText]:
    texts = [catalogue.akimat.name, catalogue.akimat.address]
    for d in catalogue.departments.values():
        texts += [d.name, d.description]
    for c in catalogue.categories.values():
        texts.append(c.name)
    for s in catalogue.services.values():
        texts += [s.name, s.description, s.who_may_apply, s.cost, s.duration, s.legal_basis,
                  *s.documents]
    for t in catalogue.appeal_types.values():
        texts += [t.name, t.description]
    return texts


def test_default_catalogue_is_big_enough_for_a_rural_akimat(catalogue: Catalogue) -> None:
    assert len(catalogue.departments) >= 6
    assert len(catalogue.services) >= 20
    assert len(catalogue.categories) >= 5
    assert set(catalogue.appeal_types) == {"application", "complaint", "proposal", "request",
                                           "feedback"}
    assert catalogue.reception.sessions
    assert catalogue.akimat.hotlines


def test_default_catalogue_covers_what_rural_akimats_handle(catalogue: Catalogue) -> None:
    names = " ".join(s.name.ru.lower() for s in catalogue.services.values())
    for topic in ("адресн", "подсобн", "жилищ", "земельн", "рожден", "воинск", "приём"):
        assert topic in names, topic


def test_every_kazakh_text_is_really_kazakh(catalogue: Catalogue) -> None:
    texts = _texts(catalogue)
    with_letters = [t for t in texts if KAZAKH_LETTERS & set(t.kk)]
    # Nearly every Kazakh sentence has one of the letters; a text that has none is suspicious.
    assert len(with_letters) / len(texts) > 0.9
    for text in texts:
        assert text.kk != text.ru, text.kk


def test_every_service_has_every_field_in_every_language(catalogue: Catalogue) -> None:
    for service in catalogue.services.values():
        for text in (service.name, service.description, service.who_may_apply, service.cost,
                     service.duration, service.legal_basis, *service.documents):
            for lang in LANGUAGES:
                assert text.text(lang).strip(), (service.id, lang)
        if "egov" in service.channels:
            assert service.egov_url and service.egov_url.startswith("https://")


def test_ticket_prefixes_are_unique_capitals(catalogue: Catalogue) -> None:
    prefixes = [d.prefix for d in catalogue.departments.values()]
    assert len(set(prefixes)) == len(prefixes)
    assert all(p.isupper() for p in prefixes)


def test_content_hash_and_version(catalogue: Catalogue) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", catalogue.content_hash)
    assert catalogue.version


def _replace(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {file}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_line_with(folder: Path, file: str, pattern: str) -> str:
    for line in (folder / file).read_text(encoding="utf-8").splitlines():
        if re.search(pattern, line):
            return line
    raise AssertionError(pattern)


def test_missing_language_is_rejected(catalogue_copy: Path) -> None:
    line = _first_line_with(catalogue_copy, "services.toml", r'^name = \{ kk = ')
    broken = re.sub(r'kk = "[^"]*", ', "", line)
    _replace(catalogue_copy, "services.toml", line, broken)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(catalogue_copy)
    message = str(info.value)
    assert message.startswith("services.toml: service ")
    assert "“name”" in message and "missing language “kk”" in message


def test_wrong_type_is_rejected(catalogue_copy: Path) -> None:
    line = _first_line_with(catalogue_copy, "departments.toml", r"^daily_ticket_limit")
    _replace(catalogue_copy, "departments.toml", line, 'daily_ticket_limit = "eighty"')
    with pytest.raises(CatalogueError) as info:
        load_catalogue(catalogue_copy)
    assert "departments.toml: department" in str(info.value)
    assert "daily_ticket_limit" in str(info.value) and "whole number" in str(info.value)


def test_duplicate_id_is_rejected(catalogue_copy: Path, catalogue: Catalogue) -> None:
    first, second = list(catalogue.services)[:2]
    _replace(catalogue_copy, "services.toml", f'id = "{second}"', f'id = "{first}"')
    with pytest.raises(CatalogueError, match=f"duplicate id “{first}”"):
        load_catalogue(catalogue_copy)


def test_unknown_department_is_rejected(catalogue_copy: Path) -> None:
    line = _first_line_with(catalogue_copy, "services.toml", r"^department = ")
    _replace(catalogue_copy, "services.toml", line, 'department = "post-office"')
    with pytest.raises(CatalogueError) as info:
        load_catalogue(catalogue_copy)
    assert "unknown department “post-office”" in str(info.value)
    assert "services.toml: service" in str(info.value)


def test_latin_look_alike_in_kazakh_is_rejected(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, "departments.toml", "Әлеуметтік", "Әлеуметтiк")  # Latin i
    with pytest.raises(CatalogueError, match="mixes Latin and Cyrillic"):
        load_catalogue(catalogue_copy)


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("akimat.toml", 'timezone = "Asia/Almaty"', 'timezone = "Asia/Atlantis"', "time zone"),
    ("akimat.toml", '"09:00-13:00"', '"13:00-09:00"', "ends before it starts"),
    ("appeal_types.toml", 'id = "feedback"', 'id = "petition"', "five appeal types"),
    ("departments.toml", 'prefix = "Ж"', 'prefix = "Ә"', "already used"),
])
def test_other_broken_rules(catalogue_copy: Path, file: str, old: str, new: str,
                            expected: str) -> None:
    _replace(catalogue_copy, file, old, new)
    with pytest.raises(CatalogueError, match=expected):
        load_catalogue(catalogue_copy)


def test_unknown_field_catches_typos(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, "services.toml", "description = ", "descripton = ")
    with pytest.raises(CatalogueError, match="descripton"):
        load_catalogue(catalogue_copy)


def test_invalid_toml_names_the_file(catalogue_copy: Path) -> None:
    (catalogue_copy / "reception.toml").write_text("[[session]\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^reception.toml: not valid TOML"):
        load_catalogue(catalogue_copy)


def test_missing_file_is_named(catalogue_copy: Path) -> None:
    (catalogue_copy / "holidays.toml").unlink()
    with pytest.raises(CatalogueError, match=r"holidays\.toml: file is missing"):
        load_catalogue(catalogue_copy)


def test_store_keeps_the_last_good_catalogue(catalogue_copy: Path) -> None:
    store = CatalogueStore(catalogue_copy)
    good = store.current
    _replace(catalogue_copy, "services.toml", "description = ", "descripton = ")
    error = store.reload()
    assert error is not None and "descripton" in str(error)
    assert store.current is good
    assert store.last_error is error


def test_store_swaps_in_a_good_update(catalogue_copy: Path) -> None:
    store = CatalogueStore(catalogue_copy)
    _replace(catalogue_copy, "manifest.toml", '"2026.11.2"', '"2026.12.1"')
    assert store.reload() is None
    assert store.current.version == "2026.12.1"
