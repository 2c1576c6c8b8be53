"""The board JSON as typed values, and which calls on a new board are new (no Qt here).

Reading is forgiving: a call or a department row that lacks a field is left out (and
logged), so one odd row never blanks the hall's board.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.i18n import Language
from kiosk.queue.sound import CallSound

logger = logging.getLogger(__name__)

#: After an outage, at most this many calls made meanwhile are announced (the newest).
ANNOUNCE_BACKLOG = 3


@dataclass(frozen=True)
class Names:
    """A name in kk/ru/en (missing ones fall back to another)."""

    kk: str
    ru: str
    en: str

    def text(self, lang: Language) -> str:
        """The name in ``lang``."""
        return str(getattr(self, lang.value))

    @classmethod
    def read(cls, raw: object, fallback: str = "") -> Names:
        """From ``{"kk": …, "ru": …, "en": …}``; a missing language takes another's text."""
        data = raw if isinstance(raw, Mapping) else {}
        texts = {k: str(data.get(k) or "") for k in ("kk", "ru", "en")}
        first = texts["kk"] or texts["ru"] or texts["en"] or fallback
        return cls(texts["kk"] or first, texts["ru"] or first, texts["en"] or first)


@dataclass(frozen=True)
class CallView:
    """One call on the board."""

    id: int
    number: str
    room: str
    department: str
    names: Names
    recall: bool = False
    priority: bool = False


@dataclass(frozen=True)
class WaitingView:
    """A department's line: its prefix, names and how many wait."""

    department: str
    names: Names
    prefix: str
    waiting: int


@dataclass(frozen=True)
class BoardView:
    """Everything the hall board shows, newest call first."""

    version: str
    day: str
    calls: tuple[CallView, ...]
    waiting: tuple[WaitingView, ...]
    sound: CallSound = field(default_factory=CallSound)
    #: The akimat's name when the kiosk sends it (else the display's own catalogue).
    akimat: Names | None = None

    @property
    def latest(self) -> CallView | None:
        """The newest call, or None."""
        return self.calls[0] if self.calls else None

    def earlier(self, limit: int) -> list[CallView]:
        """Calls before the newest, each ticket once (a recall hides its first call)."""
        seen = {self.calls[0].number} if self.calls else set()
        found = []
        for call in self.calls[1:]:
            if call.number not in seen:
                seen.add(call.number)
                found.append(call)
        return found[:limit]


def read_board(data: Mapping[str, Any]) -> BoardView:
    """The board JSON (``/board.json``) as a :class:`BoardView`."""
    calls = tuple(c for c in (_call(raw) for raw in _list(data.get("calls"))) if c is not None)
    waiting = tuple(w for w in (_waiting(raw) for raw in _list(data.get("waiting")))
                    if w is not None)
    akimat = data.get("akimat")
    name = akimat.get("name") if isinstance(akimat, Mapping) else None
    return BoardView(str(data.get("version", "")), str(data.get("day", "")), calls, waiting,
                     read_sound(data.get("sound")),
                     Names.read(name) if isinstance(name, Mapping) else None)


def read_sound(raw: object) -> CallSound:
    """The board's ``sound`` settings; the defaults for anything missing or odd."""
    if not isinstance(raw, Mapping):
        return CallSound()
    default = CallSound()
    try:
        volume = min(1.0, max(0.0, float(raw.get("volume", default.volume))))
    except (TypeError, ValueError):
        volume = default.volume
    languages = tuple(str(x) for x in _list(raw.get("languages")) if x in ("kk", "ru", "en"))
    return CallSound(bool(raw.get("speech", default.speech)), volume,
                     languages or default.languages)


class CallTracker:
    """Tells which calls of each new board are new: to flash and to announce.

    Call ids only grow (across days too), so a call is new when its id is above the last
    one seen. The first board sets the baseline (nothing is announced at start-up); so does
    a board whose newest call is older than the last one seen (the kiosk's database was
    replaced). After an outage only the newest :data:`ANNOUNCE_BACKLOG` are announced.
    """

    def __init__(self, backlog: int = ANNOUNCE_BACKLOG) -> None:
        self.backlog = backlog
        self.last_id: int | None = None

    def new_calls(self, board: BoardView) -> list[CallView]:
        """The calls not seen before, oldest first."""
        newest = max((c.id for c in board.calls), default=0)
        if self.last_id is None or newest < self.last_id:
            self.last_id = newest
            return []
        fresh = sorted((c for c in board.calls if c.id > self.last_id), key=lambda c: c.id)
        self.last_id = max(self.last_id, newest)
        return fresh[-self.backlog:] if self.backlog else []


def _list(raw: object) -> Sequence[Any]:
    return raw if isinstance(raw, list) else []


def _call(raw: object) -> CallView | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        return CallView(int(raw["id"]), str(raw["number"]), str(raw.get("room") or ""),
                        str(raw.get("department") or ""),
                        Names.read(raw.get("names"), str(raw.get("department") or "")),
                        bool(raw.get("recall")), bool(raw.get("priority")))
    except (KeyError, TypeError, ValueError) as exc:
        logger.warning("call board: a call without %s is left out", exc)
        return None


def _waiting(raw: object) -> WaitingView | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        department = str(raw["department"])
        return WaitingView(department, Names.read(raw.get("names"), department),
                           str(raw.get("prefix") or ""), max(0, int(raw.get("waiting", 0))))
    except (KeyError, TypeError, ValueError) as exc:
        logger.warning("call board: a department row without %s is left out", exc)
        return None
