"""Every technician action goes to the audit log (and with it to the regional server)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from sqlite_utils import Database

from kiosk.audit import record_audit

logger = logging.getLogger(__name__)

TECHNICIAN = "technician"


def audit_action(db: Database, action: str, details: Mapping[str, object],
                 now: dt.datetime) -> str:
    """Record a technician's action (e.g. ``paper.replaced``) with its outbox row; its UUID."""
    event = record_audit(db, TECHNICIAN, action, details, now)
    logger.info("technician: %s %s", action, dict(details))
    return event
