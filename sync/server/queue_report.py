"""Waiting and service times per department, from the kiosks' queue events (the monthly report).

A call event carries how long the ticket waited; *served* and *did not come* how long the
desk spent on it. The columns ``topic`` (the action) and ``score`` (the seconds) hold them,
so one grouped query answers on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.server.backend import Backend
from sync.server.reports import Area, Month, month_records


@dataclass(frozen=True)
class QueueTimes:
    """One department's month at the desks."""

    department: str
    called: int
    served: int
    not_come: int
    #: Sent on to another department by a desk (they wait again there).
    transferred: int
    closed: int
    #: Mean minutes from taking the ticket to its (first) call; None without calls.
    wait_minutes: float | None
    #: Mean minutes at the desk for a served ticket; None without one.
    service_minutes: float | None


def queue_times(db: Backend, area: Area, month: Month) -> tuple[QueueTimes, ...]:
    """Per department (sorted): calls, served, not come, closed, mean wait and service."""
    rows = month_records(db, area, "queue", month, "r.category, r.topic, count(*), avg(r.score)",
                         group="r.category, r.topic")
    found: dict[str, dict[str, tuple[int, float | None]]] = {}
    for department, action, count, mean in rows:
        found.setdefault(str(department), {})[str(action)] = (
            int(count), float(mean) if mean is not None else None)
    lines = []
    for department in sorted(found):
        actions = found[department]

        def count(action: str, actions: dict[str, tuple[int, float | None]] = actions) -> int:
            return actions.get(action, (0, None))[0]

        def minutes(action: str, actions: dict[str, tuple[int, float | None]] = actions,
                    ) -> float | None:
            mean = actions.get(action, (0, None))[1]
            return None if mean is None else round(mean / 60.0, 1)

        lines.append(QueueTimes(department, count("call"), count("serve"), count("no_show"),
                                count("transfer"), count("close"), minutes("call"),
                                minutes("serve")))
    return tuple(lines)
