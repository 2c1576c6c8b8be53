"""Every periodic or on-screen query uses an index: no full scan, no sort of a whole table."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from kiosk.storage.plans import periodic_queries, plan_problems

QUERIES = periodic_queries()


@pytest.mark.parametrize(("name", "sql", "params"), QUERIES, ids=[q[0] for q in QUERIES])
def test_periodic_query_uses_an_index(db: Database, name: str, sql: str,
                                      params: tuple[object, ...]) -> None:
    assert plan_problems(db, sql, params) == [], name


def test_the_registry_covers_the_periodic_queries() -> None:
    names = {q[0] for q in QUERIES}
    for expected in ("outbox counts", "outbox due rows", "retention: erase due",
                     "statistics: ratings", "recent tickets", "status look-up: appeal"):
        assert expected in names


def test_a_full_scan_is_caught(db: Database) -> None:
    assert plan_problems(db, "SELECT count(*) FROM appeals WHERE text = ?", ("x",)) != []
    assert plan_problems(db, "SELECT * FROM tickets ORDER BY number LIMIT 5", ()) != []
