"""What the server reads out of a record for look-ups: tracking code, number, deadline, status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.errors import ValidationError
from kiosk.kinds import KINDS, check_status, initial_status, tracked_kinds
from kiosk.tracking import normalize_tracking_code
from sync.protocol import Record

__all__ = ["REPLY_MAX", "TRACKED_KINDS", "LookupFields", "check_status", "clean_reply",
           "initial_status", "lookup_fields", "single_line"]

#: The kinds whose records have statuses and can be looked up (from :mod:`kiosk.kinds`).
TRACKED_KINDS = tracked_kinds()
REPLY_MAX = 4000
NUMBER_MAX = 64
_CONTROL = {i: None for i in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL_BUT_LINES = {i: None for i in _CONTROL if chr(i) not in "\n\t"}


@dataclass(frozen=True)
class LookupFields:
    """The columns stored beside a record's payload so the status look-up needs no JSON."""

    tracking_code: str | None
    number: str
    deadline: str
    status: str


def lookup_fields(record: Record) -> LookupFields:
    """Read the look-up columns from a record's payload; anything unusable is left empty.

    A payload without a well-formed tracking code is still stored (nothing a kiosk sends
    is lost) but cannot be looked up.
    """
    payload = record.payload
    kind = KINDS.get(record.kind)
    number_key = kind.number_field if kind else None
    deadline_key = kind.deadline_field if kind else None
    number = payload.get(number_key) if number_key else None
    deadline = payload.get(deadline_key) if deadline_key else None
    return LookupFields(
        tracking_code=_tracking_code(payload.get("tracking_code")),
        number=single_line(str(number))[:NUMBER_MAX] if isinstance(number, str | int) else "",
        deadline=deadline if isinstance(deadline, str) and _is_date(deadline) else "",
        status=initial_status(record.kind),
    )


def single_line(text: str) -> str:
    """``text`` without control characters (PostgreSQL refuses NUL; pages need none)."""
    return text.translate(_CONTROL)


def clean_reply(text: str) -> str:
    """A staff reply with line breaks and tabs kept, other control characters dropped."""
    return text.replace("\r\n", "\n").translate(_CONTROL_BUT_LINES).strip()


def _tracking_code(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return normalize_tracking_code(value)
    except ValidationError:
        return None


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
