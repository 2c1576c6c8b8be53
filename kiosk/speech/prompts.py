"""Every text the guidance may say, gathered ahead of time from the catalogues.

The prompts are the translation catalogue's own texts (each msgid rendered in kk, ru and
en by the same :class:`~kiosk.i18n.Translator` the screens use) and the akimat's catalogue
texts (departments, services, appeal types, priority groups...), cut into the phrases the
voice speaks (:func:`~kiosk.speech.phrases.split_phrases`). A template with ``{fields}``
is never said as it stands (its filled-in text is made when it is needed), and texts
longer than espeak-ng is given are left out. Short texts come first: titles, buttons and
questions are ready within seconds of start-up, long maintenance explanations last.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from kiosk.catalogue.model import LocalizedText
from kiosk.i18n import LANGUAGES, Language, Translator
from kiosk.record import Record
from kiosk.speech.engine import MAX_TEXT
from kiosk.speech.phrases import single_letter, split_phrases

logger = logging.getLogger(__name__)

Prompt = tuple[str, Language]


def catalogue_msgids(locale_dir: Path) -> list[str]:
    """The msgids of the ``.po`` catalogue (singular and plural forms), in file order."""
    from babel.messages.pofile import read_po

    source = locale_dir / f"{Language.EN.value}.po"
    with source.open("rb") as fh:
        catalog = read_po(fh)
    ids: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        forms = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        ids.extend(str(form) for form in forms)
    return ids


def translation_signature(locale_dir: Path) -> str:
    """A digest of the ``.po`` files: it changes when any translation changes."""
    digest = hashlib.sha256()
    for lang in LANGUAGES:
        digest.update((locale_dir / f"{lang.value}.po").read_bytes())
    return digest.hexdigest()[:16]


def ui_prompts(translator: Translator, msgids: Iterable[str],
               languages: Iterable[Language] = LANGUAGES) -> list[Prompt]:
    """Each msgid as the screens show it in each language, cut into phrases."""
    found: list[Prompt] = []
    for lang in languages:
        for msgid in msgids:
            text = translator.gettext(lang, msgid)
            if "{" in text or len(text) > MAX_TEXT:
                continue
            found.extend((phrase, lang) for phrase in split_phrases(text))
    return found


def catalogue_texts(catalogue: object) -> list[Mapping[Language, str]]:
    """Every text of the akimat's catalogue in each language (anything with ``.text(lang)``
    found in its records, mappings and tuples)."""
    texts: list[Mapping[Language, str]] = []
    for item in _walk(catalogue, depth=0):
        texts.append({lang: item.text(lang) for lang in LANGUAGES})
    return texts


def catalogue_prompts(catalogue: object,
                      languages: Iterable[Language] = LANGUAGES) -> list[Prompt]:
    """The catalogue's texts in each language, cut into phrases."""
    found: list[Prompt] = []
    langs = list(languages)
    for text in catalogue_texts(catalogue):
        for lang in langs:
            value = text[lang]
            if value and len(value) <= MAX_TEXT:
                found.extend((single_letter(p, lang), lang) for p in split_phrases(value))
    return found


def ordered(prompts: Iterable[Prompt]) -> list[Prompt]:
    """Each prompt once, shortest first (titles and buttons before long paragraphs)."""
    unique = dict.fromkeys(prompts)
    return sorted(unique, key=lambda item: len(item[0]))


def _walk(value: object, depth: int) -> Iterator[LocalizedText]:
    """Texts inside ``value`` (records, mappings, tuples and lists), depth-first."""
    if depth > 8:
        return
    if isinstance(value, LocalizedText):
        yield value
    elif isinstance(value, Record):
        for name in value.record_fields:
            yield from _walk(getattr(value, name), depth + 1)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _walk(item, depth + 1)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _walk(item, depth + 1)
