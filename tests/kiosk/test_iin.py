"""IIN/BIN check digits: known numbers, each rule's message, and properties of the algorithm."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import ValidationError
from kiosk.validators import check_digit, is_valid_iin, mask_iin, normalize_iin

VALID_IINS = ["900101300007", "900101400003", "050615500124", "050615600120", "000229500018",
              "751231301230"]
VALID_BINS = ["940140000385", "990140004654"]
SECOND_PASS = "800101300706"
WRONG_CHECK_DIGIT = "010101600586"
BOTH_PASSES_TEN = "821214240092"


@pytest.mark.parametrize("number", VALID_IINS + VALID_BINS + [SECOND_PASS])
def test_known_valid_numbers_pass(number: str) -> None:
    assert normalize_iin(number) == number


def test_second_pass_is_used_when_first_gives_ten() -> None:
    first = sum(int(d) * w for d, w in zip(SECOND_PASS[:11], range(1, 12), strict=True)) % 11
    assert first == 10
    assert check_digit(SECOND_PASS[:11]) == int(SECOND_PASS[11])


def test_wrong_check_digit_names_the_checksum_rule() -> None:
    with pytest.raises(ValidationError) as info:
        normalize_iin(WRONG_CHECK_DIGIT)
    assert info.value.rule == "checksum"
    assert "mistyped" in str(info.value)


def test_number_where_both_passes_give_ten_is_rejected() -> None:
    assert check_digit(BOTH_PASSES_TEN[:11]) is None
    with pytest.raises(ValidationError) as info:
        normalize_iin(BOTH_PASSES_TEN)
    assert info.value.rule == "no_check_digit"


@pytest.mark.parametrize(("raw", "rule"), [
    ("", "empty"),
    ("   ", "empty"),
    ("90010130000", "length"),
    ("9001013000070", "length"),
    ("90010130000O", "not_digits"),
    ("9001-0130-000x", "not_digits"),
])
def test_malformed_input_names_the_rule(raw: str, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_iin(raw)
    assert info.value.rule == rule
    assert info.value.field == "iin"


def test_spaces_and_dashes_people_type_are_accepted() -> None:
    assert normalize_iin(" 9001 0130 0007 ") == "900101300007"
    assert normalize_iin("900101-300007") == "900101300007"


def test_date_and_century_digits_are_not_a_reason_to_reject() -> None:
    # Month 13, day 45 and century digit 0: nonsense as a date, yet a valid check digit.
    body = "991345000001"[:11]
    number = body + str(check_digit(body))
    assert is_valid_iin(number)


def test_mask_shows_first_four_and_last_two() -> None:
    assert mask_iin("871012300127") == "8710******27"


eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)


def _with_check(body: str) -> str | None:
    digit = check_digit(body)
    return None if digit is None else body + str(digit)


@given(eleven_digits)
def test_any_body_with_its_check_digit_is_valid(body: str) -> None:
    number = _with_check(body)
    if number is None:
        assert not any(is_valid_iin(body + d) for d in "0123456789")
    else:
        assert is_valid_iin(number)


@given(eleven_digits, st.integers(min_value=0, max_value=11), st.integers(1, 9))
def test_one_changed_digit_makes_a_valid_iin_invalid(body: str, position: int, delta: int) -> None:
    """A valid IIN with any one digit changed is invalid — where the algorithm can see it.

    The standard's check has two blind spots, so the property is stated for the cases it
    covers: (1) the 11th digit has weight 11 ≡ 0 (mod 11) in the first pass, so a change
    there is invisible unless a sum becomes 10; (2) a change that moves the first pass to
    or from 10 switches to the other pass, which may happen to agree. Everything else — every
    change to digits 1-10 and every change of the check digit — must be caught.
    """
    number = _with_check(body)
    if number is None:
        return
    changed_digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(changed_digit) + number[position + 1:]

    def first_pass(n: str) -> int:
        return sum(int(d) * w for d, w in zip(n[:11], range(1, 12), strict=True)) % 11

    if position == 11 or (position < 10 and 10 not in (first_pass(number), first_pass(changed))):
        assert not is_valid_iin(changed)


def test_blind_spot_of_the_standard_is_documented() -> None:
    """The 11th digit is not covered by the first pass: both of these pass the check.

    This is the standard's property, not ours; the UI therefore shows the typed IIN on the
    review screen for the citizen to confirm.
    """
    assert is_valid_iin("291417776310")
    assert is_valid_iin("291417776300")
