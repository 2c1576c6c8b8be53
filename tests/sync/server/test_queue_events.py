"""A kiosk's queue events move its tickets on the region: in any arrival order, never back,
never from a clock run ahead (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from kiosk.tracking import new_tracking_code
from sync.protocol import Record
from sync.server.store import ServerStore


@pytest.fixture
def store(database_url: str) -> Iterator[ServerStore]:
    opened = ServerStore.open(database_url)
    opened.add_kiosk("karasu-01", "arshaly")
    opened.add_kiosk("karasu-02", "arshaly")
    yield opened
    opened.close()


def _ticket() -> Record:
    ticket_uuid = str(uuid.uuid4())
    return Record(ticket_uuid, "ticket", {"uuid": ticket_uuid, "number": "Ә-001",
                                          "tracking_code": new_tracking_code(),
                                          "department": "social", "day": "2026-12-01"})


def _event(ticket: Record, status: str, at: str, room: str = "103") -> Record:
    return Record(str(uuid.uuid4()), "queue", {
        "uuid": "x", "action": {"called": "call", "served": "serve"}.get(status, "close"),
        "day": "2026-12-01", "department": "social", "desk": "social-1", "room": room,
        "ticket_uuid": ticket.uuid, "ticket_status": status, "at": at})


def _send(store: ServerStore, *records: Record, kiosk: str = "karasu-01") -> None:
    result = store.ingest(kiosk, list(records), [r.uuid for r in records])
    assert all(r.status.done for r in result.results), result


def _status(store: ServerStore, ticket: Record) -> tuple[str, str]:
    answer = store.status(str(ticket.payload["tracking_code"]))
    assert answer is not None
    return answer.status, answer.room


def test_events_that_arrive_before_their_ticket_are_applied_when_it_comes(
        store: ServerStore) -> None:
    ticket = _ticket()
    _send(store, _event(ticket, "called", "2026-12-01T05:10:00+00:00"))
    _send(store, _event(ticket, "served", "2026-12-01T05:20:00+00:00"))
    _send(store, ticket)  # it failed first and was retried after the calls
    assert _status(store, ticket) == ("served", "")


def test_an_old_event_resent_never_takes_a_ticket_back(store: ServerStore) -> None:
    ticket = _ticket()
    called = _event(ticket, "called", "2026-12-01T05:10:00+00:00")
    _send(store, ticket, called, _event(ticket, "served", "2026-12-01T05:20:00+00:00"))
    _send(store, Record(str(uuid.uuid4()), "queue", dict(called.payload)))
    assert _status(store, ticket) == ("served", "")


@pytest.mark.parametrize("at", ["2031-01-01T05:10:00+00:00", "zzz", "2026-12-01T05:10:00"])
def test_an_event_timed_far_ahead_or_not_a_time_is_not_applied(store: ServerStore,
                                                                at: str) -> None:
    ticket = _ticket()
    _send(store, ticket, _event(ticket, "called", at))
    assert _status(store, ticket) == ("waiting", "")
    _send(store, _event(ticket, "called", "2026-12-01T05:10:00+00:00"))
    assert _status(store, ticket) == ("called", "103")  # the real event still moves it


def test_a_kiosk_cannot_move_another_kiosks_ticket(store: ServerStore) -> None:
    ticket = _ticket()
    _send(store, ticket)
    _send(store, _event(ticket, "served", "2026-12-01T05:20:00+00:00"), kiosk="karasu-02")
    assert _status(store, ticket) == ("waiting", "")
