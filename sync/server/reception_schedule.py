"""An akimat's reception as the server knows it: schedule, free slots, and its document.

The akim's reception belongs to an akimat. Its schedule is the newest ``reception``
document published for the akimat's kiosks; before one is published, the schedule of the
catalogue its kiosks pull (or the server's own catalogue) is used. The akimat's
catalogue also gives the time zone slots are cut in and the holidays, so the server cuts
exactly the slots its kiosks offer (:func:`kiosk.bookings.reception_slots`).

The reception document is (re)published — checked by the one publishing checker
(:func:`kiosk.published.check_published_files`) — whenever staff change the schedule or
cancel or move a booking, inside the transaction of that change: what the console shows
and what kiosks pull never disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
import threading
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.bookings import Slot, reception_slots
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue, Reception
from kiosk.published import check_published_files
from kiosk.reception import (
    MAX_CHANGES,
    SCHEDULE_FILE,
    BookingChange,
    document_files,
    parse_schedule,
    schedule_toml,
)
from sync.protocol import PublishedDocument
from sync.server.accounts import Account, Scope
from sync.server.audit import write_audit
from sync.server.backend import Backend, Transaction
from sync.server.documents import RECEPTION, newest_document, store_document
from sync.server.errors import NotFound

logger = logging.getLogger(__name__)

_CACHE_SIZE = 16
_catalogues: dict[str, Catalogue] = {}
_catalogues_lock = threading.Lock()


@dataclass(frozen=True)
class AkimatReception:
    """An akimat's reception schedule in use and where it came from."""

    akimat: str
    #: The kiosk its reception document is addressed to (every kiosk of the akimat gets it).
    kiosk_id: str
    district: str
    #: The akimat's catalogue: time zone, holidays.
    catalogue: Catalogue
    schedule: Reception
    schedule_text: str
    #: The version of the reception document in use; "" while the catalogue's is used.
    version: str

    @property
    def timezone(self) -> str:
        """The akimat's time zone (slots are cut and shown in it)."""
        return self.catalogue.akimat.timezone

    def local(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` in the akimat's time zone."""
        return moment.astimezone(zoneinfo.ZoneInfo(self.timezone))

    def slots(self, now: dt.datetime) -> list[Slot]:
        """Every slot after ``now`` up to the booking horizon, as the kiosks cut them."""
        return reception_slots(self.schedule, self.catalogue.holidays, self.timezone,
                               self.local(now))

    def slot_end(self, start: dt.datetime, fallback: dt.timedelta) -> dt.datetime:
        """Where the slot starting at ``start`` ends by the schedule (else after ``fallback``)."""
        local = self.local(start)
        for session in self.schedule.sessions:
            if session.weekday.number == local.weekday() and \
                    session.start <= local.time() < session.end:
                return start + dt.timedelta(minutes=session.slot_minutes)
        return start + fallback


def akimats_in(db: Backend, scope: Scope) -> list[str]:
    """The akimats (of registered kiosks) an account may see, by name."""
    where, params = scope.where("k")
    rows = db.query(f"SELECT DISTINCT k.akimat FROM kiosks k WHERE k.akimat <> '' AND {where} "
                    "ORDER BY k.akimat LIMIT 1000", params)
    return [str(row[0]) for row in rows]


def akimat_reception(db: Backend | Transaction, akimat: str, fallback: Catalogue,
                     scope: Scope | None = None) -> AkimatReception:
    """The reception of ``akimat`` (within ``scope`` when given).

    :raises NotFound: when no kiosk of the akimat is registered (or it is out of scope).
    """
    where, params = scope.where("k") if scope is not None else ("1 = 1", ())
    rows = db.query("SELECT k.kiosk_id, k.district FROM kiosks k WHERE k.akimat = ? AND "
                    f"{where} ORDER BY k.kiosk_id LIMIT 1", (akimat, *params))
    if not akimat or not rows:
        raise NotFound(f"no kiosk of the akimat {akimat!r}")
    kiosk_id, district = str(rows[0][0]), str(rows[0][1])
    published = newest_document(db, "catalogue", kiosk_id, district)
    catalogue = _loaded(published) if published is not None else fallback
    reception = newest_document(db, RECEPTION, kiosk_id, district)
    if reception is not None and SCHEDULE_FILE in reception.files:
        text = reception.files[SCHEDULE_FILE]
        return AkimatReception(akimat, kiosk_id, district, catalogue, parse_schedule(text),
                               text, reception.version)
    text = (published.files.get(SCHEDULE_FILE) if published is not None else None) \
        or schedule_toml(catalogue.reception)
    return AkimatReception(akimat, kiosk_id, district, catalogue, catalogue.reception, text, "")


def _loaded(document: PublishedDocument) -> Catalogue:
    """A published catalogue, loaded once per content (it was checked when published)."""
    with _catalogues_lock:
        found = _catalogues.get(document.content_hash)
    if found is not None:
        return found
    with tempfile.TemporaryDirectory(prefix="akimat-catalogue-") as staged:
        for name, text in document.files.items():
            (Path(staged) / name).write_text(text, encoding="utf-8")
        catalogue = load_catalogue(Path(staged))
    with _catalogues_lock:
        if len(_catalogues) >= _CACHE_SIZE:
            _catalogues.pop(next(iter(_catalogues)))
        _catalogues[document.content_hash] = catalogue
    return catalogue


def booked_starts(db: Backend | Transaction, akimat: str, day: str,
                  except_id: int | None = None) -> list[dt.datetime]:
    """The starts of the akimat's booked slots on ``day`` (as instants)."""
    rows = db.query("SELECT r.slot_start FROM records r WHERE r.kind = 'booking' AND r.day = ? "
                    "AND r.akimat = ? AND r.status = 'booked' AND r.id <> ?",
                    (day, akimat, -1 if except_id is None else except_id))
    return [moment for row in rows if (moment := _moment(str(row[0]))) is not None]


def free_slots(db: Backend, reception: AkimatReception, now: dt.datetime,
               limit: int = 400) -> list[Slot]:
    """The akimat's scheduled slots after ``now`` that no booking known here holds."""
    slots = reception.slots(now)
    taken: set[dt.datetime] = set()
    for day in sorted({slot.start.date().isoformat() for slot in slots}):
        taken.update(booked_starts(db, reception.akimat, day))
    return [slot for slot in slots if slot.start not in taken][:limit]


def stranded(db: Backend, reception: AkimatReception, now: dt.datetime,
             limit: int = 200) -> list[tuple[int, str, str]]:
    """``(record id, slot start, name)`` of the akimat's bookings ahead that the schedule in
    use has no time for (a day without reception now, a session removed or shortened)."""
    local = reception.local(now)
    rows = db.query("SELECT r.id, r.slot_start, r.person_name FROM records r WHERE "
                    "r.kind = 'booking' AND r.akimat = ? AND r.status = 'booked' AND r.day >= ? "
                    f"ORDER BY r.slot_start, r.id LIMIT {int(limit)}",
                    (reception.akimat, local.date().isoformat()))
    ahead = [(int(i), str(slot), str(name)) for i, slot, name in rows
             if (start := _moment(str(slot))) is not None and start > now]
    if not ahead:
        return []
    last = max(dt.datetime.fromisoformat(slot) for _, slot, _ in ahead)
    wide = Reception(max((reception.local(last).date() - local.date()).days, 1),
                     reception.schedule.sessions, reception.schedule.cancelled)
    known = {slot.start for slot in reception_slots(wide, reception.catalogue.holidays,
                                                    reception.timezone, local)}
    return [item for item in ahead if dt.datetime.fromisoformat(item[1]) not in known]


def booking_changes(tx: Transaction, reception: AkimatReception,
                    today: dt.date) -> list[BookingChange]:
    """The akimat's bookings staff cancelled or moved, from yesterday on, oldest change first."""
    rows = tx.query("SELECT r.uuid, r.tracking_code, r.status, r.slot_start, r.payload "
                    "FROM records r WHERE r.kind = 'booking' AND r.akimat = ? "
                    "AND r.status_updated_at IS NOT NULL AND r.status IN ('booked', 'cancelled') "
                    "AND r.tracking_code IS NOT NULL AND r.day >= ? "
                    f"ORDER BY r.status_updated_at, r.id LIMIT {MAX_CHANGES}",
                    (reception.akimat, (today - dt.timedelta(days=1)).isoformat()))
    changes = []
    for uuid, code, status, slot_start, payload in rows:
        start = _moment(str(slot_start))
        if start is None:
            continue
        sent = json.loads(payload)
        first, last = _moment(str(sent.get("slot_start"))), _moment(str(sent.get("slot_end")))
        length = last - first if first and last and last > first else dt.timedelta(minutes=15)
        end = last if first == start and last else reception.slot_end(start, length)
        changes.append(BookingChange(str(uuid), str(code), str(status), start, end))
    return changes


def republish(tx: Transaction, reception: AkimatReception, schedule_text: str, now: str,
              today: dt.date) -> PublishedDocument:
    """Check and store the akimat's reception document with this schedule and the current
    booking changes, inside the caller's transaction.

    :raises CatalogueError: when the document would be refused by a kiosk.
    """
    files = document_files(schedule_text, booking_changes(tx, reception, today))
    check_published_files(RECEPTION, files)
    version = now[:19].replace("-", "").replace(":", "").replace("T", "-")
    draft = PublishedDocument(RECEPTION, version, files)
    document = PublishedDocument(RECEPTION, version, files, draft.computed_hash())
    store_document(tx, document, "kiosk", reception.kiosk_id, now)
    logger.info("reception of %s published to its kiosks (%s, %d changes)", reception.akimat,
                version, files["bookings.toml"].count("[[change]]"))
    return document


def publish_schedule(db: Backend, clock: Callable[[], str], account: Account, akimat: str, *,
                     schedule_text: str, fallback: Catalogue, today: dt.date,
                     client: str = "") -> PublishedDocument:
    """Publish a new reception schedule for an akimat within the account's scope.

    :raises NotFound: for an akimat out of scope or without kiosks.
    :raises CatalogueError: for a schedule a kiosk would refuse (file, item, field named).
    """
    with db.transaction() as tx:
        reception = akimat_reception(tx, akimat, fallback, account.scope)
        now = clock()
        document = republish(tx, reception, schedule_text, now, today)
        write_audit(tx, now, account.login, "reception-schedule", None,
                    detail=f"{akimat}: {document.version}", client=client)
    return document


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
