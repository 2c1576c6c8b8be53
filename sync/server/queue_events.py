"""A kiosk's queue events move its tickets on the server too: called to room N, served, missed.

The desks act on the kiosk, which sends each action as a ``queue`` record after the
ticket it concerns (the outbox keeps their order). The event carries the ticket's status
after the action; the server applies it unless a later event was applied already (a
resend of an old batch never takes a ticket back).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from kiosk.kinds import check_status
from sync.server.backend import Transaction
from sync.server.records import single_line

logger = logging.getLogger(__name__)

ROOM_MAX = 20
#: A queue event timed further ahead of the server's clock is not applied.
FUTURE_SLACK = dt.timedelta(days=1)


def apply_queue_event(tx: Transaction, kiosk_id: str, payload: Mapping[str, Any],
                      now: dt.datetime) -> bool:
    """Set the ticket's status (and room) from one queue event; True when a ticket changed.

    The event's time orders events (a resend of an old one never takes a ticket back); a
    time that is not one, or lies more than a day after the server's clock (a kiosk clock
    run ahead), is not applied: it would freeze the ticket's page.
    """
    ticket_uuid, status, at = (payload.get(k) for k in ("ticket_uuid", "ticket_status", "at"))
    if not (isinstance(ticket_uuid, str) and isinstance(status, str) and isinstance(at, str)):
        return False  # a pause or resume: no ticket
    moment = _moment(at)
    if moment is None or moment > now + FUTURE_SLACK:
        logger.warning("kiosk %s sent a queue event timed %r; not applied to its ticket",
                       kiosk_id, at[:40])
        return False
    if check_status("ticket", status) is not None:
        logger.warning("kiosk %s sent a queue event with ticket status %r; not applied",
                       kiosk_id, status)
        return False
    room = payload.get("room") if status == "called" else ""
    room_text = single_line(room)[:ROOM_MAX] if isinstance(room, str) else ""
    at_text = moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
    changed = tx.execute(
        "UPDATE records SET status = ?, room = ?, status_updated_at = ? "
        "WHERE kiosk_id = ? AND uuid = ? AND kind = 'ticket' "
        "AND (status_updated_at IS NULL OR status_updated_at <= ?)",
        (status, room_text, at_text, kiosk_id, ticket_uuid, at_text))
    return bool(changed)


def apply_waiting_events(tx: Transaction, kiosk_id: str, ticket_uuid: str,
                         now: dt.datetime) -> int:
    """A ticket just arrived: apply its events that came first (the kiosk's outbox sends a
    ticket that failed before later, after the calls made meanwhile); returns how many."""
    rows = tx.query("SELECT payload FROM records WHERE kiosk_id = ? AND ticket_uuid = ? "
                    "AND kind = 'queue' ORDER BY id", (kiosk_id, ticket_uuid))
    applied = 0
    for (payload,) in rows:
        try:
            event = json.loads(payload)
        except ValueError:
            continue
        if isinstance(event, dict):
            applied += apply_queue_event(tx, kiosk_id, event, now)
    return applied


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text[:40])
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
