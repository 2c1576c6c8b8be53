"""Opening hours: tickets only when the desk can still serve today, otherwise why and when."""

from __future__ import annotations

import pytest

from kiosk.catalogue import Catalogue
from kiosk.hours import next_opening, ticket_refusal
from tests.conftest import at


@pytest.mark.parametrize("moment", [at(2026, 12, 1, 9, 0), at(2026, 12, 1, 13, 30),
                                    at(2026, 12, 1, 17, 59)])
def test_tickets_are_issued_in_working_hours_and_the_lunch_break(catalogue: Catalogue,
                                                                moment: object) -> None:
    assert ticket_refusal(catalogue, moment) is None  # type: ignore[arg-type]


def test_before_opening_says_when(catalogue: Catalogue) -> None:
    refusal = ticket_refusal(catalogue, at(2026, 12, 1, 8, 15))
    assert refusal is not None and refusal.reason == "not_open_yet"
    assert refusal.next_opening == at(2026, 12, 1, 9, 0)
    assert "09:00" in refusal.message.english()


def test_no_tickets_in_the_last_half_hour(catalogue: Catalogue) -> None:
    refusal = ticket_refusal(catalogue, at(2026, 12, 1, 18, 0))
    assert refusal is not None and refusal.reason == "closed_for_today"
    assert refusal.next_opening == at(2026, 12, 2, 9, 0)


def test_weekend_points_to_monday(catalogue: Catalogue) -> None:
    refusal = ticket_refusal(catalogue, at(2026, 11, 29, 11, 0))  # Sunday
    assert refusal is not None and refusal.reason == "day_off"
    assert refusal.next_opening == at(2026, 11, 30, 9, 0)


def test_holiday_is_named_and_skipped(catalogue: Catalogue) -> None:
    refusal = ticket_refusal(catalogue, at(2026, 12, 16, 10, 0))  # Independence Day
    assert refusal is not None and refusal.reason == "holiday"
    assert refusal.next_opening == at(2026, 12, 17, 9, 0)
    assert "Independence" in refusal.message.english()


def test_next_opening_after_lunch(catalogue: Catalogue) -> None:
    assert next_opening(catalogue, at(2026, 12, 1, 13, 10)) == at(2026, 12, 1, 14, 0)
