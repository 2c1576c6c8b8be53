"""Names and free text: the letters Kazakh names use, clear limits, never silent truncation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import ValidationError
from kiosk.validators import clean_text, normalize_name


@pytest.mark.parametrize(("typed", "stored"), [
    ("Әлия Нұрланқызы", "Әлия Нұрланқызы"),
    ("  Ғалым   Өтегенұлы  ", "Ғалым Өтегенұлы"),
    ("Іңкәр Үсенова-Һасанова", "Іңкәр Үсенова-Һасанова"),
    ("Иванов Пётр Сергеевич", "Иванов Пётр Сергеевич"),
    ("John O’Neil", "John O'Neil"),
])
def test_real_names_are_accepted(typed: str, stored: str) -> None:
    assert normalize_name(typed) == stored


@pytest.mark.parametrize(("typed", "rule"), [
    ("", "empty"),
    ("Асан 2", "characters"),
    ("Асан@", "characters"),
    ("А", "too_short"),
    ("-Асан", "punctuation"),
    ("Асан--Үсен", "punctuation"),
    ("А" * 101, "too_long"),
])
def test_bad_names_name_the_rule(typed: str, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_name(typed)
    assert info.value.rule == rule


def test_control_characters_are_removed() -> None:
    assert clean_text("Жол\x00 жөндеу\x07\u200b керек", field="text", max_length=100) == \
        "Жол жөндеу керек"


def test_line_breaks_are_kept_and_unified() -> None:
    assert clean_text("бір\r\nекі\r\n\r\n\r\n\r\nүш", field="text", max_length=100) == \
        "бір\nекі\n\nүш"


def test_too_long_text_is_an_error_that_says_by_how_much() -> None:
    with pytest.raises(ValidationError) as info:
        clean_text("ә" * 105, field="text", max_length=100)
    assert info.value.rule == "too_long"
    assert "by 5" in str(info.value)


def test_optional_text_may_be_empty() -> None:
    assert clean_text("  \n ", field="address", max_length=10, required=False) == ""


@given(st.text(max_size=300))
def test_clean_text_never_truncates(raw: str) -> None:
    try:
        cleaned = clean_text(raw, field="text", max_length=200)
    except ValidationError as exc:
        assert exc.rule in {"empty", "too_long"}
        return
    assert len(cleaned) <= 200
    # Every kept character comes from the input, in order (only removals, no cuts at the end).
    letters = [ch for ch in unicodedata.normalize("NFC", raw) if ch.isalnum()]
    assert [ch for ch in cleaned if ch.isalnum()] == letters
