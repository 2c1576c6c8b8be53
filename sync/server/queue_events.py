"""A kiosk's queue events move its tickets on the server too: called to room N, served, missed.

The desks act on the kiosk, which sends each action as a ``queue`` record after the
ticket it concerns (the outbox keeps their order). The event carries the ticket's status
after the action; the server applies it unless a later event was applied already (a
resend of an old batch never takes a ticket back).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kiosk.kinds import check_status
from sync.server.backend import Transaction
from sync.server.records import single_line

logger = logging.getLogger(__name__)

ROOM_MAX = 20


def apply_queue_event(tx: Transaction, kiosk_id: str, payload: Mapping[str, Any]) -> bool:
    """Set the ticket's status (and room) from one queue event; True when a ticket changed."""
    ticket_uuid, status, at = (payload.get(k) for k in ("ticket_uuid", "ticket_status", "at"))
    if not (isinstance(ticket_uuid, str) and isinstance(status, str) and isinstance(at, str)):
        return False  # a pause or resume: no ticket
    if check_status("ticket", status) is not None:
        logger.warning("kiosk %s sent a queue event with ticket status %r; not applied",
                       kiosk_id, status)
        return False
    room = payload.get("room") if status == "called" else ""
    room_text = single_line(room)[:ROOM_MAX] if isinstance(room, str) else ""
    at_text = single_line(at)[:40]
    changed = tx.execute(
        "UPDATE records SET status = ?, room = ?, status_updated_at = ? "
        "WHERE kiosk_id = ? AND uuid = ? AND kind = 'ticket' "
        "AND (status_updated_at IS NULL OR status_updated_at <= ?)",
        (status, room_text, at_text, kiosk_id, ticket_uuid, at_text))
    return bool(changed)
