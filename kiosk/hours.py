"""Opening hours: whether a ticket can be issued now, and if not, why and when it can."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import N_, DateTimeText, Message
from kiosk.i18n.formatting import is_soon

_SEARCH_DAYS = 60


@dataclass(frozen=True)
class Closed:
    """A refusal: a machine-readable ``reason``, words for people, and the next opening."""

    reason: str
    message: Message
    next_opening: dt.datetime | None


def next_opening(catalogue: Catalogue, local_now: dt.datetime) -> dt.datetime | None:
    """The start of the next opening interval after ``local_now`` on a working day."""
    tz = local_now.tzinfo
    for offset in range(_SEARCH_DAYS):
        day = local_now.date() + dt.timedelta(days=offset)
        if not catalogue.holidays.is_working_day(day):
            continue
        for interval in catalogue.akimat.hours.intervals(day):
            start = dt.datetime.combine(day, interval.start, tzinfo=tz)
            if start > local_now:
                return start
    return None


def ticket_refusal(catalogue: Catalogue, local_now: dt.datetime) -> Closed | None:
    """``None`` when tickets are issued now, else why not and when they will be.

    Tickets are issued on working days from the first opening until the configured
    minutes before closing, lunch breaks included (the queue resumes after the break).
    """
    day = local_now.date()
    holidays = catalogue.holidays
    intervals = catalogue.akimat.hours.intervals(day)
    if day not in holidays.days_off and holidays.is_working_day(day) and intervals:
        opens = dt.datetime.combine(day, intervals[0].start, tzinfo=local_now.tzinfo)
        closes = dt.datetime.combine(day, intervals[-1].end, tzinfo=local_now.tzinfo)
        stop = dt.timedelta(minutes=catalogue.akimat.hours.tickets_stop_before_close_minutes)
        if opens <= local_now < closes - stop:
            return None
        if local_now < opens:
            return Closed("not_open_yet",
                          N_("The akimat opens at {time}. Tickets are issued from then.",
                             time=DateTimeText(opens, time_only=True)), opens)
    when = next_opening(catalogue, local_now)
    when_text: object = DateTimeText(when, soon=is_soon(when, local_now)) if when else \
        N_("not scheduled")
    if day in holidays.days_off:
        return Closed("holiday", N_("Today is a holiday ({name}). The akimat opens {when}.",
                                    name=holidays.days_off[day], when=when_text), when)
    if not holidays.is_working_day(day) or not intervals:
        return Closed("day_off", N_("The akimat does not work today. It opens {when}.",
                                    when=when_text), when)
    return Closed("closed_for_today",
                  N_("No more tickets today: the akimat closes at {time}. It opens {when}.",
                     time=DateTimeText(closes, time_only=True), when=when_text), when)
