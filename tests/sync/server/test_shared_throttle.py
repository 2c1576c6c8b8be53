"""The guessing limit holds across server processes: its counters live in the shared database.

Two app instances, each with its own store (its own connections, as two uvicorn worker
processes have), share one SQLite file or one PostgreSQL database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from kiosk.i18n import Translator
from kiosk.tracking import new_tracking_code
from sync.protocol import canonical_json, to_json
from sync.server.app import create_app
from sync.server.ratelimit import DEFAULT_MAX_FAILURES
from sync.server.store import ServerStore
from tests.sync.server.live import appeal, serving


@pytest.fixture
def two_workers(database_url: str,
                translator: Translator) -> Iterator[tuple[ServerStore, httpx.Client, httpx.Client]]:
    """(store, client of worker A, client of worker B) over one database."""
    with ExitStack() as stack:
        stores = [stack.enter_context(ServerStore.open(database_url)) for _ in range(2)]
        clients = []
        for store in stores:
            base = stack.enter_context(serving(create_app(store, translator=translator)))
            clients.append(stack.enter_context(httpx.Client(base_url=base, timeout=30)))
        yield stores[0], clients[0], clients[1]


def test_wrong_codes_on_one_worker_block_the_page_on_another(
        two_workers: tuple[ServerStore, httpx.Client, httpx.Client]) -> None:
    store, worker_a, worker_b = two_workers
    token = store.add_kiosk("karasu-01", "arshaly")
    record = appeal()
    code = str(record.payload["tracking_code"])
    with httpx.Client(base_url=str(worker_a.base_url)) as kiosk:
        kiosk.post("/api/v1/records", content=canonical_json(
            {"kiosk_id": "karasu-01", "version": 1, "records": [to_json(record)]}),
            headers={"Authorization": f"Bearer {token}"}).raise_for_status()
    assert worker_b.get(f"/t/{code}").status_code == 200
    for attempt in range(DEFAULT_MAX_FAILURES):
        worker = worker_a if attempt % 2 == 0 else worker_b
        assert worker.get(f"/t/{new_tracking_code()}").status_code == 404
    for worker in (worker_a, worker_b):
        page = worker.get(f"/t/{code}")  # even the right code waits now
        assert page.status_code == 429
        assert 0 < int(page.headers["retry-after"]) <= 600


def test_wrong_codes_from_a_kiosk_count_on_every_worker(
        two_workers: tuple[ServerStore, httpx.Client, httpx.Client]) -> None:
    store, worker_a, worker_b = two_workers
    headers = {"Authorization": f"Bearer {store.add_kiosk('karasu-01', 'arshaly')}"}
    other = {"Authorization": f"Bearer {store.add_kiosk('karasu-02', 'arshaly')}"}
    for _ in range(DEFAULT_MAX_FAILURES):
        answer = worker_a.get(f"/api/v1/status/{new_tracking_code()}", headers=headers)
        assert answer.status_code == 404
    blocked = worker_b.get(f"/api/v1/status/{new_tracking_code()}", headers=headers)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert worker_b.get(f"/api/v1/status/{new_tracking_code()}",
                        headers=other).status_code == 404
