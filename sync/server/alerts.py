"""Fleet alerts: which kiosks need a person, worked out from their last heartbeats.

Pure functions over the fleet rows (:func:`sync.server.fleet.read_fleet`) and a clock; no
HTTP. The console turns an :class:`Alert` into words from its ``kind`` and its numbers;
``detail`` is plain English for logs.

A kiosk is *silent* when it has had no contact for more than two **opening** hours: only
the time its akimat was open (the catalogue's weekly hours and holidays, in the akimat's
time zone, by the same rule as the kiosk's ticket screen) counts, so a kiosk switched off
over the weekend is no alert at 09:30 on Monday. :class:`OpeningHoursCache` finds each
kiosk's catalogue among the published documents and parses it once per content hash.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
import threading
import zoneinfo
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kiosk.assets import assets_dir
from kiosk.catalogue.files import FILES
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue, Holidays, OpeningHours
from kiosk.errors import CatalogueError
from kiosk.storage import utc_iso
from sync.server.backend import Backend
from sync.server.fleet import KioskHealth

logger = logging.getLogger(__name__)

KINDS = ("silent", "paper_out", "paper_low", "backlog", "clock", "printer_error")
CRITICAL, WARNING = "critical", "warning"

#: Printer states (``printers.status.PrinterState`` values, as ``ui/printing.py`` sends
#: them) that are no printer fault: the paper states raise the paper alerts instead.
#: Any other state — cover_open, offline, error, not_responding, or one added later — is.
PRINTER_FINE = frozenset({"ready", "paper_near_end", "paper_out", "unknown", ""})
#: Paper values (``PrintService.health``): ``out`` is critical; ``near_end`` (the sensor)
#: and ``replace_soon`` (the roll counter) are warnings; ``ok`` and ``unknown`` are fine.
PAPER_LOW = frozenset({"near_end", "replace_soon"})

#: What loading a catalogue may raise besides CatalogueError (see ``kiosk/published.py``).
_LOADER_SLIPS = (CatalogueError, OSError, ValueError, TypeError, KeyError, IndexError,
                 AttributeError, RecursionError, OverflowError)


@dataclass(frozen=True)
class Alert:
    """One thing wrong with one kiosk, with the numbers the console shows."""

    kiosk_id: str
    district: str
    kind: str  # one of KINDS
    severity: str  # "critical" or "warning"
    since: str  # UTC ISO-8601 when the problem is known to have started, else ""
    detail: str  # plain English, for logs
    minutes_silent: int | None = None  # silent: wall-clock minutes since the last contact
    opening_minutes_silent: int | None = None  # silent: of them, minutes the akimat was open
    hours_known: bool = True  # silent: False when counted in wall-clock hours (no schedule)
    backlog: int | None = None  # backlog: records waiting in the kiosk's outbox
    skew_seconds: float | None = None  # clock: server clock minus kiosk clock (+: kiosk slow)
    state: str = ""  # printer_error / paper_*: the printer state or paper value reported

    def to_json(self) -> dict[str, Any]:
        """The alert as plain JSON data (for an API or a template)."""
        return {"kiosk_id": self.kiosk_id, "district": self.district, "kind": self.kind,
                "severity": self.severity, "since": self.since, "detail": self.detail,
                "minutes_silent": self.minutes_silent,
                "opening_minutes_silent": self.opening_minutes_silent,
                "hours_known": self.hours_known,
                "backlog": self.backlog, "skew_seconds": self.skew_seconds,
                "state": self.state}


@dataclass(frozen=True)
class OpeningSchedule:
    """When an akimat is open: its weekly hours and holidays, in its own time zone."""

    hours: OpeningHours
    holidays: Holidays
    timezone: dt.tzinfo
    source: str = field(default="", compare=False)  # the catalogue's content hash

    @classmethod
    def of(cls, catalogue: Catalogue, source: str = "") -> OpeningSchedule:
        """The schedule of a loaded catalogue."""
        return cls(catalogue.akimat.hours, catalogue.holidays,
                   zoneinfo.ZoneInfo(catalogue.akimat.timezone), source or catalogue.content_hash)

    def open_seconds(self, start: dt.datetime, end: dt.datetime) -> float:
        """Seconds between ``start`` and ``end`` (aware) during which the akimat was open.

        A day counts as the kiosk's ticket screen counts it (``kiosk/hours.py``): a working
        day (no holiday, or a decreed working day) with opening intervals for its weekday.
        """
        start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        total = 0.0
        for opens, closes in self._intervals(start, end):
            low, high = max(opens, start), min(closes, end)
            if high > low:
                total += (high - low).total_seconds()
        return total

    def _intervals(self, start: dt.datetime, end: dt.datetime,
                   ) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        day = start.astimezone(self.timezone).date()
        last = end.astimezone(self.timezone).date()
        while day <= last:
            if self.holidays.is_working_day(day):
                for interval in self.hours.intervals(day):
                    yield (dt.datetime.combine(day, interval.start, self.timezone)
                           .astimezone(dt.UTC),
                           dt.datetime.combine(day, interval.end, self.timezone)
                           .astimezone(dt.UTC))
            day += dt.timedelta(days=1)


def fleet_alerts(kiosks: Sequence[KioskHealth], now: dt.datetime,
                 opening_hours_for: Callable[[str], OpeningSchedule | None], *,
                 backlog_threshold: int = 50, clock_limit_seconds: int = 300,
                 silent_opening_hours: float = 2.0) -> list[Alert]:
    """Every alert of the fleet at ``now`` (aware), critical first, then longest-standing.

    ``opening_hours_for(kiosk_id)`` gives the kiosk's akimat schedule, or ``None`` when
    unknown (silence is then counted in wall-clock hours). Revoked kiosks raise none.
    A silent kiosk keeps the alerts of its last heartbeat: the last known state.

    :raises ValueError: when ``now`` is naive.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    found: list[Alert] = []
    for kiosk in kiosks:
        if kiosk.revoked:
            continue
        silent = _silent(kiosk, now, opening_hours_for, silent_opening_hours)
        if silent is not None:
            found.append(silent)
        found.extend(_heartbeat_alerts(kiosk, backlog_threshold, clock_limit_seconds))
    return sorted(found, key=_order)


def _order(alert: Alert) -> tuple[int, int, str, str, int]:
    """Critical first; then the oldest ``since`` (none known last); then kiosk and kind."""
    return (alert.severity != CRITICAL, not alert.since, alert.since, alert.kiosk_id,
            KINDS.index(alert.kind))


def _silent(kiosk: KioskHealth, now: dt.datetime,
            opening_hours_for: Callable[[str], OpeningSchedule | None],
            limit_hours: float) -> Alert | None:
    contact = last_contact(kiosk)
    if contact is None:
        return None
    schedule = opening_hours_for(kiosk.kiosk_id)
    wall = max((now - contact).total_seconds(), 0.0)
    counted = wall if schedule is None else schedule.open_seconds(contact, now)
    if counted <= limit_hours * 3600:
        return None
    since = utc_iso(contact)
    hours = "opening hours" if schedule is not None else "hours (opening hours unknown)"
    return Alert(kiosk.kiosk_id, kiosk.district, "silent", CRITICAL, since,
                 f"no contact for {_duration(counted)} of {hours}, last {since[:16]} UTC",
                 minutes_silent=int(wall // 60), opening_minutes_silent=int(counted // 60),
                 hours_known=schedule is not None)


def last_contact(kiosk: KioskHealth) -> dt.datetime | None:
    """The kiosk's last contact (any request or heartbeat), else when it was added."""
    stamps = [_instant(kiosk.kiosk_id, text) for text in
              (kiosk.last_seen_at, str(kiosk.heartbeat.get("received_at") or ""))]
    seen = [stamp for stamp in stamps if stamp is not None]
    if seen:
        return max(seen)
    return _instant(kiosk.kiosk_id, kiosk.created_at)


def _instant(kiosk_id: str, text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        logger.warning("kiosk %s: time %r is not ISO-8601", kiosk_id, text[:40])
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _heartbeat_alerts(kiosk: KioskHealth, backlog_threshold: int,
                      clock_limit: int) -> Iterator[Alert]:
    beat = kiosk.heartbeat
    printer, paper = _word(beat.get("printer_state")), _word(beat.get("paper"))
    if paper in {"", "unknown"} and printer in {"paper_out", "paper_near_end"}:
        paper = "out" if printer == "paper_out" else "near_end"  # an older kiosk's heartbeat

    def alert(kind: str, severity: str, detail: str, **numbers: Any) -> Alert:
        return Alert(kiosk.kiosk_id, kiosk.district, kind, severity, "", detail, **numbers)

    if paper == "out":
        yield alert("paper_out", CRITICAL, "printer is out of paper", state=paper)
    elif paper in PAPER_LOW:
        yield alert("paper_low", WARNING, f"paper roll nearly finished ({paper})", state=paper)
    if printer not in PRINTER_FINE:
        yield alert("printer_error", CRITICAL, f"printer reports {printer}", state=printer)
    outbox = beat.get("outbox")
    pending = outbox.get("pending") if isinstance(outbox, dict) else None
    if isinstance(pending, int) and pending > backlog_threshold:
        yield alert("backlog", WARNING, f"{pending} records waiting to be sent "
                                        f"(threshold {backlog_threshold})", backlog=pending)
    skew = beat.get("clock_skew_seconds")
    if isinstance(skew, int | float) and abs(skew) > clock_limit:
        yield alert("clock", WARNING, f"kiosk clock is off by {skew:+.0f} s "
                                      f"(limit {clock_limit} s)", skew_seconds=float(skew))


def _word(value: object) -> str:
    """A state as a key: ``"Near end"`` and ``"near-end"`` are ``near_end``."""
    return "_".join(str(value or "").lower().replace("-", " ").split())


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


# --- opening hours from the published catalogues ---------------------------------------

DefaultCatalogue = Path | None | Literal["shipped"]


class OpeningHoursCache:
    """Akimat schedules parsed from catalogue documents, kept by content hash across requests.

    A kiosk's catalogue is the newest one published to it, else to its district, else to
    all (as :func:`sync.server.documents.newest_document` picks it). A kiosk with none
    published runs the catalogue it was installed with, which is the app's shipped one
    unless a technician configured another: ``default_catalogue`` is that folder
    (``"shipped"``: ``assets/catalogue``; ``None``: no default, silence in wall-clock
    hours). A stored catalogue the loader refuses is logged once and the default used.
    Safe to share between request threads.
    """

    def __init__(self, default_catalogue: DefaultCatalogue = "shipped", *,
                 size: int = 256) -> None:
        self._default_folder = (assets_dir() / "catalogue" if default_catalogue == "shipped"
                                else default_catalogue)
        self._size = size
        self._parsed: OrderedDict[str, OpeningSchedule | None] = OrderedDict()
        self._default: tuple[OpeningSchedule | None] | None = None
        self._lock = threading.Lock()

    def for_kiosks(self, db: Backend, kiosks: Sequence[KioskHealth],
                   ) -> Callable[[str], OpeningSchedule | None]:
        """``opening_hours_for`` for :func:`fleet_alerts` over these kiosks: one query for
        the newest catalogues, then a read and a parse per catalogue not seen before."""
        newest = _newest_catalogues(db)
        found: dict[str, OpeningSchedule | None] = {}
        for kiosk in kiosks:
            document = (newest.get(("kiosk", kiosk.kiosk_id))
                        or newest.get(("district", kiosk.district)) or newest.get(("all", "")))
            found[kiosk.kiosk_id] = (self._schedule(db, *document) if document
                                     else self.default())
        return found.get

    def default(self) -> OpeningSchedule | None:
        """The schedule of the default catalogue (loaded once), or ``None``."""
        with self._lock:
            if self._default is not None:
                return self._default[0]
        schedule = None
        if self._default_folder is not None:
            try:
                schedule = OpeningSchedule.of(load_catalogue(self._default_folder))
            except _LOADER_SLIPS as exc:
                logger.error("default catalogue %s cannot be loaded, silence is counted in "
                             "wall-clock hours: %s", self._default_folder, exc)
        with self._lock:
            self._default = (schedule,)
        return schedule

    def _schedule(self, db: Backend, document_id: int, digest: str) -> OpeningSchedule | None:
        key = digest or f"document-{document_id}"
        with self._lock:
            known = key in self._parsed
            if known:
                self._parsed.move_to_end(key)
                schedule = self._parsed[key]
        if not known:
            schedule = _parse_document(db, document_id, key)
            with self._lock:
                self._parsed[key] = schedule
                while len(self._parsed) > self._size:
                    self._parsed.popitem(last=False)
        return schedule if schedule is not None else self.default()


def _newest_catalogues(db: Backend) -> dict[tuple[str, str], tuple[int, str]]:
    """(target kind, target) → (id, content hash) of the newest catalogue published to it."""
    rows = db.query("SELECT id, target_kind, target, content_hash FROM documents WHERE id IN "
                    "(SELECT max(id) FROM documents WHERE kind = 'catalogue' "
                    "GROUP BY target_kind, target)")
    return {(str(kind), str(target)): (int(doc_id), str(digest))
            for doc_id, kind, target, digest in rows}


def _parse_document(db: Backend, document_id: int, key: str) -> OpeningSchedule | None:
    """Load a stored catalogue document with the kiosk's own loader; ``None`` if refused."""
    rows = db.query("SELECT files FROM documents WHERE id = ?", (document_id,))
    if not rows:
        return None
    try:
        files = json.loads(rows[0][0])
        with tempfile.TemporaryDirectory(prefix="fleet-catalogue-") as staged:
            for name in FILES:  # only the loader's files: no name from the document is used
                text = files.get(name)
                if isinstance(text, str):
                    (Path(staged) / name).write_text(text, encoding="utf-8")
            schedule = OpeningSchedule.of(load_catalogue(Path(staged)), key)
    except _LOADER_SLIPS as exc:
        logger.error("catalogue document %d (%s) cannot be loaded for the fleet alerts, the "
                     "default hours are used: %s", document_id, key[:16], exc)
        return None
    logger.info("catalogue document %d (%s) parsed for the fleet alerts", document_id, key[:16])
    return schedule
