"""A parsed copy of a catalogue folder, reused while the folder's content hash is the same.

Parsing and checking the TOML files takes longer than drawing the home screen, so a
catalogue that loaded cleanly is also written as JSON to the kiosk's cache folder. The
next load reads every file of the folder, hashes it, and takes the cached copy only when
the hash (and the shape of the model) is the one it was written for; anything else — a
changed file, a missing or corrupt cache, a model from another release — means the real
load. JSON rather than pickle: decoding builds only the model's own types.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kiosk.catalogue.files import content_hash
from kiosk.catalogue.model import (
    Akimat,
    AppealType,
    Catalogue,
    Category,
    Channel,
    Department,
    Holidays,
    Hotline,
    Interval,
    LocalizedText,
    OpeningHours,
    PriorityGroup,
    QueueRules,
    RatingReason,
    Reception,
    ReceptionSession,
    Service,
    Tone,
    Weekday,
)
from kiosk.i18n import Language
from kiosk.record import Record

logger = logging.getLogger(__name__)

CACHE_FILE = "catalogue.json"
FORMAT = 1

_CLASSES: dict[str, type[Record]] = {cls.__name__: cls for cls in (
    Akimat, AppealType, Catalogue, Category, Department, Holidays, Hotline, Interval,
    LocalizedText, OpeningHours, PriorityGroup, QueueRules, RatingReason, Reception,
    ReceptionSession, Service)}
_ENUMS: dict[str, type[enum.Enum]] = {cls.__name__: cls for cls in (Channel, Tone, Weekday,
                                                                     Language)}


def model_shape() -> str:
    """The model's classes and fields: a cache written for another shape is not used."""
    return ";".join(f"{name}:{','.join(cls.record_fields)}"
                    for name, cls in sorted(_CLASSES.items()))


def encode(value: object) -> object:
    """``value`` as JSON data, tagged so :func:`decode` can rebuild the same types."""
    if isinstance(value, Record):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not a catalogue class")
        return {"$": name, **{field: encode(getattr(value, field))
                              for field in value.record_fields}}
    if isinstance(value, enum.Enum):
        if _ENUMS.get(type(value).__name__) is not type(value):
            raise TypeError(f"{type(value).__name__} is not a catalogue enum")
        return {"$enum": type(value).__name__, "value": value.value}
    if value is None or isinstance(value, str | int):
        return value
    return _encode_other(value)


def _encode_other(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [encode(item) for item in value]}
    if isinstance(value, Mapping):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


_TAGS: dict[str, Callable[[dict[str, Any]], object]] = {
    "$enum": lambda data: _ENUMS[data["$enum"]](data["value"]),
    "$date": lambda data: dt.date.fromisoformat(data["$date"]),
    "$time": lambda data: dt.time.fromisoformat(data["$time"]),
    "$tuple": lambda data: tuple(data["$tuple"]),
    "$map": lambda data: {key: value for key, value in data["$map"]},
}


def _object(data: dict[str, Any]) -> object:
    """Rebuild one tagged JSON object (inner ones are rebuilt first)."""
    if "$" in data:
        cls = _CLASSES[data.pop("$")]
        return cls(**data)
    for tag, build in _TAGS.items():
        if tag in data:
            return build(data)
    return data  # the file's header


def decode(text: str) -> object:
    """The value :func:`encode` was given, from its JSON text."""
    return json.loads(text, object_hook=_object)


def read_cached(cache_dir: Path, folder: Path) -> Catalogue | None:
    """The cached catalogue of ``folder`` if it is still valid, else None."""
    path = cache_dir / CACHE_FILE
    try:
        text = path.read_text(encoding="utf-8")
        current = content_hash(folder)
    except FileNotFoundError:
        return None  # no cache yet, or a catalogue file is missing: the real load says which
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("catalogue cache %s unreadable: %s", path, exc)
        return None
    try:
        data = decode(text)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        logger.warning("catalogue cache %s ignored: %s", path, exc)
        return None
    if not (isinstance(data, dict) and data.get("format") == FORMAT
            and data.get("shape") == model_shape() and data.get("content_hash") == current):
        return None  # written for other files or another release
    catalogue = data.get("catalogue")
    if not isinstance(catalogue, Catalogue) or catalogue.content_hash != current:
        logger.warning("catalogue cache %s ignored: not the catalogue of %s", path, folder)
        return None
    return catalogue


def write_cached(cache_dir: Path, catalogue: Catalogue) -> None:
    """Keep ``catalogue`` (just loaded and checked) for the next start."""
    data = {"format": FORMAT, "shape": model_shape(), "content_hash": catalogue.content_hash,
            "catalogue": encode(catalogue)}
    path = cache_dir / CACHE_FILE
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{CACHE_FILE}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                           encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        logger.warning("cannot cache the catalogue in %s: %s", cache_dir, exc)


def load_cached(folder: Path, cache_dir: Path, load: Callable[[Path], Catalogue]) -> Catalogue:
    """The catalogue of ``folder``: from the cache when valid, else ``load`` (then cached).

    :raises CatalogueError: from ``load``, for a folder that breaks a rule.
    """
    catalogue = read_cached(cache_dir, folder)
    if catalogue is not None:
        logger.info("catalogue %s from the cache (%s)", catalogue.version,
                    catalogue.content_hash[:12])
        return catalogue
    catalogue = load(folder)
    write_cached(cache_dir, catalogue)
    return catalogue
