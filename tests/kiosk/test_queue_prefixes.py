"""Queue prefixes a visitor cannot mistake for each other when called aloud or read.

Which letter pairs count as confusable, and why, is argued in :mod:`kiosk.queue.prefixes`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.catalogue.loader import _PREFIX_LETTERS, load_new_catalogue
from kiosk.errors import CatalogueError
from kiosk.i18n import LANGUAGES
from kiosk.published import check_published_files
from kiosk.queue.prefixes import (
    CONFUSABLE_PAIRS,
    confusable_pairs_in,
    letters_confusable,
    prefixes_confusable,
)
from kiosk.speech.spoken import spoken_ticket_number

#: The pairs the issue asked about, with the verdict the module argues.
CONFUSABLE = ["ЕЭ", "ИЙ", "ШЩ", "БП", "ДТ", "ГК", "ЕЁ", "ЫІ", "ҰҮ", "ОӨ", "НҢ", "ҚК", "ҒГ",
              "ХҺ", "ІИ", "ӨЁ", "ҰУ", "ҮЮ", "МН", "ЦС"]
DISTINCT = ["ЗС", "ВФ", "ЖШ", "АӘ", "ЕО", "АО", "ТО"]


def test_no_two_departments_of_the_catalogue_have_confusable_prefixes(
        catalogue: Catalogue) -> None:
    prefixes = {d.prefix: d.id for d in catalogue.departments.values()}
    clashes = [f"{a} ({prefixes[a]}) / {b} ({prefixes[b]})"
               for a, b in confusable_pairs_in(prefixes)]
    assert clashes == []


def test_no_two_departments_are_called_with_the_same_words(catalogue: Catalogue) -> None:
    for lang in LANGUAGES:
        called: dict[str, str] = {}
        for dept in catalogue.departments.values():
            words = spoken_ticket_number(f"{dept.prefix}-005", lang)
            assert words not in called, (lang, dept.id, called.get(words), words)
            called[words] = dept.id


@pytest.mark.parametrize("pair", CONFUSABLE)
def test_pairs_judged_confusable(pair: str) -> None:
    assert letters_confusable(pair[0], pair[1]) and letters_confusable(pair[1], pair[0])


@pytest.mark.parametrize("pair", DISTINCT)
def test_pairs_judged_distinct(pair: str) -> None:
    assert not letters_confusable(pair[0], pair[1])


def test_every_listed_letter_is_a_letter_a_prefix_may_use() -> None:
    """A typo in the list (a Latin letter for a Cyrillic one) would silently check nothing."""
    for pair in CONFUSABLE_PAIRS:
        assert len(pair) == 2 and pair <= _PREFIX_LETTERS, sorted(pair)
        latin = [ch for ch in pair if ch.isascii()]
        assert len(latin) <= 1, sorted(pair)  # two Latin letters are never twins here


def test_a_latin_letter_is_confusable_with_its_cyrillic_twin() -> None:
    assert letters_confusable("A", "А") and letters_confusable("E", "Е")
    assert not letters_confusable("A", "Ә")


@pytest.mark.parametrize("pair", ["YҰ", "KҚ", "HҢ", "EЭ", "XҺ", "YЮ"])
def test_a_latin_letter_is_confusable_with_what_its_twin_is(pair: str) -> None:
    """Y looks like У, and У is taken for Ұ: so is Y (a technician's English layout)."""
    assert letters_confusable(pair[0], pair[1])


def test_stops_whose_names_rhyme_are_confusable_and_others_not() -> None:
    assert letters_confusable("П", "Т")  # "пэ" / "тэ"
    assert not letters_confusable("Т", "Қ") and not letters_confusable("Т", "К")


@pytest.mark.parametrize(("a", "b", "confusable"), [
    ("Е", "Э", True), ("ЕА", "ЭА", True), ("ЕЁ", "ЭЕ", True), ("ЕА", "ЭБ", False),
    ("Е", "ЕА", False), ("Е", "Е", False), ("Ж", "Ш", False),
])
def test_two_letter_prefixes_are_compared_letter_by_letter(a: str, b: str,
                                                           confusable: bool) -> None:
    assert prefixes_confusable(a, b) is confusable


def test_confusable_pairs_in_names_each_pair_once() -> None:
    assert confusable_pairs_in(["Е", "А", "Э", "Ё"]) == [("Е", "Э"), ("Е", "Ё")]


def _confusable_copy(catalogue_copy: Path) -> Path:
    """The catalogue with the e-services desk back on "Э" (said like the military "Е")."""
    path = catalogue_copy / "departments.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count('prefix = "О"') == 1
    path.write_text(text.replace('prefix = "О"', 'prefix = "Э"'), encoding="utf-8")
    return catalogue_copy


def test_a_new_catalogue_with_a_confusable_prefix_is_refused_naming_both_departments(
        catalogue_copy: Path) -> None:
    with pytest.raises(CatalogueError) as info:
        load_new_catalogue(_confusable_copy(catalogue_copy))
    message = str(info.value)
    assert message.startswith('departments.toml: department "egov-help": field “prefix”')
    assert "“Э” is easily mistaken for “Е” of “military”" in message


def test_publishing_a_confusable_prefix_is_refused(catalogue_copy: Path) -> None:
    folder = _confusable_copy(catalogue_copy)
    files = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.toml")}
    with pytest.raises(CatalogueError, match="easily mistaken"):
        check_published_files("catalogue", files)


def test_the_catalogue_a_kiosk_has_still_loads_with_a_warning(
        catalogue_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A kiosk whose catalogue came from the server before the rule keeps starting."""
    catalogue = load_catalogue(_confusable_copy(catalogue_copy))
    assert catalogue.department("egov-help").prefix == "Э"
    assert "easily mistaken" in caplog.text


def test_a_decomposed_letter_is_read_as_the_letter(catalogue_copy: Path) -> None:
    """"Ё" typed as Е and a combining diaeresis is the letter Ё, not two characters."""
    path = catalogue_copy / "departments.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('prefix = "О"', 'prefix = "Е\u0308"'), encoding="utf-8")
    with pytest.raises(CatalogueError, match="mistaken for “Е”"):
        load_new_catalogue(catalogue_copy)
