"""Month and weekday names: Babel's CLDR output, cached for the start, checked against Babel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time

from kiosk.i18n import (
    LANGUAGES,
    Language,
    datenames,
    format_date,
    format_time,
    format_weekday,
    format_weekday_date,
)
from kiosk.i18n.formatting import LONG_DATE, WEEKDAY, WEEKDAY_DATE, WEEKDAY_DAY


@pytest.fixture
def fresh_names(monkeypatch: pytest.MonkeyPatch) -> dict[Language, datenames.DateNames]:
    """An empty process memo (as at start-up), restored after the test."""
    known: dict[Language, datenames.DateNames] = {}
    monkeypatch.setattr(datenames, "_KNOWN", known)
    return known


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_dates_and_weekdays_are_babels_for_two_years(lang: Language) -> None:
    day = dt.date(2026, 1, 1)
    while day.year < 2028:
        assert format_date(day, lang) == babel_date(day, LONG_DATE[lang], locale=lang.value)
        assert format_weekday(day, lang) == babel_date(day, WEEKDAY, locale=lang.value)
        assert format_weekday_date(day, lang) == babel_date(day, WEEKDAY_DATE[lang],
                                                            locale=lang.value)
        assert format_weekday_date(day, lang, year=False) == babel_date(
            day, WEEKDAY_DAY[lang], locale=lang.value)
        day += dt.timedelta(days=1)


def test_times_are_babels_hh_mm() -> None:
    for hour, minute in ((0, 0), (9, 5), (13, 30), (23, 59)):
        moment = dt.datetime(2026, 11, 29, hour, minute, 42, tzinfo=dt.UTC)
        assert format_time(moment) == babel_time(moment, "HH:mm", locale="en")
        assert format_time(moment.timetz()) == babel_time(moment.time(), "HH:mm", locale="en")


def test_a_start_reads_the_names_from_the_cache_file(
        tmp_path: Path, fresh_names: dict[Language, datenames.DateNames]) -> None:
    path = tmp_path / "date-names.json"
    assert datenames.refresh_date_names(path) is False  # first start: from Babel, written
    fresh_names.clear()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["kk"]["months"][10] = "ҚАРАША"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert datenames.load_date_names(path) is True
    assert format_date(dt.date(2026, 11, 29), Language.KK) == "2026 жылғы 29 ҚАРАША"  # no Babel


def test_the_check_after_the_first_paint_corrects_stale_names(
        tmp_path: Path, fresh_names: dict[Language, datenames.DateNames]) -> None:
    path = tmp_path / "date-names.json"
    datenames.refresh_date_names(path)
    fresh_names.clear()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["ru"]["weekdays"][6] = "выходной"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    datenames.load_date_names(path)
    assert format_weekday(dt.date(2026, 11, 29), Language.RU) == "выходной"
    assert datenames.refresh_date_names(path) is True  # changed: the caller re-renders
    assert format_weekday(dt.date(2026, 11, 29), Language.RU) == "воскресенье"
    assert json.loads(path.read_text(encoding="utf-8"))["ru"]["weekdays"][6] == "воскресенье"
    assert datenames.refresh_date_names(path) is False


@pytest.mark.parametrize("content", [
    "", "{not json", "[]", '{"kk": {"months": [], "weekdays": []}}',
    json.dumps({lang.value: {"months": ["x"] * 12, "weekdays": ["y"] * 6} for lang in LANGUAGES}),
    json.dumps({lang.value: {"months": [""] * 12, "weekdays": ["y"] * 7} for lang in LANGUAGES}),
])
def test_a_broken_cache_file_is_ignored_and_babel_is_used(
        tmp_path: Path, content: str, fresh_names: dict[Language, datenames.DateNames]) -> None:
    path = tmp_path / "date-names.json"
    path.write_text(content, encoding="utf-8")
    assert datenames.load_date_names(path) is False
    assert not fresh_names
    assert format_date(dt.date(2026, 11, 29), Language.EN) == "29 November 2026"


def test_no_cache_file_is_no_error(tmp_path: Path,
                                   fresh_names: dict[Language, datenames.DateNames]) -> None:
    assert datenames.load_date_names(tmp_path / "missing.json") is False
    assert format_weekday(dt.date(2026, 11, 30), Language.KK) == "дүйсенбі"
