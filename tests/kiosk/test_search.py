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


def _ids(catalogue: Catalogue, query: str) -> list[str]:
    return [h.service.id for h in search_services(catalogue, query)]


def test_land_is_found_before_burial(catalogue: Catalogue) -> None:
    """"жер" (land) is a whole word in the land plots' titles; "Жерлеуге" (burial) only starts
    with it, and "жері" (its place) is the word with a suffix."""
    ids = _ids(catalogue, "жер")
    assert set(ids[:2]) == {"land-individual-housing", "land-subsidiary-farm"}, ids
    assert ids.index("burial-payment") > ids.index("residence-family-certificate"), ids


def test_certificate_typed_without_kazakh_letters_finds_the_certificates(
        catalogue: Catalogue) -> None:
    """"аныктама" finds the titles with the word "анықтама" first, then "анықтамасы", then
    the service that has it only among its keywords."""
    ids = _ids(catalogue, "аныктама")
    assert set(ids[:3]) == {"lph-certificate", "residence-family-certificate",
                            "no-criminal-record"}, ids
    assert ids[3] == "address-certificate", ids
    assert ids[4] == "household-register-extract", ids


def test_benefit_titles_come_before_keyword_and_description_matches(
        catalogue: Catalogue) -> None:
    ids = _ids(catalogue, "жәрдемақы")
    assert set(ids[:3]) == {"child-birth-benefit", "child-care-allowance",
                            "large-family-benefit"}, ids
    assert ids[3] == "targeted-social-assistance", ids  # a keyword, not in its title


def test_a_match_inside_a_word_is_found_after_the_word_matches(catalogue: Catalogue) -> None:
    """"обеспеч" is inside "малообеспеченные" (a keyword of targeted social assistance)."""
    assert _ids(catalogue, "обеспеч") == ["targeted-social-assistance"]
    assert _ids(catalogue, "обеспеч помощь")[0] == "targeted-social-assistance"
