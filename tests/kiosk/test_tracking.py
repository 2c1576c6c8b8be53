"""Tracking codes: readable, typo-proof, hard to guess."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import ValidationError
from kiosk.tracking import (
    ALPHABET,
    CODE_LENGTH,
    DATA_LENGTH,
    format_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
)
from kiosk.tracking import _check_symbol as _check


def test_alphabet_has_no_confusable_symbols() -> None:
    assert not set("01OIL") & set(ALPHABET)


def test_codes_carry_at_least_40_random_bits() -> None:
    assert DATA_LENGTH * math.log2(len(ALPHABET)) >= 40


def test_new_codes_are_valid_and_differ() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert normalize_tracking_code(code) == code


def test_printed_form_and_typed_form_round_trip() -> None:
    code = new_tracking_code()
    shown = format_tracking_code(code)
    assert shown[5] == "-"
    assert normalize_tracking_code(shown.lower()) == code
    assert normalize_tracking_code(" ".join(shown)) == code


def test_cyrillic_look_alikes_typed_on_a_russian_keyboard_are_accepted() -> None:
    # A valid code made only of symbols that have Cyrillic twins (or are digits).
    data = "KXM4P7ETH"
    code = data + _check(data)
    cyrillic = code.translate(str.maketrans("ABCEHKMPTXY", "АВСЕНКМРТХУ"))
    assert normalize_tracking_code(cyrillic) == code


def test_scanned_status_url_gives_the_code() -> None:
    code = new_tracking_code()
    assert normalize_tracking_code(f"https://region.example.kz/t/{code}") == code


@pytest.mark.parametrize(("typed", "rule"), [
    ("", "empty"),
    ("KX7MQ-4RT9", "length"),
    ("KX7MQ-4RT9CC", "length"),
    ("KX7MQ-4RT0C", "characters"),
    ("KX7MQ-4RT#C", "characters"),
])
def test_bad_codes_name_the_rule(typed: str, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_tracking_code(typed)
    assert info.value.rule == rule


codes = st.builds(lambda _: new_tracking_code(), st.integers())


@given(codes, st.integers(0, CODE_LENGTH - 1), st.integers(1, len(ALPHABET) - 1))
def test_any_single_mistyped_symbol_is_caught(code: str, position: int, shift: int) -> None:
    wrong = ALPHABET[(ALPHABET.index(code[position]) + shift) % len(ALPHABET)]
    typo = code[:position] + wrong + code[position + 1:]
    with pytest.raises(ValidationError) as info:
        normalize_tracking_code(typo)
    assert info.value.rule == "checksum"


@given(codes, st.integers(0, CODE_LENGTH - 2))
def test_any_swap_of_neighbours_is_caught(code: str, position: int) -> None:
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
    with pytest.raises(ValidationError):
        normalize_tracking_code(swapped)
