"""The record columns the staff console filters, sorts and searches on, read once at ingest.

A payload stays as the kiosk sent it (JSON); the fields staff look for — who, which
akimat, what type, which day, the phone — are copied into plain indexed columns so the
inbox never parses JSON per request.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from collections.abc import Mapping
from typing import Any

NAME_MAX = 200
TOPIC_MAX = 300
_CONTROL = {i: " " for i in (*range(0x20), *range(0x7F, 0xA0))}
#: Where each kind keeps its category (appeal type, department) and its day.
_CATEGORY = {"appeal": "appeal_type", "ticket": "department", "rating": "department",
             "queue": "department"}
_DAY = {"appeal": "registered_on", "ticket": "day", "booking": "slot_start",
        "rating": "rated_at", "queue": "day"}
#: The akimats' zone: a rating's UTC time becomes the local day it was given on.
ZONE = zoneinfo.ZoneInfo("Asia/Almaty")


#: Kazakh letters as a Russian keyboard types them: a clerk taking a call types
#: "Нурпеисова" for "Нұрпейісова".
_KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")


def fold(text: str) -> str:
    """``text`` as searched: NFKC, case-folded, Kazakh letters as their Russian look-alikes,
    й as и (and the ии that makes of йі as one и), spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_KAZAKH_TO_RUSSIAN)
    folded = folded.replace("й", "и").replace("ии", "и")  # Нұрпейісова → Нурпеисова
    return " ".join(folded.split())


def _text(payload: Mapping[str, Any], key: str, limit: int) -> str:
    value = payload.get(key)
    if not isinstance(value, str):
        return ""
    return " ".join(value.translate(_CONTROL).split())[:limit]


def _day(value: object) -> str:
    """The local day of an ISO date, or of an ISO time with an offset (UTC → Almaty)."""
    if not isinstance(value, str) or len(value) < 10:
        return ""
    try:
        if len(value) > 10:
            moment = dt.datetime.fromisoformat(value)
            if moment.tzinfo is not None and moment.utcoffset() == dt.timedelta(0):
                return moment.astimezone(ZONE).date().isoformat()
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return ""


def _score(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def _seconds(payload: Mapping[str, Any]) -> int | None:
    """A queue event's measured time: waiting (a call) or service (served, did not come)."""
    for key in ("wait_seconds", "service_seconds"):
        value = payload.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 86_400:
            return value
    return None


def record_columns(kind: str, payload: Mapping[str, Any], akimat: str,
                   district: str) -> dict[str, Any]:
    """The console's columns for one record: akimat, district, name, phone, category, day…

    A queue event keeps its action in ``topic`` and its measured seconds in ``score``, so
    the monthly report averages waiting and service times in SQL.
    """
    if kind == "queue":
        return {**_common(payload, kind, akimat, district),
                "topic": _text(payload, "action", 20), "score": _seconds(payload),
                "ticket_uuid": _text(payload, "ticket_uuid", 40)}
    return {**_common(payload, kind, akimat, district),
            "topic": _text(payload, "topic", TOPIC_MAX),
            "score": _score(payload.get("score")) if kind == "rating" else None,
            "ticket_uuid": ""}


def _common(payload: Mapping[str, Any], kind: str, akimat: str,
            district: str) -> dict[str, Any]:
    name = _text(payload, "full_name", NAME_MAX)
    slot = _text(payload, "slot_start", 40) if kind == "booking" else ""
    return {
        "akimat": akimat,
        "district": district,
        "person_name": name,
        "name_key": fold(name),
        "phone": _text(payload, "phone", 40),
        "category": _text(payload, _CATEGORY.get(kind, ""), 100) if kind in _CATEGORY else "",
        "language": _text(payload, "language", 8),
        "day": _day(payload.get(_DAY.get(kind, ""))),
        "slot_start": slot,
    }
