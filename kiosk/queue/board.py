"""The call board: the last calls and the waiting counts, and a way to wait for the next change.

The hall display (``kiosk display``) and the kiosk's home strip show it. Its *version*
is made of the newest queue event and the newest ticket, so it changes with every call
and every ticket; both are rowid look-ups, so checking it costs the same on day 1 and in
year 5. :class:`CallBoard` wakes waiting readers at once when a desk acts in this process
and re-checks the database every second for changes made elsewhere (another process, a
ticket issued on the touchscreen).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.clock import local_time

#: Calls shown on the board (newest first).
RECENT_CALLS = 8
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class BoardCall:
    """One call: ticket number, room, department, when; ``recall`` for a repeated call."""

    id: int
    number: str
    room: str
    department: str
    at: str
    recall: bool
    priority: bool


@dataclass(frozen=True)
class BoardState:
    """What the board shows now, and its version (changes with every call and ticket)."""

    version: str
    day: str
    calls: tuple[BoardCall, ...]
    #: department id -> tickets waiting in its line today (every department, zero included)
    waiting: Mapping[str, int]
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self, catalogue: Catalogue) -> dict[str, Any]:
        """The JSON the display reads (department names in kk/ru/en included)."""
        departments = catalogue.departments

        def names(dept_id: str) -> dict[str, str]:
            found = departments.get(dept_id)
            if found is None:
                return {"kk": dept_id, "ru": dept_id, "en": dept_id}
            return {"kk": found.name.kk, "ru": found.name.ru, "en": found.name.en}

        return {
            "version": self.version, "day": self.day,
            "calls": [{"id": c.id, "number": c.number, "room": c.room,
                       "department": c.department, "names": names(c.department), "at": c.at,
                       "recall": c.recall, "priority": c.priority} for c in self.calls],
            "waiting": [{"department": d, "names": names(d), "waiting": n,
                         "prefix": departments[d].prefix if d in departments else ""}
                        for d, n in self.waiting.items()],
            **self.extra,
        }


def board_version(db: Database) -> str:
    """``<newest queue event id>.<newest ticket id>``: changes with every call and ticket."""
    event = db.execute("SELECT coalesce(max(id), 0) FROM queue_events").fetchone()[0]
    ticket = db.execute("SELECT coalesce(max(id), 0) FROM tickets").fetchone()[0]
    return f"{int(event)}.{int(ticket)}"


def board_state(db: Database, catalogue: Catalogue, now: dt.datetime,
                recent: int = RECENT_CALLS) -> BoardState:
    """The board as it is now: today's last calls and every department's waiting count."""
    version = board_version(db)
    day = local_time(now, catalogue.akimat.timezone).date().isoformat()
    rows = db.execute("SELECT id, ticket_number, room, department, at, action, priority "
                      "FROM queue_events WHERE id IN (SELECT id FROM queue_events "
                      "WHERE day = ? AND action IN ('call', 'recall') ORDER BY id DESC "
                      "LIMIT ?) ORDER BY id DESC", [day, recent]).fetchall()
    calls = tuple(BoardCall(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),
                            r[5] == "recall", bool(r[6])) for r in rows)
    waiting = dict.fromkeys(catalogue.departments, 0)
    for line, count in db.execute("SELECT line, count(*) FROM tickets WHERE day = ? "
                                  "AND status = 'waiting' GROUP BY line", [day]).fetchall():
        waiting[str(line)] = int(count)
    return BoardState(version, day, calls, waiting)


class CallBoard:
    """Lets readers wait for the board to change; desks call :meth:`changed` after acting."""

    def __init__(self, version: Callable[[], str]) -> None:
        self._version = version
        self._changed = threading.Condition()
        self._ticks = 0

    def changed(self) -> None:
        """Wake every waiting reader (a desk acted)."""
        with self._changed:
            self._ticks += 1
            self._changed.notify_all()

    def wait(self, after: str, timeout: float) -> str:
        """Return the version as soon as it differs from ``after``, or when ``timeout`` passes."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            with self._changed:
                ticks = self._ticks  # read first: a change from here on ends the wait below
            current = self._version()
            remaining = deadline - time.monotonic()
            if current != after or remaining <= 0:
                return current
            with self._changed:
                self._changed.wait_for(partial(self._moved_since, ticks),
                                       timeout=min(remaining, RECHECK_SECONDS))

    def _moved_since(self, ticks: int) -> bool:
        return self._ticks != ticks
