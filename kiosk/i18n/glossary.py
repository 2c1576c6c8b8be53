"""The kiosk's glossary (``assets/locale/glossary.toml``) and the check of texts against it.

A villager and a lawyer should read one word for one thing: "арыз" is an application, never
every appeal; the paper is a "талон", never a till receipt. :func:`check_texts` finds the
places where a text breaks the glossary, each named by its file and key, so a translator or a
catalogue editor sees what to change.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from kiosk.record import Record

#: The languages the glossary gives a term in.
GLOSSARY_LANGUAGES = ("kk", "ru", "en")


class Term(Record):
    """One concept and the words the kiosk uses (and avoids) for it."""

    concept: str
    words: Mapping[str, str]
    source: str
    avoid: Mapping[str, tuple[str, ...]]
    allow: tuple[str, ...]
    names: tuple[str, ...]
    msgids: tuple[str, ...]


class Text(Record):
    """A text to check: where it is (file and key), its language and its words."""

    where: str
    lang: str
    text: str


class Finding(Record):
    """A text that breaks the glossary, and why, in words for the person fixing it."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def load_glossary(path: Path) -> tuple[Term, ...]:
    """The terms of a glossary file; ValueError names a term without a word in a language."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    terms = []
    for entry in raw.get("term", []):
        missing = [lang for lang in GLOSSARY_LANGUAGES if not str(entry.get(lang, "")).strip()]
        if missing:
            raise ValueError(f"{path}: term {entry.get('concept')!r} has no word in {missing}")
        avoid = entry.get("avoid", {})
        terms.append(Term(
            concept=str(entry["concept"]),
            words={lang: str(entry[lang]) for lang in GLOSSARY_LANGUAGES},
            source=str(entry.get("source", "")),
            avoid={lang: tuple(str(p) for p in avoid.get(lang, ())) for lang in avoid},
            allow=tuple(str(a) for a in entry.get("allow", ())),
            names=tuple(str(n) for n in entry.get("names", ())),
            msgids=tuple(str(m) for m in entry.get("msgids", ()))))
    return tuple(terms)


def shared_words(terms: Iterable[Term]) -> list[Finding]:
    """Two concepts with the same word in one language (the glossary contradicts itself)."""
    seen: dict[tuple[str, str], str] = {}
    findings = []
    for term in terms:
        for lang, word in term.words.items():
            key = (lang, word.casefold())
            if key in seen:
                findings.append(Finding(
                    where="glossary.toml",
                    problem=f"{lang} “{word}” names both “{seen[key]}” and “{term.concept}”"))
            seen.setdefault(key, term.concept)
    return findings


def avoided_words(terms: Iterable[Term], texts: Iterable[Text]) -> list[Finding]:
    """Every text holding a word the glossary avoids, with the word and the term to use."""
    checks = [(term, lang, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE))
              for term in terms for lang, patterns in term.avoid.items() for pattern in patterns]
    findings = []
    for text in texts:
        for term, lang, pattern in checks:
            if lang != text.lang:
                continue
            found = pattern.search(_without(text.text, term.allow))
            if found:
                findings.append(Finding(where=text.where, problem=(
                    f"“{found.group(0)}” — say “{term.words[lang]}” ({term.concept}: "
                    f"{term.source})")))
    return findings


def named_concepts(terms: Iterable[Term], named: Mapping[str, Mapping[str, str]]) -> list[Finding]:
    """Catalogue names bound to a concept whose text is not the concept's term.

    ``named`` maps "file:id.field" to that field's texts by language.
    """
    findings = []
    for term in terms:
        for key in term.names:
            texts = named.get(key)
            if texts is None:
                findings.append(Finding(where=key, problem="not found in the catalogue"))
                continue
            for lang, word in term.words.items():
                if texts.get(lang, "").strip().casefold() != word.casefold():
                    findings.append(Finding(where=f"{key}.{lang}", problem=(
                        f"“{texts.get(lang, '')}” names “{term.concept}”: use “{word}” "
                        f"({term.source})")))
    return findings


def translated_concepts(terms: Iterable[Term],
                        translations: Mapping[str, Mapping[str, str]]) -> list[Finding]:
    """Messages bound to a concept whose translation lacks its term or holds another's.

    ``translations`` maps a language to {msgid: msgstr}.
    """
    terms = tuple(terms)
    findings = []
    for term in terms:
        for msgid in term.msgids:
            for lang, word in term.words.items():
                text = translations.get(lang, {}).get(msgid)
                where = f"{lang}.po “{msgid}”"
                if text is None:
                    findings.append(Finding(where=where, problem="no such message"))
                    continue
                folded = text.casefold()
                if word.casefold() not in folded:
                    findings.append(Finding(where=where, problem=(
                        f"“{text}” names “{term.concept}”: use “{word}”")))
                findings.extend(
                    Finding(where=where, problem=(
                        f"“{text}” names “{term.concept}” with “{other.words[lang]}”, the word "
                        f"for “{other.concept}”"))
                    for other in _others_within(terms, term, lang, folded))
    return findings


def _others_within(terms: tuple[Term, ...], term: Term, lang: str, folded: str) -> Iterator[Term]:
    """Other concepts whose word is in ``folded`` and is not part of ``term``'s own word."""
    own = term.words[lang].casefold()
    for other in terms:
        word = other.words[lang].casefold()
        if other is not term and word not in own and re.search(
                rf"(?<!\w){re.escape(word)}", folded):
            yield other


def _without(text: str, phrases: Iterable[str]) -> str:
    """``text`` with every allowed phrase blanked out (case-insensitive)."""
    for phrase in phrases:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return text
