"""Dates, times and numbers in kk/ru/en, each language in its own order.

Only the month and weekday names come from Babel's CLDR data, through
:mod:`kiosk.i18n.datenames` (cached, so showing a date does not need Babel to be imported
first). The order of the parts is set here, per language, as CLDR patterns (:data:`LONG_DATE`
and the others; the tests check each against Babel's rendering of the same pattern):

- Kazakh puts the year first, in the form of official documents: ``2026 жылғы 29 қараша``
  (CLDR's own long form is the abbreviated ``2026 ж. 29 қараша``), and the weekday last:
  ``2026 жылғы 1 желтоқсан, сейсенбі``.
- Russian and English put the day first and the weekday first: ``29 ноября 2026``,
  ``вторник, 1 декабря 2026``, ``Tuesday, 1 December 2026``.

Where the year adds nothing (today's date, a day in the next two weeks) the weekday forms
drop it: ``1 желтоқсан, сейсенбі`` / ``вторник, 1 декабря``.
"""

from __future__ import annotations

import datetime as dt
import re

from kiosk.i18n.datenames import date_names
from kiosk.i18n.messages import Language
from kiosk.record import Record

#: A long date, per language (CLDR pattern; tests compare it with Babel's output).
LONG_DATE: dict[Language, str] = {
    Language.KK: "y 'жылғы' d MMMM",
    Language.RU: "d MMMM y",
    Language.EN: "d MMMM y",
}
#: A long date with its weekday.
WEEKDAY_DATE: dict[Language, str] = {
    Language.KK: "y 'жылғы' d MMMM, EEEE",
    Language.RU: "EEEE, d MMMM y",
    Language.EN: "EEEE, d MMMM y",
}
#: A date with its weekday and without the year (a day of this week or the next).
WEEKDAY_DAY: dict[Language, str] = {
    Language.KK: "d MMMM, EEEE",
    Language.RU: "EEEE, d MMMM",
    Language.EN: "EEEE, d MMMM",
}
WEEKDAY = "EEEE"

#: The pattern fields used above: a quoted literal, a field, or any other literal character.
_TOKEN = re.compile(r"'([^']*)'|(y|d|MMMM|EEEE)|(.)")


def _render(pattern: str, value: dt.date, lang: Language) -> str:
    """``value`` in ``pattern`` (the few CLDR fields above), names from :func:`date_names`."""
    names = date_names(lang)
    fields = {"y": str(value.year), "d": str(value.day),
              "MMMM": names.months[value.month - 1], "EEEE": names.weekdays[value.weekday()]}
    parts = []
    for token in _TOKEN.finditer(pattern):
        quoted, field, other = token.groups()
        parts.append(quoted if quoted is not None else fields[field] if field else other)
    return "".join(parts)


def format_date(value: dt.date, lang: Language) -> str:
    """A date as people write it: ``2026 жылғы 29 қараша`` / ``29 ноября 2026`` /
    ``29 November 2026``."""
    return _render(LONG_DATE[lang], value, lang)


def format_weekday_date(value: dt.date, lang: Language, *, year: bool = True) -> str:
    """A date with its weekday: ``2026 жылғы 1 желтоқсан, сейсенбі`` /
    ``вторник, 1 декабря 2026`` / ``Tuesday, 1 December 2026``; without the year when
    ``year`` is False (``1 желтоқсан, сейсенбі``). Weekdays are lower case in kk and ru:
    :func:`upper_first` for the start of a line."""
    return _render(WEEKDAY_DATE[lang] if year else WEEKDAY_DAY[lang], value, lang)


def upper_first(text: str) -> str:
    """``text`` with its first letter in upper case and the rest as it is
    (``str.capitalize`` would also lower "December")."""
    return text[:1].upper() + text[1:]


def format_short_date(value: dt.date) -> str:
    """A date in the form used on Kazakh forms and receipts: ``29.11.2026``."""
    return value.strftime("%d.%m.%Y")


def format_time(value: dt.time | dt.datetime) -> str:
    """A 24-hour time, ``09:05``, the same in every language (CLDR ``HH:mm``)."""
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(value: dt.datetime, lang: Language) -> str:
    """Date and time: ``2026 жылғы 29 қараша, 14:05`` / ``29 ноября 2026, 14:05``."""
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


def kept_together(text: str) -> str:
    """``text`` with no-break spaces inside each comma-separated part, so a narrow column or
    a large font breaks "2026 жылғы 7 желтоқсан, 04:29" after the comma, never between the
    day and its month (for screens and web pages; a receipt's encoder keeps plain spaces)."""
    return ", ".join(part.replace(" ", "\u00a0") for part in text.split(", "))


#: Within this many days a date is named by its weekday, without the year.
SOON_DAYS = 14


def is_soon(value: dt.datetime, now: dt.datetime) -> bool:
    """Whether ``value`` falls within :data:`SOON_DAYS` of ``now`` (the year adds nothing)."""
    return dt.timedelta(0) <= value - now <= dt.timedelta(days=SOON_DAYS)


def format_soon(value: dt.datetime, lang: Language) -> str:
    """A moment of the next days: ``7 желтоқсан, дүйсенбі, 09:00`` /
    ``понедельник, 7 декабря, 09:00`` / ``Monday, 7 December, 09:00``."""
    return f"{format_weekday_date(value.date(), lang, year=False)}, {format_time(value)}"


class DateTimeText(Record):
    """A date-and-time parameter, rendered per language; a time only when ``time_only``;
    the weekday without the year when ``soon`` (see :func:`is_soon`)."""

    value: dt.datetime
    time_only: bool = False
    soon: bool = False

    def text(self, lang: Language) -> str:
        """Return the date and time (or the time) in ``lang``."""
        if self.time_only:
            return format_time(self.value)
        if self.soon:
            return format_soon(self.value, lang)
        return format_datetime(self.value, lang)
