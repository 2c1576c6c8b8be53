"""Ticket numbers and rooms as text espeak-ng reads right (checked on its real phonemes)."""

from __future__ import annotations

import pytest

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.speech.spoken import letter_name, spoken_number, spoken_room, spoken_ticket_number
from tests.kiosk.speech.conftest import needs_espeak, phonemes

#: Every letter a department prefix may use (the catalogue loader's rule, Cyrillic part).
KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЫІЭЮЯ"
#: Where a ticket number stands in each language's call (as the announcer will use it).
CALL = {Language.KK: "{} нөмірлі талон", Language.RU: "Талон {}, пройдите",
        Language.EN: "Ticket {}, please"}


@pytest.mark.parametrize(("number", "language", "spoken"), [
    ("Ә-017", Language.KK, "Ә 17"),
    ("А-005", Language.RU, "А, 5"),
    ("Б-100", Language.RU, "Бэ, 100"),
    ("Е-010", Language.KK, "Йе 10"),
    ("С-001", Language.RU, "Эс, 1"),
    ("Ә-017", Language.RU, "Я, 17"),
    ("Қ-000", Language.KK, "Қ, 0"),
    ("АБ-012", Language.RU, "А, Бэ, 12"),
    ("B-007", Language.RU, "B, 7"),
    ("Ж-021", Language.EN, "Zhe, 21"),
    ("ә-017", Language.KK, "Ә 17"),
])
def test_ticket_numbers(number: str, language: Language, spoken: str) -> None:
    assert spoken_ticket_number(number, language) == spoken


@pytest.mark.parametrize(("room", "language", "spoken"), [
    ("103", Language.KK, "жүз үшінші"),
    ("20", Language.KK, "жиырмасыншы"),
    ("1206", Language.KK, "мың екі жүз алтыншы"),
    ("40", Language.KK, "қырқыншы"),
    ("103", Language.RU, "103"),
    ("007", Language.RU, "7"),
    ("2А", Language.RU, "2 А"),
    ("12Б", Language.RU, "12 Бэ"),
    ("12Б", Language.KK, "12 Б"),
    ("103/2", Language.RU, "103 2"),
    ("Актовый зал", Language.RU, "Актовый зал"),
])
def test_rooms(room: str, language: Language, spoken: str) -> None:
    assert spoken_room(room, language) == spoken


def test_numbers_lose_only_their_leading_zeros() -> None:
    assert [spoken_number(d) for d in ("017", "100", "000", "5")] == ["17", "100", "0", "5"]
    assert letter_name("в", Language.RU) == "Вэ"


@needs_espeak
@pytest.mark.parametrize("language", list(Language), ids=lambda lang: lang.value)
def test_every_prefix_letter_is_said_as_a_name(language: Language) -> None:
    for letter in KAZAKH_ALPHABET:
        text = CALL[language].format(spoken_ticket_number(f"{letter}-017", language))
        said = phonemes(text, language.value)
        # espeak-ng reads a letter it has no rule for as "letter 4D9" (Russian "буква ...")
        assert "l'et@" not in said and "lEt3" not in said, (letter, text, said)
        before_number = said.split()[1 if language is not Language.KK else 0]
        assert "'" in before_number or before_number.startswith(","), (letter, text, said)
        if language is Language.KK:  # a vowel runs on into the number, never "ә?" alone
            assert ("," in text) is (letter not in "АӘЕЁОӨҰҮУЭЮЯ"), (letter, text)


@needs_espeak
@pytest.mark.parametrize("language", [Language.KK, Language.RU], ids=["kk", "ru"])
def test_the_shipped_prefixes_sound_different(catalogue: Catalogue, language: Language) -> None:
    prefixes = [d.prefix for d in catalogue.departments.values()]
    said = {phonemes(spoken_ticket_number(f"{p}-1", language), language.value): p
            for p in prefixes}
    assert len(said) == len(prefixes), said


@needs_espeak
def test_russian_voice_no_longer_reads_letters_as_prepositions() -> None:
    # a bare "В" is the preposition [f], "С" is [s], "Б" is "бы"
    assert phonemes("Талон В 17", "ru").split()[1] == "f"
    for letter, name in (("В", "v'E"), ("С", "'Es"), ("Б", "b'E")):
        text = f"Талон {spoken_ticket_number(letter + '-17', Language.RU)}"
        assert phonemes(text, "ru").split()[1] == name
