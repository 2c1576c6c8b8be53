"""Opening hours: tickets only when the desk can still serve today, otherwise why and when."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import Catalogue
from kiosk.hours import next_opening, ticket_refusal
from kiosk.i18n import Language, Translator
from kiosk.i18n.formatting import is_soon
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


@pytest.mark.parametrize(("lang", "when"), [
    (Language.KK, "30 қараша, дүйсенбі, 09:00"),
    (Language.RU, "понедельник, 30 ноября, 09:00"),
    (Language.EN, "Monday, 30 November, 09:00"),
])
def test_the_next_opening_days_away_is_named_by_its_weekday_without_the_year(
        catalogue: Catalogue, translator: Translator, lang: Language, when: str) -> None:
    refusal = ticket_refusal(catalogue, at(2026, 11, 29, 11, 0))  # Sunday
    assert refusal is not None
    text = translator.render(refusal.message, lang)
    assert when in text and "2026" not in text


def test_only_the_next_two_weeks_drop_the_year() -> None:
    now = at(2026, 12, 20, 10, 0)
    assert is_soon(now + dt.timedelta(days=14), now)
    assert not is_soon(now + dt.timedelta(days=15), now)  # long holidays: the year is said
    assert not is_soon(now - dt.timedelta(minutes=1), now)


def test_holiday_is_named_and_skipped(catalogue: Catalogue) -> None:
    refusal = ticket_refusal(catalogue, at(2026, 12, 16, 10, 0))  # Independence Day
    assert refusal is not None and refusal.reason == "holiday"
    assert refusal.next_opening == at(2026, 12, 17, 9, 0)
    assert "Independence" in refusal.message.english()


def test_next_opening_after_lunch(catalogue: Catalogue) -> None:
    assert next_opening(catalogue, at(2026, 12, 1, 13, 10)) == at(2026, 12, 1, 14, 0)
