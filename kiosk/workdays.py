"""Working days: weekends and the configured Kazakhstan public holidays are skipped."""

from __future__ import annotations

import datetime as dt

from kiosk.catalogue.model import Holidays

_SEARCH_LIMIT_DAYS = 366


def next_working_day(holidays: Holidays, day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    candidate = day
    for _ in range(_SEARCH_LIMIT_DAYS):
        if holidays.is_working_day(candidate):
            return candidate
        candidate += dt.timedelta(days=1)
    raise ValueError(f"no working day within a year after {day}")


def add_working_days(holidays: Holidays, start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if holidays.is_working_day(day):
            remaining -= 1
    return day


def registration_day(holidays: Holidays, received: dt.date) -> dt.date:
    """APPK: an appeal received on a non-working day is registered on the next working day."""
    return next_working_day(holidays, received)
