"""Dates, times and numbers in kk/ru/en from Babel's CLDR data ("29 қараша 2026").

Month and weekday names come from :mod:`kiosk.i18n.datenames` (Babel's names, cached), so
showing a date does not need Babel to be imported first.
"""

from __future__ import annotations

import datetime as dt

from kiosk.i18n.datenames import date_names
from kiosk.i18n.messages import Language
from kiosk.record import Record

#: The CLDR patterns these functions produce (tests compare them with Babel's output).
LONG_DATE = "d MMMM y"
WEEKDAY = "EEEE"


def format_date(value: dt.date, lang: Language) -> str:
    """A date as people write it: ``29 қараша 2026`` / ``29 ноября 2026`` / ``29 November 2026``."""
    return f"{value.day} {date_names(lang).months[value.month - 1]} {value.year}"


def format_short_date(value: dt.date) -> str:
    """A date in the form used on Kazakh forms and receipts: ``29.11.2026``."""
    return value.strftime("%d.%m.%Y")


def format_time(value: dt.time | dt.datetime) -> str:
    """A 24-hour time, ``09:05``, the same in every language (CLDR ``HH:mm``)."""
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(value: dt.datetime, lang: Language) -> str:
    """Date and time: ``29 қараша 2026, 14:05``."""
    return f"{format_date(value.date(), lang)}, {format_time(value)}"


def format_weekday(value: dt.date, lang: Language) -> str:
    """The weekday name in ``lang``, e.g. ``жексенбі``."""
    return date_names(lang).weekdays[value.weekday()]


class DateText(Record):
    """A date parameter for a :class:`~kiosk.i18n.messages.Message`, rendered per language."""

    value: dt.date

    def text(self, lang: Language) -> str:
        """Return the long date in ``lang``."""
        return format_date(self.value, lang)


class DateTimeText(Record):
    """A date-and-time parameter, rendered per language; a time only when ``time_only``."""

    value: dt.datetime
    time_only: bool = False

    def text(self, lang: Language) -> str:
        """Return the date and time (or the time) in ``lang``."""
        if self.time_only:
            return format_time(self.value)
        return format_datetime(self.value, lang)
