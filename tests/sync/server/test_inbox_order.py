"""The inbox's default order: a due list shows the most pressing deadline first."""

from __future__ import annotations

from pathlib import Path

from kiosk.catalogue import Catalogue
from sync.server.accounts import Scope
from sync.server.demo_data import seed_demo
from sync.server.inbox import InboxFilter, effective_sort, inbox_page
from sync.server.store import ServerStore


def test_without_an_order_a_due_list_goes_by_deadline_and_others_by_newest() -> None:
    assert effective_sort(InboxFilter(due="overdue")) == "deadline"
    assert effective_sort(InboxFilter(due="soon")) == "deadline"
    assert effective_sort(InboxFilter()) == "new"
    assert effective_sort(InboxFilter(due="overdue", sort="new")) == "new"
    assert effective_sort(InboxFilter(sort="nonsense")) == "new"


def test_the_due_soon_list_starts_with_the_nearest_deadline(tmp_path: Path,
                                                          catalogue: Catalogue) -> None:
    store = ServerStore.open(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    seed_demo(store, scrypt_n=2 ** 10)
    today = store.now()[:10]
    import datetime as dt

    page = inbox_page(store.db, Scope("region"), InboxFilter(due="soon"),
                      dt.date.fromisoformat(today), catalogue.holidays)
    deadlines = [row.deadline for row in page.rows]
    assert len(set(deadlines)) >= 2 and deadlines == sorted(deadlines)
    newest = inbox_page(store.db, Scope("region"), InboxFilter(due="soon", sort="new"),
                        dt.date.fromisoformat(today), catalogue.holidays)
    assert [row.id for row in newest.rows] == sorted((row.id for row in page.rows),
                                                     reverse=True)
    store.close()


def test_the_open_appeals_indexes_name_exactly_the_registrys_open_statuses() -> None:
    """The due lists find their first page in a partial index only while the index's
    condition is the one the query writes: a new open status must change both."""
    from sync.server import schema
    from sync.server.inbox import open_condition

    assert f"r.{schema._OPEN}" == open_condition()
