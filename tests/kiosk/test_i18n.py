"""Translations: every message in every language, CLDR dates, live language switching."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.errors import ValidationError
from kiosk.i18n import (
    LANGUAGES,
    N_,
    NP_,
    DateText,
    Language,
    Translator,
    format_date,
    format_datetime,
)
from kiosk.validators import normalize_iin
from scripts.update_translations import LOCALE_DIR, extract

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def _source_messages() -> dict[str, str | tuple[str, str]]:
    return {str(m.id if isinstance(m.id, str) else m.id[0]): m.id for m in extract() if m.id}


def test_messages_are_found_in_the_code() -> None:
    assert len(_source_messages()) > 50


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_every_message_is_translated(lang: Language) -> None:
    with (LOCALE_DIR / f"{lang.value}.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang.value)
    for key, msgid in _source_messages().items():
        message = catalog.get(msgid)
        assert message is not None, f"{lang.value}: not in the .po file: {key!r}"
        assert "fuzzy" not in message.flags, f"{lang.value}: fuzzy: {key!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{lang.value}: untranslated: {key!r}"
        for string in strings:
            assert _placeholders(string) == _placeholders(key), f"{lang.value}: {key!r}"


def test_po_files_have_no_stale_messages() -> None:
    source = set(_source_messages())
    for lang in LANGUAGES:
        with (LOCALE_DIR / f"{lang.value}.po").open("rb") as fh:
            catalog = read_po(fh, locale=lang.value)
        stale = {str(m.id) for m in catalog if m.id and isinstance(m.id, str)} - source
        assert not stale, f"{lang.value}: run scripts/update_translations.py: {stale}"


def test_kazakh_translations_use_kazakh_letters() -> None:
    with (LOCALE_DIR / "kk.po").open("rb") as fh:
        catalog = read_po(fh, locale="kk")
    texts = [m.string for m in catalog if m.id and isinstance(m.string, str)]
    assert sum(bool(set("әғқңөұүһі") & set(t.lower())) for t in texts) / len(texts) > 0.8


def test_dates_in_each_language() -> None:
    day = dt.date(2026, 11, 29)
    assert format_date(day, Language.KK) == "2026 жылғы 29 қараша"
    assert format_date(day, Language.RU) == "29 ноября 2026"
    assert format_date(day, Language.EN) == "29 November 2026"
    moment = dt.datetime(2026, 11, 29, 9, 5)
    assert format_datetime(moment, Language.KK) == "2026 жылғы 29 қараша, 09:05"


def test_one_error_rendered_in_each_language_after_a_switch(translator: Translator) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_iin("12345")
    texts = {lang: translator.render(info.value.message, lang) for lang in LANGUAGES}
    assert "5" in texts[Language.KK] and "5" in texts[Language.RU]
    assert len(set(texts.values())) == 3
    assert texts[Language.EN] == "An IIN has 12 digits; you entered 5."


def test_parameters_are_rendered_in_the_same_language(translator: Translator) -> None:
    message = N_("Today is a holiday ({name}). The akimat opens {when}.",
                 name="Independence Day", when=DateText(dt.date(2026, 12, 17)))
    assert "2026 жылғы 17 желтоқсан" in translator.render(message, Language.KK)
    assert "17 декабря 2026" in translator.render(message, Language.RU)


def test_russian_plural_forms(tmp_path: Path) -> None:
    for lang, plural in (("kk", "nplurals=1; plural=0;"),
                         ("en", "nplurals=2; plural=(n != 1);"),
                         ("ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                                "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")):
        forms = {"kk": ['msgstr[0] "Сізден бұрын {n} адам"'],
                 "en": ['msgstr[0] "{n} person ahead"', 'msgstr[1] "{n} people ahead"'],
                 "ru": ['msgstr[0] "Перед вами {n} человек"', 'msgstr[1] "Перед вами {n} человека"',
                        'msgstr[2] "Перед вами {n} человек"']}[lang]
        (tmp_path / f"{lang}.po").write_text(
            f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: {plural}\\n"\n\n'
            'msgid "{n} person ahead"\nmsgid_plural "{n} people ahead"\n' + "\n".join(forms)
            + "\n", encoding="utf-8")
    translator = Translator.load(tmp_path)
    rendered = [translator.render(NP_("{n} person ahead", "{n} people ahead", n), Language.RU)
                for n in (1, 3, 5, 21)]
    assert rendered == ["Перед вами 1 человек", "Перед вами 3 человека", "Перед вами 5 человек",
                        "Перед вами 21 человек"]
    assert translator.render(NP_("{n} person ahead", "{n} people ahead", 2), Language.EN) == \
        "2 people ahead"
