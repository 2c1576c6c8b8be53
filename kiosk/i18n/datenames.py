"""CLDR month and weekday names from Babel, kept per process and in a small cache file.

The home screen shows today's date first thing, and importing Babel with its locale data
takes longer than drawing the screen. So the names Babel gives are also written to a JSON
file (in the kiosk's cache folder); a start reads that file instead (:func:`load_date_names`),
and once the screen is up :func:`refresh_date_names` asks Babel again and rewrites the file
if a Babel upgrade changed a spelling. Without the file the names come from Babel at once.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from kiosk.i18n.messages import LANGUAGES, Language
from kiosk.record import Record

logger = logging.getLogger(__name__)

MONTHS = 12
WEEKDAYS = 7


class DateNames(Record):
    """One language's CLDR names: months as in a date (``ноября``), weekdays Monday first."""

    months: tuple[str, ...]
    weekdays: tuple[str, ...]


#: Names known in this process (from Babel or from the cache file); immutable CLDR data.
_KNOWN: dict[Language, DateNames] = {}


def babel_date_names(lang: Language) -> DateNames:
    """The names straight from Babel's CLDR data ("MMMM" and "EEEE", format context)."""
    from babel import Locale

    locale = Locale.parse(lang.value)
    months = locale.months["format"]["wide"]
    days = locale.days["format"]["wide"]
    return DateNames(tuple(str(months[m]) for m in range(1, MONTHS + 1)),
                     tuple(str(days[d]) for d in range(WEEKDAYS)))


def date_names(lang: Language) -> DateNames:
    """The names for ``lang``: known already, else from Babel (and then remembered)."""
    names = _KNOWN.get(lang)
    if names is None:
        names = _KNOWN[lang] = babel_date_names(lang)
    return names


def _names(entry: dict[str, object], key: str, count: int) -> tuple[str, ...]:
    """``count`` non-empty names under ``key``, or ValueError."""
    raw = entry.get(key)
    names = tuple(n for n in raw if isinstance(n, str) and n.strip()) \
        if isinstance(raw, list) and len(raw) == count else ()
    if len(names) != count:
        raise ValueError(f"“{key}” must be {count} names")
    return names


def _parse(data: object) -> dict[Language, DateNames]:
    """The names in a cache file's JSON, or ValueError when anything is off."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    result = {}
    for lang in LANGUAGES:
        entry = data.get(lang.value)
        if not isinstance(entry, dict):
            raise ValueError(f"no names for {lang.value}")
        result[lang] = DateNames(_names(entry, "months", MONTHS),
                                 _names(entry, "weekdays", WEEKDAYS))
    return result


def load_date_names(path: Path) -> bool:
    """Use the names cached in ``path``; False (and Babel later) when it is missing or bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except OSError as exc:
        logger.warning("cannot read cached date names %s: %s", path, exc)
        return False
    try:
        names = _parse(json.loads(text))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        logger.warning("ignoring cached date names %s: %s", path, exc)
        return False
    for lang, value in names.items():
        _KNOWN.setdefault(lang, value)
    return True


def refresh_date_names(path: Path) -> bool:
    """Check the names in use against Babel; fix them and the file. True if any changed."""
    fresh = {lang: babel_date_names(lang) for lang in LANGUAGES}
    changed = any(_KNOWN.get(lang, names) != names for lang, names in fresh.items())
    _KNOWN.update(fresh)
    data = {lang.value: {"months": list(n.months), "weekdays": list(n.weekdays)}
            for lang, n in fresh.items()}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    try:
        if path.read_text(encoding="utf-8") == text:
            return changed
    except (OSError, UnicodeDecodeError):
        pass  # missing or unreadable: write it below
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        logger.warning("cannot cache date names in %s: %s", path, exc)
    return changed
