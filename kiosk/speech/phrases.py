"""Texts cut into the phrases the guidance caches, and numbers read out digit by digit.

A screen's words are spoken as phrases, each a cached clip: a choice button "А   Жер
қатынастары" is the letter "А" and the department's name (both rendered ahead of time),
not one new sentence for espeak-ng. Phrases are cut at line breaks, runs of two or more
spaces and the " · " between a list's items; symbols that espeak-ng would read aloud or
skip unpredictably (box and arrow signs) are dropped.
"""

from __future__ import annotations

import re

from kiosk.i18n import Language
from kiosk.speech.spoken import letter_name

_CUTS = re.compile(r"\n+|\s{2,}|\s+·\s+|\s+—\s+(?=\S)")
#: Signs shown beside words that are not words (a tick, a box, arrows, the "A+" sign...).
_SIGNS = re.compile(r"[☐☑✓✔⚠←→↑↓⌂♫◐●○•▶◀★☆✗×⟵⟶↻]")
_DIGIT_GROUPS = re.compile(r"\d+|[^\W\d_]+")


def split_phrases(text: str) -> list[str]:
    """``text`` cut into the phrases it is spoken as (signs dropped, empty parts gone)."""
    parts = (_SIGNS.sub(" ", part) for part in _CUTS.split(text))
    phrases = [" ".join(part.split()) for part in parts if part.strip(" \t\u00a0-:")]
    return [piece for phrase in phrases for piece in _at_most(phrase, MAX_PHRASE)]


#: The longest phrase made at once: a longer one (a long paragraph, a 10,000-letter name)
#: is cut between words, so it is spoken in parts instead of refused by the engine.
MAX_PHRASE = 400


def _at_most(phrase: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(phrase) > limit:
        cut = phrase.rfind(" ", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(phrase[:cut])
        phrase = phrase[cut:].lstrip()
    return [*pieces, phrase] if phrase else pieces


def single_letter(phrase: str, language: Language) -> str:
    """A phrase that is one letter said by its name (espeak-ng misreads a lone "В");
    any other phrase unchanged."""
    if len(phrase) == 1 and phrase.isalpha():
        return letter_name(phrase, language)
    return phrase


def digit_by_digit(number: str, language: Language, *, leading_zeros: bool = False) -> str:
    """A ticket or record number read one sign at a time: "Ә-017" -> "Ә, 1, 7".

    Letters are said by their names (as the call display does, see
    :mod:`kiosk.speech.spoken`), long letter groups as words; each digit on its own with a
    pause. Zeros that only pad the number are left out (the hall never says them) unless
    ``leading_zeros``: an appeal number is read as printed.
    """
    words: list[str] = []
    for token in _DIGIT_GROUPS.findall(number):
        if token.isdigit():
            digits = token if leading_zeros else (token.lstrip("0") or "0")
            words.extend(digits)
        elif len(token) <= 2:
            words.extend(letter_name(letter, language) for letter in token)
        else:
            words.append(token)
    return ", ".join(words)


#: Letters only Kazakh writes (a Russian or English voice spells them out one by one).
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def voice_for(phrase: str, language: Language) -> Language:
    """The voice that can read ``phrase`` said in a ``language`` screen: a name or a topic
    the visitor typed in Kazakh is read by the Kazakh voice on a Russian or English screen
    (the Russian voice spelled "Көше жарығы" letter by letter), and Cyrillic on an English
    screen by the Russian voice; anything else by the screen's own."""
    if language is not Language.KK and any(ch in KAZAKH_LETTERS for ch in phrase):
        return Language.KK
    if language is Language.EN and any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in phrase):
        return Language.RU
    return language
