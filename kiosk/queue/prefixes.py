"""Queue prefixes a visitor cannot mistake for each other, heard in the hall or read on a ticket.

A ticket is called aloud (by a person or by the Kazakh, Russian or English voice, see
:mod:`kiosk.speech.spoken`) and read on the call board and the paper ticket, often by an
elderly visitor with poor hearing or sight. Two departments whose prefixes differ only by
one of the pairs below hand out numbers like "Е-005" and "Э-005" that people confuse.

How a pair was judged (kk = the Kazakh voice and Kazakh letter names, ru = Russian):

* **Confusable aloud**
  - Е/Э: Kazakh says both [e] (Э occurs only in loans), Russian "йэ"/"э" differ only by a
    glide a noisy hall swallows.
  - Б/П, Д/Т, Г/К: stops differing only in voicing, their names rhyme in both languages
    ("бы/пы", "бэ/пэ"); Kazakh devoices a voiced stop at the start of a word.
  - Қ/К, Ғ/Г, Ң/Н, М/Н: differ only in place of articulation, the feature least audible in
    noise ("қы/кы", ru "Кы/Ка", "Гы/Гэ", "Энг/Эн", "Эм/Эн").
  - Х/Һ: Kazakh speakers merge Һ into [x]/[h]; Russian names "Ха/Хэ".
  - Ц/С: many Kazakh speakers say ц as с.
  - Ы/І: short reduced vowels a lone call barely carries (espeak-ng says a bare [ə]/[ɪ]).
  - Ш/Щ: Kazakh says щ as ш; Russian "ша/ща".
  - П/Т: differ only in place and their Russian names rhyme ("пэ/тэ").
  - І/И, Ө/Ё, Ұ/У, Ү/Ю: the Russian voice names them alike ("И", "Ё", "У", "Ю").
* **Confusable by sight**: a letter that is another plus a small mark, lost on a worn thermal
  print or to weak eyes: И/Й, Е/Ё (Russian print drops the dots), Ш/Щ, Қ/К, Ғ/Г, Ң/Н, Ө/О,
  Ұ/Ү, Ү/У; Е/Э (mirror shapes); and a Latin letter next to its Cyrillic twin (A/А, B/В …),
  which a technician typing on an English layout produces without seeing it.
* **Not confusable** (kept usable): З/С, В/Ф, Ж/Ш are fricatives whose voicing survives noise
  (Miller and Nicely's classic finding: voicing is heard, place is not) and whose Russian
  names differ in shape ("Зэ/Эс", "Вэ/Эф", "Жэ/Ша"); they look unlike. А/Ә: distinct vowels in
  Kazakh, said "А"/"Я" by the Russian voice, and Ә is its own shape (О/Ө and Ұ/Ү are listed
  for their look, not their sound). Т/К, Т/Қ, П/К: stops of different places whose names
  carry different vowels ("тэ/ка/қа", "пэ/ка"), which survive noise where place alone does
  not. Ә/Е: front vowels, but open [æ] against close-mid [e], and Russian "Я"/"Е" — kept.
* **Latin letters** count as their Cyrillic twins (Y as У and Ү, H as Н), so a Latin
  letter is confusable with everything its twin is (Y with Ұ, H with Ң).
"""

from __future__ import annotations

from collections.abc import Iterable

#: Pairs of letters a visitor may take for each other (see the module's docstring).
CONFUSABLE_PAIRS: frozenset[frozenset[str]] = frozenset(frozenset(pair) for pair in (
    # aloud
    "ЕЭ", "БП", "ДТ", "ГК", "ҚК", "ҒГ", "ҢН", "МН", "ХҺ", "ЦС", "ЫІ", "ШЩ", "ПТ",
    "ІИ", "ӨЁ", "ҰУ", "ҮЮ",
    # by sight
    "ИЙ", "ЕЁ", "ӨО", "ҰҮ", "ҮУ",
    # Latin next to its Cyrillic twin
    "AА", "BВ", "CС", "EЕ", "HН", "KК", "MМ", "PР", "TТ", "XХ", "YУ", "YҮ",
))
#: Latin capitals and the Cyrillic letters they look like.
_TWINS: dict[str, str] = {}
for _pair in CONFUSABLE_PAIRS:
    _latin = [ch for ch in _pair if ch.isascii()]
    if _latin:
        _TWINS[_latin[0]] = _TWINS.get(_latin[0], "") + "".join(ch for ch in _pair
                                                                 if not ch.isascii())


def _as_cyrillic(letter: str) -> set[str]:
    """The letter and, for a Latin letter, its Cyrillic twins."""
    return {letter, *_TWINS.get(letter, "")}


def letters_confusable(a: str, b: str) -> bool:
    """Whether the single letters ``a`` and ``b`` differ but may be taken for each other."""
    return a != b and any(x == y or frozenset((x, y)) in CONFUSABLE_PAIRS
                          for x in _as_cyrillic(a) for y in _as_cyrillic(b))


def prefixes_confusable(a: str, b: str) -> bool:
    """Whether two different prefixes can be mistaken: of one length, and at each place the
    same letter or a confusable pair ("Е" and "Э", "ЕА" and "ЭА")."""
    if a == b or len(a) != len(b):
        return False
    return all(x == y or letters_confusable(x, y) for x, y in zip(a, b, strict=True))


def confusable_pairs_in(prefixes: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of ``prefixes`` (in their order) a visitor could confuse."""
    seen: list[str] = []
    found: list[tuple[str, str]] = []
    for prefix in prefixes:
        found += [(earlier, prefix) for earlier in seen if prefixes_confusable(earlier, prefix)]
        seen.append(prefix)
    return found


#: The letters a prefix may use, in Kazakh alphabetical order (Cyrillic capitals).
ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
#: Letters no desk should be called by: signs with no sound of their own.
_SILENT = frozenset("ЪЬ")


def free_letters(used: Iterable[str]) -> list[str]:
    """One-letter prefixes a new or renamed desk could take: not in ``used`` and not
    confusable with any of them (alphabetical)."""
    taken = list(used)
    return [letter for letter in ALPHABET if letter not in _SILENT
            and all(letter != prefix and not prefixes_confusable(letter, prefix)
                    for prefix in taken)]
