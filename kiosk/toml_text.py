"""Reading TOML that came from outside (published documents, USB sticks) without a bomb.

Python's ``tomllib`` needs memory and time out of all proportion for keys of thousands of
dotted parts (``a.a.a… = 1``, ``[a.a.a…]``): one 200 KB file of 100,000 parts took a
server past 20 GB. No catalogue or announcement key has more than a few parts, so a key of
more than :data:`MAX_KEY_PARTS` is refused before the parser sees it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kiosk.errors import CatalogueError
from kiosk.i18n import N_

#: Dotted parts a key may have (``[[department.service]]`` has 2).
MAX_KEY_PARTS = 16
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def longest_dotted_key(text: str) -> int:
    """The most dot-separated parts of any key (or number) outside strings and comments."""
    longest = dots = 0
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char in "\"'":
            index = _string_end(text, index)
            continue
        if char == "#":
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        if char == ".":
            dots += 1
            longest = max(longest, dots)
        elif char not in _BARE and char not in " \t":
            dots = 0
        index += 1
    return longest + 1


def _string_end(text: str, start: int) -> int:
    """The index just after the string that starts at ``start`` (basic or literal, 1 or 3)."""
    quote = text[start]
    triple = text.startswith(quote * 3, start)
    closing = quote * 3 if triple else quote
    index = start + len(closing)
    while index < len(text):
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text.startswith(closing, index):
            return index + len(closing)
        if not triple and text[index] == "\n":
            return index  # unterminated: the parser says so
        index += 1
    return len(text)


def loads(text: str, file: str) -> dict[str, Any]:
    """Parse ``text`` of ``file``.

    :raises CatalogueError: naming the file: not TOML, keys nested too deeply, or a value
        Python will not build (an integer of thousands of digits).
    """
    if longest_dotted_key(text) > MAX_KEY_PARTS:
        raise CatalogueError(N_("{file}: not valid TOML: {error}", file=file,
                                error=f"a key has more than {MAX_KEY_PARTS} dotted parts"))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(N_("{file}: not valid TOML: {error}", file=file,
                                error=str(exc))) from exc
    except RecursionError as exc:
        raise CatalogueError(N_("{file}: not valid TOML: {error}", file=file,
                                error="nested too deeply")) from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise CatalogueError(N_("{file}: not valid TOML: {error}", file=file,
                                error=str(exc))) from exc


def load(path: Path, file: str) -> dict[str, Any]:
    """:func:`loads` for a file on disk.

    :raises CatalogueError: also when it is not UTF-8.
    :raises OSError: when it cannot be read (the caller says where).
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(N_("{file}: not UTF-8 text", file=file)) from exc
    return loads(text, file)
