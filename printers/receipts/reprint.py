"""A copy of a citizen's receipt, rebuilt from its stored row and marked as a copy.

The copy is laid out by the same builders as the original, in the language the citizen
chose then (the row's), with a "COPY" mark at the top and the bottom. Personal data that
retention erased (name, IIN, phone, topic) prints as a dash: the number, tracking code and
dates are what a copy is for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from kiosk.appeals import Appeal
from kiosk.applicant import Applicant
from kiosk.bookings import Booking, Slot
from kiosk.catalogue import Catalogue
from kiosk.catalogue.model import ReceptionSession
from kiosk.i18n import N_, Language
from kiosk.tickets import Ticket
from printers.document import Align, Document, Text
from printers.receipts.citizen import appeal_talon, booking_confirmation, queue_ticket
from printers.receipts.context import ReceiptContext

logger = logging.getLogger(__name__)

ERASED = "—"
#: What an erased IIN prints as: fully masked, the same width as a real one.
ERASED_IIN = "*" * 12

COPY = N_("COPY")


def reprint_document(db: Database, kind: str, uuid: str, ctx: ReceiptContext) -> Document:
    """The receipt of record ``uuid`` (``ticket``, ``appeal`` or ``booking``) marked as a copy.

    :raises LookupError: no such record, or the catalogue no longer has what it refers to.
    :raises ValueError: an unknown kind.
    """
    builders: dict[str, tuple[str, Callable[[dict[str, Any], ReceiptContext], Document]]] = {
        "ticket": ("tickets", _ticket), "appeal": ("appeals", _appeal),
        "booking": ("bookings", _booking)}
    if kind not in builders:
        raise ValueError(f"cannot reprint a {kind!r}: only {', '.join(builders)}")
    table, build = builders[kind]
    row = next(iter(db.query(f"SELECT * FROM {table} WHERE uuid = ?", [uuid])), None)
    if row is None:
        raise LookupError(f"no {kind} with uuid {uuid} on this kiosk: nothing to reprint")
    copy_ctx = dataclasses.replace(ctx, lang=_language(row, ctx.lang))
    original = build(row, copy_ctx)
    mark = copy_ctx.t(COPY)
    logger.info("reprinting %s %s as a copy", kind, uuid)
    return Document((Text(mark, Align.CENTER, bold=True, width=2, height=2),
                     *original.blocks,
                     Text(mark, Align.CENTER, bold=True)),
                    cut=original.cut, title=f"{original.title} (copy)")


def _ticket(row: dict[str, Any], ctx: ReceiptContext) -> Document:
    _need(ctx.catalogue.departments, row["department"], "department", row)
    ticket = Ticket(row["uuid"], row["number"], row["department"],
                    dt.date.fromisoformat(row["day"]), int(row["seq"]), row["tracking_code"],
                    _utc(row["issued_at"]), int(row["people_ahead"]), ctx.lang)
    return queue_ticket(ticket, ctx)


def _appeal(row: dict[str, Any], ctx: ReceiptContext) -> Document:
    _need(ctx.catalogue.appeal_types, row["appeal_type"], "appeal type", row)
    appeal = Appeal(row["uuid"], row["registration_number"], row["tracking_code"],
                    row["appeal_type"], row["topic"] or ERASED, row["text"] or ERASED,
                    _applicant(row), ctx.lang, _utc(row["submitted_at"]),
                    dt.date.fromisoformat(row["registered_on"]),
                    dt.date.fromisoformat(row["deadline"]))
    return appeal_talon(appeal, ctx)


def _booking(row: dict[str, Any], ctx: ReceiptContext) -> Document:
    zone = zoneinfo.ZoneInfo(ctx.catalogue.akimat.timezone)
    start = dt.datetime.fromisoformat(row["slot_start"]).astimezone(zone)
    end = dt.datetime.fromisoformat(row["slot_end"]).astimezone(zone)
    slot = Slot(start, end, _session(ctx.catalogue, start, end, row["uuid"]))
    booking = Booking(row["uuid"], row["tracking_code"], slot, row["topic"] or ERASED,
                      _applicant(row), ctx.lang, _utc(row["booked_at"]))
    return booking_confirmation(booking, ctx)


def _applicant(row: dict[str, Any]) -> Applicant:
    """The applicant as stored, or dashes where retention erased the data."""
    return Applicant(full_name=row.get("full_name") or ERASED,
                     iin=row.get("iin") or ERASED_IIN, phone=row.get("phone") or ERASED,
                     address=row.get("address") or "")


def _session(catalogue: Catalogue, start: dt.datetime, end: dt.datetime,
             uuid: str) -> ReceptionSession:
    """The reception session the slot belongs to (host and place print on the receipt)."""
    sessions = catalogue.reception.sessions
    for session in sessions:
        if (session.weekday.number == start.weekday() and session.start <= start.time()
                and end.time() <= session.end):
            return session
    # The schedule changed since: the host and place still print if every session shares them.
    if sessions and len({(s.host, s.place) for s in sessions}) == 1:
        return sessions[0]
    raise LookupError(f"booking {uuid}: the slot {start:%Y-%m-%d %H:%M} is no longer in the "
                      f"catalogue's reception schedule, so its host and place are unknown")


def _need(known: Any, key: str, what: str, row: dict[str, Any]) -> None:
    if key not in known:
        raise LookupError(f"{row['uuid']}: the {what} {key!r} is no longer in the catalogue; "
                          f"publish a catalogue that has it to reprint this receipt")


def _language(row: dict[str, Any], fallback: Language) -> Language:
    try:
        return Language(row["language"])
    except ValueError:
        logger.warning("record %s has an unknown language %r; reprinting in %s", row["uuid"],
                       row["language"], fallback.value)
        return fallback


def _utc(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
