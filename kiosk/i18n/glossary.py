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
    #: What a text must contain to name the concept (a stem, so inflected forms count).
    stems: Mapping[str, str]
    source: str
    avoid: Mapping[str, tuple[str, ...]]
    allow: tuple[str, ...]
    names: tuple[str, ...]
    msgids: tuple[str, ...]
    #: Every message whose English holds the English word (whole) names this concept too.
    en_binds: bool = False


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


_KEYS = {"concept", *GLOSSARY_LANGUAGES, "source", "avoid", "allow", "names", "msgids",
         "stem", "en_binds"}


def load_glossary(path: Path) -> tuple[Term, ...]:
    """The terms of a glossary file.

    :raises ValueError: naming the term and the key that is missing, of the wrong kind or (for
        an avoided word) not a valid regular expression — a typo must not pass as "no terms".
    """
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    unknown = set(raw) - {"term"}
    entries = raw.get("term")
    if unknown or not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: needs [[term]] tables only (found {sorted(raw)})")
    return tuple(_term(path, entry) for entry in entries)


def _term(path: Path, entry: object) -> Term:
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: a [[term]] must be a table, not {entry!r}")
    concept = entry.get("concept")
    where = f"{path}: term {concept!r}"
    if not isinstance(concept, str) or not concept.strip():
        raise ValueError(f"{where}: needs a concept (text)")
    if set(entry) - _KEYS:
        raise ValueError(f"{where}: unknown keys {sorted(set(entry) - _KEYS)}")
    words = {lang: entry.get(lang) for lang in GLOSSARY_LANGUAGES}
    missing = [lang for lang, word in words.items()
               if not isinstance(word, str) or not word.strip()]
    if missing:
        raise ValueError(f"{where}: needs a word (text) in {missing}")
    avoid = entry.get("avoid", {})
    if not isinstance(avoid, dict) or set(avoid) - set(GLOSSARY_LANGUAGES):
        raise ValueError(f"{where}: avoid must be a table of {GLOSSARY_LANGUAGES}")
    patterns = {lang: _texts(where, f"avoid.{lang}", avoid[lang]) for lang in avoid}
    for lang, found in patterns.items():
        for pattern in found:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{where}: avoid.{lang} {pattern!r}: {exc}") from exc
    stem = entry.get("stem", {})
    if not isinstance(stem, dict) or not all(isinstance(v, str) and v for v in stem.values()):
        raise ValueError(f"{where}: stem must be a table of texts by language")
    return Term(concept=concept, words={lang: str(w) for lang, w in words.items()},
                stems={lang: str(stem.get(lang, words[lang])) for lang in GLOSSARY_LANGUAGES},
                source=str(entry.get("source", "")), avoid=patterns,
                allow=_texts(where, "allow", entry.get("allow", [])),
                names=_texts(where, "names", entry.get("names", [])),
                msgids=_texts(where, "msgids", entry.get("msgids", [])),
                en_binds=entry.get("en_binds", False) is True)


def _texts(where: str, key: str, value: object) -> tuple[str, ...]:
    """A list of non-empty texts, or ValueError naming the term and the key."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key} must be a list of non-empty texts")
    return tuple(value)


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


#: Invisible characters that would split a word and hide it from a check.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")


def visible(text: str) -> str:
    """``text`` without soft hyphens and zero-width characters (what a reader sees)."""
    return text.translate(_INVISIBLE)


def avoided_words(terms: Iterable[Term], texts: Iterable[Text]) -> list[Finding]:
    """Every text holding a word the glossary avoids, with the word and the term to use."""
    checks = [(term, lang, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE))
              for term in terms for lang, patterns in term.avoid.items() for pattern in patterns]
    findings = []
    for text in texts:
        shown = visible(text.text)
        for term, lang, pattern in checks:
            if lang != text.lang:
                continue
            found = pattern.search(_without(shown, term.allow))
            if found:
                findings.append(Finding(where=text.where, problem=(
                    f"“{found.group(0)}” — say “{term.words[lang]}” ({term.concept}: "
                    f"{term.source})")))
    return findings


def mixed_scripts(texts: Iterable[Text]) -> list[Finding]:
    """Words mixing Cyrillic and Latin letters ("түбipтек" with a Latin i and p): they look
    right and escape every check, and a screen reader spells them."""
    return [Finding(where=text.where, problem=f"“{word}” mixes Cyrillic and Latin letters")
            for text in texts for word in _WORD.findall(visible(text.text))
            if _CYRILLIC.search(word) and _LATIN.search(word)]


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


def bound_msgids(term: Term, english: Iterable[str]) -> list[str]:
    """The messages that name ``term``: its listed msgids, and when it binds by its English
    word, every msgid holding that word whole ("comment", "Comments", not "commentary")."""
    bound = list(term.msgids)
    if term.en_binds:
        word = re.compile(rf"(?<!\w){re.escape(term.words['en'])}s?(?!\w)", re.IGNORECASE)
        bound += [msgid for msgid in english if word.search(msgid) and msgid not in bound]
    return bound


def translated_concepts(terms: Iterable[Term],
                        translations: Mapping[str, Mapping[str, str]]) -> list[Finding]:
    """Messages bound to a concept whose translation lacks its term or holds another's.

    ``translations`` maps a language to {msgid: msgstr}.
    """
    terms = tuple(terms)
    findings = []
    for term in terms:
        for msgid in bound_msgids(term, translations.get("en", {})):
            for lang, stem in term.stems.items():
                text = translations.get(lang, {}).get(msgid)
                where = f"{lang}.po “{msgid}”"
                if text is None:
                    findings.append(Finding(where=where, problem="no such message"))
                    continue
                folded = visible(text).casefold()
                if stem.casefold() not in folded:
                    findings.append(Finding(where=where, problem=(
                        f"“{text}” names “{term.concept}”: use “{term.words[lang]}”")))
                findings.extend(
                    Finding(where=where, problem=(
                        f"“{text}” names “{term.concept}” with “{other.words[lang]}”, the word "
                        f"for “{other.concept}”"))
                    for other in _others_within(terms, term, lang, folded, msgid))
    return findings


def _others_within(terms: tuple[Term, ...], term: Term, lang: str, folded: str,
                   msgid: str) -> Iterator[Term]:
    """Other concepts whose stem starts a word of ``folded``, is not part of ``term``'s own
    word, and whose English word is not in the message too ("Ratings and comments" names
    both)."""
    own = term.words[lang].casefold()
    for other in terms:
        stem = other.stems[lang].casefold()
        if other is not term and stem not in own and re.search(
                rf"(?<!\w){re.escape(stem)}", folded) and not re.search(
                rf"(?<!\w){re.escape(other.stems['en'])}", msgid, re.IGNORECASE):
            yield other


def _without(text: str, phrases: Iterable[str]) -> str:
    """``text`` with every allowed phrase blanked out (case-insensitive)."""
    for phrase in phrases:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return text
