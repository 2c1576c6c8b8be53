"""Kazakhstan phone numbers: the ways people type them, E.164 storage, display and masking."""

from __future__ import annotations

import pytest

from kiosk.errors import ValidationError
from kiosk.validators import format_phone, mask_phone, normalize_phone


@pytest.mark.parametrize("typed", [
    "87012345678",
    "8 701 234 56 78",
    "8 (701) 234-56-78",
    "+7 701 234 56 78",
    "+7 (701) 234-56-78",
    "+77012345678",
    "77012345678",
    "7012345678",
    "701 234 5678",
    " 8-701-234-56-78 ",
])
def test_common_ways_of_typing_a_mobile_number(typed: str) -> None:
    assert normalize_phone(typed) == "+77012345678"


@pytest.mark.parametrize("typed", ["87471112233", "87751112233", "87081112233", "87641112233",
                                   "87172123456"])
def test_other_kazakhstan_ranges_and_a_landline(typed: str) -> None:
    assert normalize_phone(typed).startswith("+77")


@pytest.mark.parametrize(("typed", "rule"), [
    ("", "empty"),
    ("8701234567", "length"),
    ("870123456789", "length"),
    ("8 701 234 56 7a", "characters"),
    ("+7 916 123 45 67", "not_kz"),
    ("8 495 123 45 67", "not_kz"),
])
def test_bad_numbers_name_the_rule(typed: str, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_phone(typed)
    assert info.value.rule == rule


def test_display_format() -> None:
    assert format_phone("+77012345678") == "+7 (701) 234-56-78"


def test_mask_for_receipts() -> None:
    assert mask_phone("+77012345678") == "+7 (701) ***-**-78"


def test_a_short_number_counts_the_digits_after_the_8() -> None:
    """'10 digits after +7 or 8; you entered 10' for 8 701 234 567 contradicted itself."""
    import pytest

    from kiosk.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        normalize_phone("8701234567", "phone")
    assert caught.value.message.params["count"] == 9
    with pytest.raises(ValidationError) as caught:
        normalize_phone("70123456", "phone")
    assert caught.value.message.params["count"] == 8
