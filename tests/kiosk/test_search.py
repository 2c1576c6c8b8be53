"""Services search: Kazakh words typed without Kazakh letters, any case, any of the languages."""

from __future__ import annotations

from kiosk.catalogue import Catalogue
from kiosk.search import fold, search_services


def test_fold_maps_kazakh_letters_to_plain_twins() -> None:
    assert fold("ҚАЗАҚ Әкім Ұлы Үй Һ і") == "казак аким улы уй х и"


def test_kazakh_word_typed_without_kazakh_letters_is_found(catalogue: Catalogue) -> None:
    plain = {h.service.id for h in search_services(catalogue, "анықтама")}
    folded = {h.service.id for h in search_services(catalogue, "аныктама")}
    assert plain and plain == folded


def test_search_is_case_insensitive_and_multilingual(catalogue: Catalogue) -> None:
    by_ru = [h.service.id for h in search_services(catalogue, "ЗЕМЕЛЬН")]
    by_en = [h.service.id for h in search_services(catalogue, "land plot")]
    assert by_ru and by_en
    assert set(by_en) <= set(by_ru) | set(by_en)


def test_every_word_must_match(catalogue: Catalogue) -> None:
    assert search_services(catalogue, "жер zzzqqq") == []


def test_name_matches_rank_first(catalogue: Catalogue) -> None:
    hits = search_services(catalogue, "жер")
    assert hits and "жер" in fold(hits[0].service.name.kk)


def test_empty_query_finds_nothing(catalogue: Catalogue) -> None:
    assert search_services(catalogue, "  ,. ") == []
