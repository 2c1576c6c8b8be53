"""Technician actions are audit events with their outbox row."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from kiosk.maintenance import TECHNICIAN, audit_action

NOW = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)


def test_action_is_recorded_as_the_technician(db: Database) -> None:
    event = audit_action(db, "printer.roll_replaced", {"used_mm": 28_000}, NOW)
    actor, action, details = db.execute(
        "SELECT actor, action, details FROM audit_events WHERE uuid = ?", [event]).fetchone()
    assert (actor, action) == (TECHNICIAN, "printer.roll_replaced")
    assert json.loads(details) == {"used_mm": 28_000}
    assert db.execute("SELECT kind FROM outbox WHERE record_uuid = ?",
                      [event]).fetchone() == ("audit",)
