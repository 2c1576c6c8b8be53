"""Every query the kiosk runs periodically or on a screen, and a check of its query plan.

The queries live in the modules that own them (each exports ``PERIODIC``: name, SQL and
sample parameters); this registry only gathers them, so ``tests/kiosk/test_query_plans.py``
can fail on a full scan or on a sort of a whole table.
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

Query = tuple[str, str, tuple[Any, ...]]

_FULL_SCAN = re.compile(r"^SCAN (\w+)$")
#: Tables that never grow (one row per outbox state).
_TINY = frozenset({"outbox_state_counts"})


def periodic_queries() -> list[Query]:
    """(name, sql, sample parameters) of every periodic or on-screen query."""
    from kiosk import lookup, report_data  # kiosk.storage is imported first
    from kiosk.maintenance import records
    from kiosk.storage import outbox_sql

    status = [(f"status look-up: {kind}", sql, ("ABCDE12345",))
              for kind, sql in lookup._QUERIES]  # lookup owns its SQL
    return [*outbox_sql.PERIODIC, *report_data.PERIODIC, *records.PERIODIC, *status]


def plan_problems(db: Database, sql: str, params: tuple[Any, ...]) -> list[str]:
    """Plan lines of ``sql`` that grow with the table: a full scan or a sort for ORDER BY."""
    rows = db.execute(f"EXPLAIN QUERY PLAN {sql}", list(params)).fetchall()
    problems = []
    for row in rows:
        detail = str(row[-1])
        scan = _FULL_SCAN.match(detail)
        if (scan and scan.group(1) not in _TINY) or "TEMP B-TREE FOR ORDER BY" in detail:
            problems.append(detail)
    return problems
