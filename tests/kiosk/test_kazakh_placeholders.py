"""No Kazakh message puts a case ending on a {placeholder} (kiosk.i18n.grammar)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n.grammar import endings_on_placeholders

KK_PO = Path(__file__).resolve().parents[2] / "assets" / "locale" / "kk.po"


@pytest.mark.parametrize("text, found", [
    ("Қате PIN тым көп енгізілді: панель {time} дейін бұғатталды.", ["{time} дейін"]),
    ("Талондар {time} бастап беріледі.", ["{time} бастап"]),
    ("{date}-ге дейін жауап беріледі", ["{date}-ге"]),
    ("{when}ден кейін", ["{when}ден"]),
    ("{n}-ші орын", ["{n}-ші"]),
    ("{time} жағдай бойынша.", ["{time} жағдай"]),
    ("{0}-ге", ["{0}-ге"]),
    ("{date:%d}-ге", ["{date:%d}-ге"]),
    ("{date}-ғы жағдай", ["{date}-ғы"]),
    ("{code}-ын енгізіңіз", ["{code}-ын"]),
    ("«{name}»-ға", ["{name}»-ға"]),
    ("{name}’ге", ["{name}’ге"]),
    ("«{name}» дейін", ["{name}» дейін"]),
    ("{time}-дейін", ["{time}-дейін"]),
])
def test_an_ending_that_depends_on_the_value_is_found(text: str, found: list[str]) -> None:
    assert endings_on_placeholders(text) == found


@pytest.mark.parametrize("text", [
    "{room}-бөлмеге өтіңіз",
    "{page}-бет",
    "панель бұғатталды; қайта енгізу уақыты: {time}.",
    "{fallback} арқылы басылады",
    "«{other}» үшін",
    "Киоск {seconds} секундтан кейін бастапқы экранға оралады.",
])
def test_a_noun_or_a_colon_after_the_value_is_fine(text: str) -> None:
    assert endings_on_placeholders(text) == []


def test_no_kazakh_message_needs_an_ending_on_a_placeholder() -> None:
    with KK_PO.open("rb") as fh:
        catalog = read_po(fh, locale="kk")
    problems = []
    for message in catalog:
        forms = (message.string,) if isinstance(message.string, str) else message.string
        for form in forms:
            problems += [f"“{message.id}”: {found}" for found in endings_on_placeholders(form)]
    assert not problems, "\n".join(problems)
