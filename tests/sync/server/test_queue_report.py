"""The monthly report's desk times come from the kiosks' queue events (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid

from kiosk.tracking import new_tracking_code
from sync.protocol import Record
from sync.server.accounts import Scope
from sync.server.queue_report import queue_times
from sync.server.reports import Area, Month
from sync.server.store import ServerStore


def _event(action: str, department: str, **times: int) -> Record:
    return Record(str(uuid.uuid4()), "queue", {
        "uuid": "x", "action": action, "day": "2026-12-01", "department": department,
        "desk": "social-1", "room": "103", "ticket_uuid": str(uuid.uuid4()),
        "ticket_status": {"call": "called", "serve": "served", "no_show": "missed",
                          "close": "missed"}[action], "at": "2026-12-01T05:00:00+00:00",
        **times})


def test_waiting_and_service_times_per_department(database_url: str) -> None:
    store = ServerStore.open(database_url)
    store.add_kiosk("karasu-01", "arshaly")
    events = [_event("call", "social", wait_seconds=600), _event("call", "social",
                                                                 wait_seconds=1200),
              _event("serve", "social", service_seconds=300),
              _event("no_show", "social", service_seconds=60),
              _event("close", "social"), _event("call", "land", wait_seconds=60),
              Record(str(uuid.uuid4()), "ticket", {"tracking_code": new_tracking_code(),
                                                   "day": "2026-12-01",
                                                   "department": "social"})]
    result = store.ingest("karasu-01", events, [e.uuid for e in events])
    assert all(r.status.done for r in result.results)
    scope = Scope("region", "", "")
    lines = queue_times(store.db, Area(scope, "", ""), Month(2026, 12))
    social = next(line for line in lines if line.department == "social")
    assert (social.called, social.served, social.not_come, social.transferred,
            social.closed) == (2, 1, 1, 0, 1)
    assert (social.wait_minutes, social.service_minutes) == (15.0, 5.0)
    land = next(line for line in lines if line.department == "land")
    assert (land.called, land.wait_minutes, land.service_minutes) == (1, 1.0, None)
    assert queue_times(store.db, Area(scope, "", ""), Month(2026, 11)) == ()
    store.close()
