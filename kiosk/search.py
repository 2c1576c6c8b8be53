"""Services search that forgives the keyboard: "казак" finds "қазақ", case is ignored.

A villager on a Russian-style keyboard types а г к н о у у х и for ә ғ қ ң ө ұ ү һ і; we
fold both the query and the texts to that plain form (and ё to е) before matching.

Ranking: each word of the query is scored by its best match in a service, and a service
must match every word. A whole word of the title ranks first ("жер" finds the land plots
"… жер учаскесін алу"), then a title word that starts with it — the shorter the rest of that
word, the better ("жері", its place, before "жерлеуге", burial) — then a keyword, then a
match inside a longer word, then the description.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from kiosk.catalogue.model import Catalogue, Service
from kiosk.i18n import LANGUAGES

logger = logging.getLogger(__name__)

_FOLD = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у",
                       "һ": "х", "і": "и", "ё": "е", "i": "и"})
_WORD = re.compile(r"\w+")

#: Scores of one query word, by where and how it matched (higher is better).
TITLE_WORD = 1000
TITLE_PREFIX = 800
KEYWORD_WORD = 600
KEYWORD_PREFIX = 500
INSIDE_WORD = 300
DESCRIPTION_WORD = 250
DESCRIPTION_PREFIX = 200
#: A prefix match loses a point for each letter left in the word (at most this many).
MAX_REST = 99
#: Shorter query words match only at the start of a word ("су" is inside too many).
INSIDE_MIN = 3


def fold(text: str) -> str:
    """Lower-case and fold Kazakh letters to their plain Russian-keyboard twins."""
    return text.lower().translate(_FOLD)


@dataclass(frozen=True)
class Hit:
    """A service and how well it matched (higher is better)."""

    service: Service
    score: int


@dataclass(frozen=True)
class _Texts:
    """A service's folded words: title (all languages), keywords, description."""

    title: frozenset[str]
    keywords: frozenset[str]
    description: frozenset[str]


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold(text)))


def _texts(service: Service) -> _Texts:
    return _Texts(
        title=_words(" ".join(service.name.text(lang) for lang in LANGUAGES)),
        keywords=_words(" ".join(word for words in service.keywords.values()
                                 for word in words)),
        description=_words(" ".join(service.description.text(lang) for lang in LANGUAGES)))


def _word_score(words: frozenset[str], query: str, exact: int, prefix: int) -> int:
    """``exact`` if ``query`` is one of ``words``, else ``prefix`` less the letters left in the
    closest word that starts with it, else 0."""
    if query in words:
        return exact
    rests = [len(word) - len(query) for word in words if word.startswith(query)]
    return prefix - min(*rests, MAX_REST) if rests else 0


def score_word(texts: _Texts, query: str) -> int:
    """How well one folded query word matches a service (0: not at all)."""
    score = max(_word_score(texts.title, query, TITLE_WORD, TITLE_PREFIX),
                _word_score(texts.keywords, query, KEYWORD_WORD, KEYWORD_PREFIX),
                _word_score(texts.description, query, DESCRIPTION_WORD, DESCRIPTION_PREFIX))
    if score or len(query) < INSIDE_MIN:
        return score
    if any(query in word for word in texts.title | texts.keywords):
        return INSIDE_WORD
    return 0


def search_services(catalogue: Catalogue, query: str, limit: int = 30) -> list[Hit]:
    """Services whose texts match every word of ``query``, best first (ties: catalogue order)."""
    words = [fold(w) for w in _WORD.findall(query)]
    if not words:
        return []
    hits = []
    for service in catalogue.services.values():
        texts = _texts(service)
        scores = [score_word(texts, word) for word in words]
        if all(scores):
            hits.append(Hit(service, sum(scores)))
    order = {service_id: index for index, service_id in enumerate(catalogue.services)}
    hits.sort(key=lambda h: (-h.score, order[h.service.id]))
    # the words are the visitor's own (a name, an address...): their count only
    logger.debug("search of %d word(s): %d hits", len(words), len(hits))
    return hits[:limit]
