"""Dates in each language's own order: Kazakh year first ("2026 жылғы 1 желтоқсан"), the
weekday after the date in Kazakh and before it in Russian and English, and no year where it
adds nothing. Russian and English keep the forms they always had."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import Catalogue
from kiosk.i18n import (
    Language,
    Translator,
    format_date,
    format_datetime,
    format_weekday_date,
    upper_first,
)
from printers.document import Text
from printers.receipts import ReceiptContext
from printers.receipts.citizen import appeal_talon, booking_confirmation
from printers.receipts.samples import KIOSK_ID, PUBLIC_URL, appeal, booking

KK, RU, EN = Language.KK, Language.RU, Language.EN
#: Tuesday 8 December 2026.
TUESDAY = dt.date(2026, 12, 8)
LANGS = pytest.mark.parametrize("lang", [KK, RU, EN], ids=lambda lang: lang.value)


LONG = {KK: "2026 жылғы 1 желтоқсан", RU: "1 декабря 2026", EN: "1 December 2026"}
WITH_WEEKDAY = {KK: "2026 жылғы 8 желтоқсан, сейсенбі", RU: "вторник, 8 декабря 2026",
                EN: "Tuesday, 8 December 2026"}
NO_YEAR = {KK: "8 желтоқсан, сейсенбі", RU: "вторник, 8 декабря", EN: "Tuesday, 8 December"}


@LANGS
def test_a_long_date_in_each_languages_order(lang: Language) -> None:
    assert format_date(dt.date(2026, 12, 1), lang) == LONG[lang]


@LANGS
def test_a_date_and_time_in_each_languages_order(lang: Language) -> None:
    assert format_datetime(dt.datetime(2026, 12, 1, 10, 0), lang) == f"{LONG[lang]}, 10:00"


@LANGS
def test_a_date_with_its_weekday(lang: Language) -> None:
    assert format_weekday_date(TUESDAY, lang) == WITH_WEEKDAY[lang]


@LANGS
def test_a_day_of_the_next_two_weeks_has_no_year(lang: Language) -> None:
    assert format_weekday_date(TUESDAY, lang, year=False) == NO_YEAR[lang]


def test_upper_first_leaves_the_month_alone() -> None:
    assert upper_first("tuesday, 8 December") == "Tuesday, 8 December"  # not "december"
    assert upper_first("") == ""


def _lines(document: object) -> list[str]:
    return [block.text for block in getattr(document, "blocks", ()) if isinstance(block, Text)]


def test_the_kazakh_receipts_date_the_reception_and_the_deadline_year_first(
        catalogue: Catalogue, translator: Translator) -> None:
    ctx = ReceiptContext(catalogue, translator, KK, PUBLIC_URL, KIOSK_ID)
    assert "2026 жылғы 8 желтоқсан, сейсенбі" in _lines(booking_confirmation(booking(catalogue),
                                                                             ctx))
    assert "2026 жылғы 22 желтоқсан" in _lines(appeal_talon(appeal(), ctx))  # the legal deadline


def test_the_russian_booking_receipt_names_the_weekday_first(catalogue: Catalogue,
                                                             translator: Translator) -> None:
    ctx = ReceiptContext(catalogue, translator, RU, PUBLIC_URL, KIOSK_ID)
    assert "Вторник, 8 декабря 2026" in _lines(booking_confirmation(booking(catalogue), ctx))
