"""Services search that forgives the keyboard: "казак" finds "қазақ", case is ignored.

A villager on a Russian-style keyboard types а г к н о у у х и for ә ғ қ ң ө ұ ү һ і; we
fold both the query and the texts to that plain form (and ё to е) before matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.catalogue.model import Catalogue, Service
from kiosk.i18n import LANGUAGES

_FOLD = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у",
                       "һ": "х", "і": "и", "ё": "е", "i": "и"})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case and fold Kazakh letters to their plain Russian-keyboard twins."""
    return text.lower().translate(_FOLD)


@dataclass(frozen=True)
class Hit:
    """A service and how well it matched (higher is better)."""

    service: Service
    score: int


def _haystack(service: Service) -> tuple[str, str]:
    names = " ".join(service.name.text(lang) for lang in LANGUAGES)
    rest: Iterable[str] = (
        *(service.description.text(lang) for lang in LANGUAGES),
        *(word for words in service.keywords.values() for word in words),
    )
    return fold(names), fold(" ".join(rest))


def search_services(catalogue: Catalogue, query: str, limit: int = 30) -> list[Hit]:
    """Services whose texts contain every word of ``query`` (as word starts), best first."""
    words = [fold(w) for w in _WORD.findall(query)]
    if not words:
        return []
    hits = []
    for service in catalogue.services.values():
        names, rest = _haystack(service)
        score = 0
        for word in words:
            in_name = re.search(rf"(?<!\w){re.escape(word)}", names)
            in_rest = re.search(rf"(?<!\w){re.escape(word)}", rest)
            if not (in_name or in_rest):
                break
            score += 3 if in_name else 1
        else:
            hits.append(Hit(service, score))
    hits.sort(key=lambda h: (-h.score, list(catalogue.services).index(h.service.id)))
    return hits[:limit]
