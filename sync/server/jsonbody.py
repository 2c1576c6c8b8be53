"""Decoding request JSON with bounded cost, and finding values nobody can store or show.

A body is counted before it is parsed: one with more than :data:`MAX_JSON_VALUES` values is
refused before Python builds an object for each (a few KB of gzip can hold millions of
``0,``). While parsing, NaN, Infinity, numbers out of float range and integers longer than
:data:`MAX_DIGITS` digits become :class:`Unusable` markers instead of failing the whole body,
so a batch can refuse only the record that holds one; :func:`find_unusable` finds them and
lone surrogates (``"\\ud800"``: no UTF-8 for them, so no database takes them).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: The most values (numbers, texts, lists, objects...) one request body may hold. A full
#: batch of 200 records holds a few thousand.
MAX_JSON_VALUES = 100_000
#: The longest integer accepted, in digits (a 64-bit integer has 19 or 20).
MAX_DIGITS = 64
#: How deep values may nest (kiosk payloads are two or three levels deep).
MAX_DEPTH = 64

_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_NAME = re.compile(r"^[\w.-]{1,64}$", re.ASCII)


class TooManyValues(ValueError):
    """A body with more values than :data:`MAX_JSON_VALUES`."""


class Unusable:
    """Stands for a value JSON can carry but that cannot be stored or shown (and why)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unusable({self.reason!r})"


def _structure(raw: bytes) -> int:
    return raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1


def value_bound(raw: bytes) -> int:
    """An upper bound of the number of values in a JSON text (commas in texts do not count)."""
    rough = _structure(raw)
    if rough <= MAX_JSON_VALUES:
        return rough
    return _structure(_STRING.sub(b"", raw))


def _integer(text: str) -> int | Unusable:
    digits = len(text) - text.startswith("-")
    if digits > MAX_DIGITS:
        return Unusable(f"a number of {digits} digits (at most {MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float | Unusable:
    value = float(text)
    if not math.isfinite(value):
        return Unusable(f"the number {text[:24]} is out of range")
    return value


def _constant(name: str) -> Unusable:
    return Unusable(f"{name} is not a number")


def decode_json(raw: bytes) -> Any:
    """Parse a JSON body, unusable values replaced by :class:`Unusable` markers.

    :raises TooManyValues: before parsing, when the body holds too many values.
    :raises ValueError: (``json.JSONDecodeError``, ``UnicodeDecodeError``) for no JSON.
    :raises RecursionError: when it nests too deeply for the parser.
    """
    if value_bound(raw) > MAX_JSON_VALUES:
        raise TooManyValues(f"the body holds more than {MAX_JSON_VALUES} JSON values")
    return json.loads(raw, parse_int=_integer, parse_float=_float, parse_constant=_constant)


def _label(key: str) -> str:
    return key if _PLAIN_NAME.match(key) else ascii(key[:40])


def find_unusable(value: Any, where: str) -> str | None:
    """Where in ``value`` (e.g. ``record.payload.topic``) the first unusable value is and why,
    or None when everything can be stored: markers, lone surrogates, nesting over MAX_DEPTH."""
    stack: list[tuple[str, Any, int]] = [(where, value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if isinstance(item, Unusable):
            return f"{path}: {item.reason}"
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return f"{path}: the text is not UTF-8 (it holds a lone surrogate)"
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                return f"{path}: nested more than {MAX_DEPTH} levels deep"
            if isinstance(item, list):
                stack.extend((f"{path}[{i}]", child, depth + 1)
                             for i, child in reversed(list(enumerate(item))))
                continue
            for key in reversed(list(item)):
                if _SURROGATE.search(key):
                    return f"{path}: the field name {key[:40]!a} is not UTF-8"
                stack.append((f"{path}.{_label(key)}", item[key], depth + 1))
    return None
