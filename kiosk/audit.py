"""Audit events: who did what on the kiosk (technician actions, start-ups), synced like records."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping

from sqlite_utils import Database

from kiosk.storage import commit_record, utc_iso

KIND = "audit"


def record_audit(db: Database, actor: str, action: str, details: Mapping[str, object],
                 now: dt.datetime) -> str:
    """Store one audit event with its outbox row; returns its UUID."""
    event_uuid = str(uuid.uuid4())
    row = {
        "uuid": event_uuid,
        "actor": actor,
        "action": action,
        "details": json.dumps(dict(details), ensure_ascii=False, sort_keys=True, default=str),
        "at": utc_iso(now),
    }
    return commit_record(db, "audit_events", KIND, now, lambda: (event_uuid, row))
