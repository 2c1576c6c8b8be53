"""Ticket numbers and rooms as words espeak-ng reads correctly in each language.

"Ә-017" is said as the letter's name and the number without its zeros: kk "Ә, 17", ru
"Я, 17" (Russian has no Ә; "Я" is how Russian spelling has long rendered it, as in
Сәкен -> Сякен, and keeps it apart from "А" and "Э", which are other departments). A lone
letter in running text is otherwise misread: Russian "В" and "С" become the prepositions
[f] and [s], "Б" becomes "бы"; Kazakh "У" comes out as a bare [w]. The spellings below
were chosen by reading espeak-ng 1.51's phonemes (``espeak-ng -v kk -q -x``). Only letters
that need help are listed; any other letter (Latin ones are named in English by every
voice) is passed through as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kiosk.i18n import Language

_RUSSIAN_NAMES = {
    "Б": "Бэ", "В": "Вэ", "Г": "Гэ", "Д": "Дэ", "Ж": "Жэ", "З": "Зэ", "Й": "И краткое",
    "К": "Ка", "Л": "Эль", "М": "Эм", "Н": "Эн", "П": "Пэ", "Р": "Эр", "С": "Эс", "Т": "Тэ",
    "Ф": "Эф", "Х": "Ха", "Ц": "Цэ", "Ч": "Че", "Ш": "Ша", "Щ": "Ща",
    # Kazakh letters: the nearest sound Russian spelling has, kept apart from Russian names.
    "Ә": "Я", "Ғ": "Гы", "Қ": "Кы", "Ң": "Энг", "Ө": "Ё", "Ұ": "У", "Ү": "Ю", "Һ": "Хэ",
    "І": "И",
}
_ENGLISH_NAMES = {
    # The English name of the letter's Latin transliteration (Б "bee"), spelled so the
    # English voice says it; Kazakh Ә as "A-E" (Ä), kept apart from А and Я.
    "А": "Ah", "Ә": "Ae", "Б": "Be", "В": "Ve", "Г": "Ge", "Ғ": "Gha", "Д": "Dee",
    "Е": "Yeh", "Ё": "Yo", "Ж": "Zhe", "З": "Ze", "И": "Ee", "Й": "Short Y", "К": "Ka",
    "Қ": "Qa", "Л": "El", "М": "Em", "Н": "En", "Ң": "Eng", "О": "Oh", "Ө": "Yo", "П": "Pe",
    "Р": "Er", "С": "Ess", "Т": "Te", "У": "Oo", "Ұ": "Oo", "Ү": "Yu", "Ф": "Ef", "Х": "Kha",
    "Һ": "Ha", "Ц": "Tseh", "Ч": "Che", "Ш": "Sha", "Щ": "Shcha", "Ы": "Y", "І": "I",
    "Э": "Eh", "Ю": "Yu", "Я": "Yah",
}
#: How each language names a letter that its espeak-ng voice would otherwise misread.
LETTER_NAMES: Mapping[Language, Mapping[str, str]] = {
    # Kazakh: consonants are read "бы, ды" as Kazakh schools name them; Е is said [je] so
    # it does not sound like Э, and У as [ʊw] instead of a bare [w].
    Language.KK: {"Е": "Йе", "У": "Ұу"},
    Language.RU: _RUSSIAN_NAMES,
    Language.EN: _ENGLISH_NAMES,
}
#: Letter groups up to this long are spelled out (prefixes); longer ones are words.
_MAX_SPELLED = 2
_TOKENS = re.compile(r"\d+|[^\W\d_]+")


def letter_name(letter: str, language: Language) -> str:
    """How ``language``'s voice should be given one letter to say its name."""
    upper = letter.upper()
    return LETTER_NAMES[language].get(upper, upper)


def spoken_number(digits: str) -> str:
    """A digit string without its leading zeros ("017" -> "17", "000" -> "0")."""
    return str(int(digits)) if digits.isdigit() and digits.isascii() else digits


def spoken_ticket_number(number: str, language: Language) -> str:
    """A ticket number like "Ә-017" as text: the letters' names, a pause, the number.

    In Kazakh a vowel letter runs on into the number ("Ә 17": with a pause the lone "Ә"
    sounds like the interjection "ә?"); a consonant keeps its pause ("Қ, 5"), without
    which espeak-ng swallows its name ("бы" unstressed).
    """
    tokens = _spoken_tokens(number, language)
    if language is Language.KK and len(tokens) == 2 and tokens[0] in _RUN_ON:
        return " ".join(tokens)
    return ", ".join(tokens)


#: Letters (as spelled for the Kazakh voice) that espeak-ng 1.51 stresses when they run on
#: into the number; И, Ы and Й do not (read as a bare [əj], [ə]), so they keep the pause.
_KK_VOWELS = "АӘЕЁОӨҰҮЭЮЯ"


def spoken_room(room: str, language: Language) -> str:
    """A room like "103" or "2А" as text: the number as a number, a letter by its name.

    In Kazakh a room number is an ordinal ("103-бөлме" is "жүз үшінші бөлме"); espeak-ng
    reads "103-ші" as "жүз үшші", so the ordinal is written out in words.
    """
    if language is Language.KK and room.isdigit() and room.isascii() and 0 < int(room) < 10_000:
        return kazakh_ordinal(int(room))
    return " ".join(_spoken_tokens(room, language))


_KK_UNITS = ("", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_KK_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_RUN_ON = frozenset({*_KK_VOWELS, "Йе", "Ұу"})
_KK_ORDINAL = {
    "бір": "бірінші", "екі": "екінші", "үш": "үшінші", "төрт": "төртінші", "бес": "бесінші",
    "алты": "алтыншы", "жеті": "жетінші", "сегіз": "сегізінші", "тоғыз": "тоғызыншы",
    "он": "оныншы", "жиырма": "жиырмасыншы", "отыз": "отызыншы", "қырық": "қырқыншы",
    "елу": "елуінші", "алпыс": "алпысыншы", "жетпіс": "жетпісінші", "сексен": "сексенінші",
    "тоқсан": "тоқсаныншы", "жүз": "жүзінші", "мың": "мыңыншы",
}


def kazakh_ordinal(number: int) -> str:
    """1..9999 as a Kazakh ordinal in words: 103 -> "жүз үшінші", 20 -> "жиырмасыншы"."""
    if not 0 < number < 10_000:
        raise ValueError("a Kazakh ordinal here is for 1 to 9999")
    thousands, rest = divmod(number, 1000)
    hundreds, rest = divmod(rest, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if thousands:
        words += ([_KK_UNITS[thousands]] if thousands > 1 else []) + ["мың"]
    if hundreds:
        words += ([_KK_UNITS[hundreds]] if hundreds > 1 else []) + ["жүз"]
    words += [w for w in (_KK_TENS[tens], _KK_UNITS[units]) if w]
    words[-1] = _KK_ORDINAL[words[-1]]
    return " ".join(words)


def _spoken_tokens(text: str, language: Language) -> list[str]:
    """Numbers without zeros, short letter groups spelled letter by letter, words as words."""
    words: list[str] = []
    for token in _TOKENS.findall(text):
        if token.isdigit():
            words.append(spoken_number(token))
        elif len(token) <= _MAX_SPELLED:
            words.extend(letter_name(letter, language) for letter in token)
        else:
            words.append(token)
    return words
