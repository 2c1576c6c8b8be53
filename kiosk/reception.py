"""The akimat's reception document: the akim's schedule and staff changes to bookings.

The regional server publishes it (document kind ``reception``) to every kiosk of an akimat
whenever the schedule or a booking changes. It has two files:

* ``reception.toml`` — the schedule, in the catalogue's own format (sessions, booking
  horizon, cancelled days), read by the catalogue's own reader;
* ``bookings.toml`` — one ``[[change]]`` per booking staff cancelled or moved: its uuid and
  tracking code, its status (``cancelled`` or ``booked``) and its current slot.

The kiosk checks it with :func:`load_reception` (through
:func:`kiosk.published.check_published_files`, like every published document), then
applies the changes to its bookings table (:func:`kiosk.bookings.apply_booking_changes`).
:func:`schedule_toml` and :func:`changes_toml` write the two files (the server's side).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import toml_text
from kiosk.catalogue.fields import Item
from kiosk.catalogue.model import LocalizedText, Reception
from kiosk.errors import CatalogueError, ValidationError
from kiosk.i18n import LANGUAGES, N_
from kiosk.kinds import kind
from kiosk.tracking import normalize_tracking_code

SCHEDULE_FILE = "reception.toml"
CHANGES_FILE = "bookings.toml"
FILES = (SCHEDULE_FILE, CHANGES_FILE)
#: The most changes one document carries (the server sends only bookings still ahead).
MAX_CHANGES = 5000
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class BookingChange:
    """A booking as staff left it: cancelled, or booked (possibly moved) for this slot."""

    uuid: str
    tracking_code: str
    status: str
    slot_start: dt.datetime
    slot_end: dt.datetime


@dataclass(frozen=True)
class ReceptionDocument:
    """A checked reception document."""

    schedule: Reception
    changes: tuple[BookingChange, ...]


def parse_schedule(text: str, file: str = SCHEDULE_FILE) -> Reception:
    """A ``reception.toml`` text read and checked exactly as the catalogue reads its own.

    :raises CatalogueError: naming the file, the item and the field.
    """
    # The catalogue's own reader of this file (one set of rules for both documents).
    from kiosk.catalogue import loader

    return loader.reception_of(toml_text.loads(text, file))


def load_reception(folder: Path) -> ReceptionDocument:
    """Read and check a reception document folder (what the kiosk's checker runs).

    :raises CatalogueError: naming the file, the item and the field that break a rule.
    """
    others = sorted(p.name for p in folder.glob("*.toml") if p.name not in FILES)
    if others:
        raise CatalogueError(N_("{file}: cannot be read: {error}", file=others[0],
                                error=f"a reception document has only {' and '.join(FILES)}"))
    texts = {}
    for name in FILES:
        try:
            texts[name] = (folder / name).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CatalogueError(N_("{file}: file is missing from {folder}", file=name,
                                    folder=folder.name)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogueError(N_("{file}: cannot be read: {error}", file=name,
                                    error=str(exc))) from exc
    return ReceptionDocument(parse_schedule(texts[SCHEDULE_FILE]),
                             parse_changes(texts[CHANGES_FILE]))


def parse_changes(text: str, file: str = CHANGES_FILE) -> tuple[BookingChange, ...]:
    """The ``[[change]]`` tables of a ``bookings.toml`` text, each checked.

    :raises CatalogueError: naming the file, the change and the field.
    """
    raw = toml_text.loads(text, file)
    top = Item(file, "bookings", raw)
    top.check_keys({"change"})
    entries = raw.get("change", [])
    if not isinstance(entries, list):
        raise top.fail("change", N_("must be a list of [[change]] tables"))
    if len(entries) > MAX_CHANGES:
        raise top.fail("change", N_("{value} is outside {minimum}…{maximum}",
                                    value=len(entries), minimum=0, maximum=MAX_CHANGES))
    changes: list[BookingChange] = []
    seen: set[str] = set()
    for index, data in enumerate(entries, start=1):
        item = Item(file, f"change #{index}", data if isinstance(data, Mapping) else {})
        change = _change(item)
        if change.uuid in seen:
            raise item.fail("uuid", N_("duplicate id “{value}”", value=change.uuid))
        seen.add(change.uuid)
        changes.append(change)
    return tuple(changes)


def _change(item: Item) -> BookingChange:
    item.check_keys({"uuid", "tracking_code", "status", "slot_start", "slot_end"})
    uuid = item.string("uuid")
    if not _UUID.match(uuid):
        raise item.fail("uuid", N_("“{value}” is not a record id (a lowercase UUID)",
                                   value=uuid[:60]))
    try:
        code = normalize_tracking_code(item.string("tracking_code"))
    except ValidationError as exc:
        raise item.fail("tracking_code", exc.message) from exc
    status = item.string("status")
    allowed = kind("booking").kiosk_codes
    if status not in allowed:
        raise item.fail("status", N_("must list only {known}", known=", ".join(allowed)))
    start, end = _moment(item, "slot_start"), _moment(item, "slot_end")
    if end <= start:
        raise item.fail("slot_end", N_("the slot ends before it starts"))
    return BookingChange(uuid, code, status, start, end)


def _moment(item: Item, field: str) -> dt.datetime:
    value = item.raw(field)
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise item.fail(field, N_("must be a date and time with its offset, like "
                                  "2026-12-15T10:00:00+05:00"))
    return value


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for the text we write)."""
    return json.dumps(text, ensure_ascii=False)


def _localized(text: LocalizedText) -> str:
    return "{ " + ", ".join(f"{lang.value} = {_string(text.text(lang))}"
                            for lang in LANGUAGES) + " }"


def schedule_toml(reception: Reception) -> str:
    """``reception.toml`` for a schedule (what :func:`parse_schedule` reads back equal)."""
    lines = [f"booking_horizon_days = {int(reception.booking_horizon_days)}"]
    for session in reception.sessions:
        lines += ["", "[[session]]", f"weekday = {_string(session.weekday.value)}",
                  f'start = "{session.start:%H:%M}"', f'end = "{session.end:%H:%M}"',
                  f"slot_minutes = {int(session.slot_minutes)}",
                  f"host = {_localized(session.host)}", f"place = {_localized(session.place)}"]
    for day, reason in sorted(reception.cancelled.items()):
        lines += ["", "[[cancelled]]", f'date = "{day.isoformat()}"',
                  f"reason = {_localized(reason)}"]
    return "\n".join(lines) + "\n"


def changes_toml(changes: Iterable[BookingChange]) -> str:
    """``bookings.toml`` for these changes (what :func:`parse_changes` reads back equal)."""
    lines = ["# Bookings staff cancelled or moved (the slot is the current one)."]
    for change in changes:
        lines += ["", "[[change]]", f"uuid = {_string(change.uuid)}",
                  f"tracking_code = {_string(change.tracking_code)}",
                  f"status = {_string(change.status)}",
                  f"slot_start = {_string(change.slot_start.isoformat())}",
                  f"slot_end = {_string(change.slot_end.isoformat())}"]
    return "\n".join(lines) + "\n"


def document_files(schedule_text: str, changes: Iterable[BookingChange]) -> dict[str, str]:
    """The files of a reception document: the schedule as given, the changes written out."""
    return {SCHEDULE_FILE: schedule_text, CHANGES_FILE: changes_toml(changes)}


def describe(document: ReceptionDocument) -> dict[str, Any]:
    """A short summary for logs: sessions, cancelled days, changes by status."""
    counts: dict[str, int] = {}
    for change in document.changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    return {"sessions": len(document.schedule.sessions),
            "cancelled_days": len(document.schedule.cancelled), "changes": counts}
