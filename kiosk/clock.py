"""Time for the domain: aware datetimes only, converted to the akimat's zone for local rules."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def local_time(moment: dt.datetime, timezone: str) -> dt.datetime:
    """``moment`` in the akimat's zone (for days, opening hours and printed times)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return moment.astimezone(zoneinfo.ZoneInfo(timezone))
