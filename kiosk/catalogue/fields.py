"""Typed readers for catalogue items: each failure names the file, the item and the field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalogue.model import Interval, LocalizedText
from kiosk.errors import CatalogueError
from kiosk.i18n import LANGUAGES, N_, Message

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class Item:
    """One table of a catalogue file, with where it came from for error messages."""

    file: str
    label: str
    data: Mapping[str, Any]

    def fail(self, field: str, problem: Message) -> CatalogueError:
        """An error naming this file, item and field."""
        return CatalogueError(N_("{file}: {item}: field “{field}”: {problem}", file=self.file,
                                 item=self.label, field=field, problem=problem))

    def check_keys(self, allowed: set[str]) -> None:
        """Reject keys the schema does not know (a typo would otherwise be silently ignored)."""
        for key in self.data:
            if key not in allowed:
                raise self.fail(key, N_("unknown field; known fields: {known}",
                                        known=", ".join(sorted(allowed))))

    def raw(self, field: str) -> Any:
        """The raw value of a required field."""
        if field not in self.data:
            raise self.fail(field, N_("missing"))
        return self.data[field]

    def string(self, field: str, *, optional: bool = False) -> str:
        """A non-empty string."""
        if optional and field not in self.data:
            return ""
        value = self.raw(field)
        if not isinstance(value, str):
            raise self.fail(field, N_("must be text, not {kind}", kind=_kind(value)))
        if not value.strip():
            raise self.fail(field, N_("must not be empty"))
        return value.strip()

    def identifier(self, field: str = "id") -> str:
        """An id: lowercase ASCII words joined by hyphens."""
        value = self.string(field)
        if not ID_PATTERN.match(value):
            raise self.fail(field, N_("“{value}” must be lowercase letters, digits and hyphens",
                                      value=value))
        return value

    def integer(self, field: str, *, minimum: int, maximum: int) -> int:
        """A whole number within bounds."""
        value = self.raw(field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, N_("must be a whole number, not {kind}", kind=_kind(value)))
        if not minimum <= value <= maximum:
            raise self.fail(field, N_("{value} is outside {minimum}…{maximum}", value=value,
                                      minimum=minimum, maximum=maximum))
        return value

    def localized(self, field: str) -> LocalizedText:
        """A text in kk, ru and en, none empty, no Latin look-alikes inside Cyrillic words."""
        return localized_value(self, field, self.raw(field))

    def localized_list(self, field: str) -> tuple[LocalizedText, ...]:
        """An array of tables, each with a ``name`` localized text."""
        value = self.data.get(field, [])
        if not isinstance(value, list):
            raise self.fail(field, N_("must be a list of tables"))
        result = []
        for index, entry in enumerate(value, start=1):
            if not isinstance(entry, Mapping) or set(entry) != {"name"}:
                raise self.fail(f"{field}[{index}]", N_("must be a table with only “name”"))
            result.append(localized_value(self, f"{field}[{index}].name", entry["name"]))
        return tuple(result)

    def time(self, field: str) -> dt.time:
        """A clock time ``HH:MM``."""
        return parse_time(self, field, self.string(field))

    def date(self, field: str) -> dt.date:
        """A calendar date ``YYYY-MM-DD`` (TOML date or text)."""
        value = self.raw(field)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as exc:
                raise self.fail(field, N_("must be a date like 2026-12-16")) from exc
        raise self.fail(field, N_("must be a date like 2026-12-16"))

    def intervals(self, field: str) -> tuple[Interval, ...]:
        """A list of ``HH:MM-HH:MM`` spans, in order and not overlapping."""
        value = self.raw(field)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(field, N_("must be a list like [\"09:00-13:00\", \"14:00-18:30\"]"))
        result: list[Interval] = []
        for text in value:
            start_text, sep, end_text = text.partition("-")
            if not sep:
                raise self.fail(field, N_("“{value}” must look like 09:00-13:00", value=text))
            start = parse_time(self, field, start_text.strip())
            end = parse_time(self, field, end_text.strip())
            if end <= start:
                raise self.fail(field, N_("“{value}” ends before it starts", value=text))
            if result and start < result[-1].end:
                raise self.fail(field, N_("“{value}” overlaps or is out of order", value=text))
            result.append(Interval(start, end))
        return tuple(result)


def localized_value(item: Item, field: str, value: Any) -> LocalizedText:
    """Check a ``{kk, ru, en}`` table and build a :class:`LocalizedText`."""
    if not isinstance(value, Mapping):
        raise item.fail(field, N_("must be a table {{ kk = \"…\", ru = \"…\", en = \"…\" }}"))
    for key in value:
        if key not in {lang.value for lang in LANGUAGES}:
            raise item.fail(field, N_("unknown language “{lang}”", lang=key))
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        text = value.get(lang.value)
        if text is None:
            raise item.fail(field, N_("missing language “{lang}”", lang=lang.value))
        if not isinstance(text, str):
            raise item.fail(field, N_("language “{lang}” must be text, not {kind}",
                                      lang=lang.value, kind=_kind(text)))
        if not text.strip():
            raise item.fail(field, N_("language “{lang}” is empty", lang=lang.value))
        mixed = mixed_script_word(text)
        if mixed:
            raise item.fail(field, N_("language “{lang}”: “{word}” mixes Latin and Cyrillic "
                                      "letters (a look-alike letter?)", lang=lang.value,
                                      word=mixed))
        texts[lang.value] = text.strip()
    return LocalizedText(**texts)


def mixed_script_word(text: str) -> str | None:
    """The first word that mixes Cyrillic and Latin letters, e.g. ``Әлеуметтiк`` with Latin i."""
    for word in _WORD.findall(text):
        if _CYRILLIC.search(word) and _LATIN.search(word):
            return str(word)
    return None


def parse_time(item: Item, field: str, text: str) -> dt.time:
    """Parse ``HH:MM`` or fail naming the field."""
    match = _TIME.match(text)
    if not match:
        raise item.fail(field, N_("“{value}” must be a time like 09:00", value=text))
    return dt.time(int(match.group(1)), int(match.group(2)))


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
