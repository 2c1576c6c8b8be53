"""Working-day arithmetic for appeal deadlines: weekends and configured holidays are skipped."""

from __future__ import annotations

import datetime as dt

from kiosk.catalogue import Catalogue, Holidays, LocalizedText
from kiosk.workdays import add_working_days, next_working_day, registration_day

NAME = LocalizedText("мереке", "праздник", "holiday")
D = dt.date


def _holidays(*days: dt.date, working: tuple[dt.date, ...] = ()) -> Holidays:
    return Holidays({d: NAME for d in days}, {d: NAME for d in working})


def test_weekends_are_skipped() -> None:
    # Friday + 1 working day = Monday.
    assert add_working_days(_holidays(), D(2026, 11, 27), 1) == D(2026, 11, 30)


def test_fifteen_working_days_from_a_monday_is_three_weeks() -> None:
    assert add_working_days(_holidays(), D(2026, 11, 2), 15) == D(2026, 11, 23)


def test_holidays_are_skipped() -> None:
    # Monday 14 Dec + 3 working days, with Wednesday 16 Dec a holiday: Tue, Thu, Fri.
    assert add_working_days(_holidays(D(2026, 12, 16)), D(2026, 12, 14), 3) == D(2026, 12, 18)


def test_decreed_working_saturday_counts() -> None:
    holidays = _holidays(working=(D(2026, 11, 28),))
    assert add_working_days(holidays, D(2026, 11, 27), 1) == D(2026, 11, 28)


def test_zero_days_is_the_same_day() -> None:
    assert add_working_days(_holidays(), D(2026, 11, 27), 0) == D(2026, 11, 27)


def test_appeal_on_a_sunday_is_registered_on_monday() -> None:
    assert registration_day(_holidays(), D(2026, 11, 29)) == D(2026, 11, 30)


def test_appeal_on_a_holiday_before_a_weekend_waits_for_monday() -> None:
    holidays = _holidays(D(2026, 12, 18))
    assert next_working_day(holidays, D(2026, 12, 18)) == D(2026, 12, 21)


def test_default_calendar_new_year_break(catalogue: Catalogue) -> None:
    # 31 Dec 2026 (Thu) + 1 working day: 1 Jan (Fri) and 2 Jan off, the weekend, 4 Jan
    # (transferred day off), so Tuesday 5 January 2027.
    assert add_working_days(catalogue.holidays, D(2026, 12, 31), 1) == D(2027, 1, 5)
