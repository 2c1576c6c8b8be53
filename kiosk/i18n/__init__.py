"""Translations for every layer, without Qt: lazy messages, gettext catalogues, CLDR dates."""

from kiosk.i18n.formatting import (
    DateText,
    DateTimeText,
    format_date,
    format_datetime,
    format_short_date,
    format_time,
    format_weekday,
    format_weekday_date,
    upper_first,
)
from kiosk.i18n.messages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    NP_,
    Language,
    Localizable,
    Message,
    plain_text,
)
from kiosk.i18n.translator import Translator

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "NP_",
    "N_",
    "DateText",
    "DateTimeText",
    "Language",
    "Localizable",
    "Message",
    "Translator",
    "format_date",
    "format_datetime",
    "format_short_date",
    "format_time",
    "format_weekday",
    "format_weekday_date",
    "plain_text",
    "upper_first",
]
