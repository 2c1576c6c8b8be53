"""Every .po string and catalogue text against the glossary (assets/locale/glossary.toml)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n.glossary import (
    Term,
    Text,
    avoided_words,
    load_glossary,
    mixed_scripts,
    named_concepts,
    shared_words,
    translated_concepts,
)

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "assets" / "locale"
CATALOGUE = ROOT / "assets" / "catalogue"
LANGS = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def terms() -> tuple[Term, ...]:
    return load_glossary(LOCALE / "glossary.toml")


def translations() -> dict[str, dict[str, str]]:
    """{lang: {msgid: msgstr}}; a plural message is its forms joined by " | "."""
    result: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        with (LOCALE / f"{lang}.po").open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        result[lang] = {
            (m.id if isinstance(m.id, str) else m.id[0]):
            (m.string if isinstance(m.string, str) else " | ".join(m.string))
            for m in catalog if m.id}
    return result


def po_texts() -> Iterator[Text]:
    for lang, messages in translations().items():
        for msgid, text in messages.items():
            yield Text(where=f"assets/locale/{lang}.po “{msgid[:60]}”", lang=lang, text=text)


def catalogue_tables() -> dict[str, object]:
    return {path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
            for path in sorted(CATALOGUE.glob("*.toml"))}


def _walk(node: object, where: str) -> Iterator[tuple[str, dict[str, object]]]:
    """Every table holding language keys, with a key path like ``services:land.name``."""
    if isinstance(node, dict):
        if any(lang in node for lang in LANGS):
            yield where, node
        ident = node.get("id") or node.get("date")
        for key, value in node.items():
            if key not in LANGS:
                inner = f"{where}{'.' if ident is None else ''}{key}" if ident is None else \
                    f"{where.rsplit(':', 1)[0]}:{ident}.{key}"
                yield from _walk(value, inner)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, where)


def catalogue_texts() -> Iterator[Text]:
    for name, table in catalogue_tables().items():
        for where, texts in _walk(table, f"assets/catalogue/{name}.toml:"):
            for lang in LANGS:
                value = texts.get(lang)
                words = value if isinstance(value, list) else [value]
                for word in words:
                    if isinstance(word, str):
                        yield Text(where=f"{where}.{lang}", lang=lang, text=word)


def catalogue_names() -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    for name, table in catalogue_tables().items():
        for where, texts in _walk(table, f"{name}:"):
            names[where] = {lang: str(texts.get(lang, "")) for lang in LANGS}
    return names


def test_no_two_concepts_share_a_word(terms: tuple[Term, ...]) -> None:
    assert shared_words(terms) == []


def test_no_text_uses_a_word_the_glossary_avoids(terms: tuple[Term, ...]) -> None:
    findings = avoided_words(terms, [*po_texts(), *catalogue_texts()])
    assert not findings, "\n".join(map(str, findings))


def test_catalogue_names_a_concept_with_its_term(terms: tuple[Term, ...]) -> None:
    findings = named_concepts(terms, catalogue_names())
    assert not findings, "\n".join(map(str, findings))


def test_messages_name_a_concept_with_its_term_and_no_other(terms: tuple[Term, ...]) -> None:
    findings = translated_concepts(terms, translations())
    assert not findings, "\n".join(map(str, findings))


def test_no_text_mixes_cyrillic_and_latin_in_a_word() -> None:
    findings = mixed_scripts([*po_texts(), *catalogue_texts()])
    assert not findings, "\n".join(map(str, findings))


def test_the_glossary_holds_the_concepts_of_the_appeal_flow(terms: tuple[Term, ...]) -> None:
    """A typo that loads no terms must not make every check pass."""
    assert {"appeal", "application", "complaint", "proposal", "request", "feedback", "talon",
            "kiosk", "rating comment", "IIN"} <= {term.concept for term in terms}


@pytest.mark.parametrize("text, problem", [
    ('[[terms]]\nconcept = "x"\n', "needs [[term]] tables"),
    ('[[term]]\nconcept = "talon"\nkk = "талон"\nru = "талон"\n', "needs a word (text) in ['en']"),
    ('[[term]]\nconcept = "talon"\nkk = "талон"\nru = "талон"\nen = "receipt"\n'
     'avoid.kk = ["түбірте(к"]\n', "term 'talon': avoid.kk 'түбірте(к'"),
    ('[[term]]\nconcept = "talon"\nkk = "талон"\nru = "талон"\nen = "receipt"\n'
     'avoid.kk = "чек"\n', "avoid.kk must be a list of non-empty texts"),
    ('[[term]]\nconcept = "talon"\nkk = "талон"\nru = "талон"\nen = "receipt"\n'
     'avoid.kz = ["чек"]\n', "avoid must be a table of"),
    ('[[term]]\nconcept = "talon"\nkk = ["талон"]\nru = "талон"\nen = "receipt"\n',
     "needs a word (text) in ['kk']"),
    ('[[term]]\nkk = "талон"\n', "needs a concept"),
    ('term = "oops"\n', "needs [[term]] tables"),
    ('[[term]]\nconcept = "talon"\nkk = "талон"\nru = "талон"\nen = "receipt"\n'
     'avoid.kk = [""]\n', "avoid.kk must be a list of non-empty texts"),
])
def test_a_malformed_glossary_is_refused_naming_the_term(tmp_path: Path, text: str,
                                                         problem: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(problem)):
        load_glossary(path)


def test_a_word_split_by_a_soft_hyphen_is_still_found(terms: tuple[Term, ...]) -> None:
    found = avoided_words(terms, [Text(where="x", lang="kk", text="Түбір\u00adтегіңізді алыңыз")])
    assert found and "талон" in found[0].problem


def test_a_latin_letter_inside_a_cyrillic_word_is_found() -> None:
    assert mixed_scripts([Text(where="x", lang="kk", text="Түбipтек")])


def test_any_message_about_comments_must_not_call_them_by_the_appeal_type(
        terms: tuple[Term, ...]) -> None:
    """'Пікір' is the legal appeal type; the comment under a rating is 'Түсініктеме'."""
    found = translated_concepts(terms, {"en": {"Latest comments": "Latest comments"},
                                        "kk": {"Latest comments": "Соңғы пікірлер"},
                                        "ru": {"Latest comments": "Последние отклики"}})
    about = [f for f in found if "Latest comments" in f.where]
    assert [f.where for f in about] == ["kk.po “Latest comments”", "kk.po “Latest comments”",
                                        "ru.po “Latest comments”", "ru.po “Latest comments”"]
    assert "with “пікір”, the word for “feedback”" in about[1].problem
