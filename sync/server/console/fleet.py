"""The console's Kiosks page: every kiosk in the account's scope, its health and the alerts.

District admins see their district's kiosks, the regional office every kiosk (the query is
limited by :meth:`Scope.where`). The alerts come from :mod:`sync.server.alerts`; this module
only puts them, and each kiosk's state, into words a technician can act on.
``/staff/fleet.json`` gives the same rows and alerts to a monitoring script.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.i18n import N_, NP_, Message, plain_text
from sync.server.accounts import Scope
from sync.server.alerts import CRITICAL, Alert, OpeningHoursCache, fleet_alerts, last_contact
from sync.server.backend import Backend
from sync.server.console.web import Console, plain
from sync.server.fleet import KioskHealth, stored_heartbeat

logger = logging.getLogger(__name__)

PRINTER_WORDS: dict[str, Message] = {
    "ready": N_("Ready"),
    "paper_near_end": N_("Paper nearly finished"),
    "paper_out": N_("Out of paper"),
    "cover_open": N_("Cover open"),
    "offline": N_("Offline"),
    "error": N_("Error (cutter jam or overheating)"),
    "not_responding": N_("Not responding"),
    "unknown": N_("Unknown"),
}
PAPER_WORDS: dict[str, Message] = {
    "ok": N_("Enough"),
    "near_end": N_("Nearly finished"),
    "replace_soon": N_("Replace soon"),
    "out": N_("Out"),
    "unknown": N_("Unknown"),
}
_PLAIN_ALERTS: dict[str, Message] = {
    "paper_out": N_("Paper out — put in a new roll"),
    "paper_low": N_("Paper nearly finished — have a new roll ready"),
}
#: Printer states and paper values that are good (green) or bad (red); others are neutral.
_GOOD = frozenset({"ready", "ok"})
_BAD = frozenset({"paper_out", "out", "cover_open", "offline", "error", "not_responding"})


@dataclass(frozen=True)
class KioskRow:
    """One kiosk as the Kiosks page shows it."""

    health: KioskHealth
    akimat: str
    contact: str  # UTC ISO-8601 of the last contact (or when it was added), "" if never
    contact_ago: Message
    printer: Message
    printer_tone: str
    paper: Message
    paper_tone: str
    pending: int | None
    rejected: int
    skew: Message | None
    alerts: tuple[Alert, ...]

    @property
    def kiosk_id(self) -> str:
        """The kiosk's id."""
        return self.health.kiosk_id

    @property
    def critical(self) -> bool:
        """True when one of its alerts is critical."""
        return any(alert.severity == CRITICAL for alert in self.alerts)


def scoped_fleet(db: Backend, scope: Scope) -> list[tuple[KioskHealth, str]]:
    """The kiosks the scope may see, each with its akimat, by district and id."""
    where, params = scope.where("k")
    rows = db.query(
        "SELECT k.kiosk_id, k.district, k.akimat, k.revoked_at, k.last_seen_at, "
        "k.last_heartbeat, (SELECT count(*) FROM records r WHERE r.kiosk_id = k.kiosk_id), "
        f"k.created_at FROM kiosks k WHERE {where} ORDER BY k.district, k.kiosk_id", params)
    return [(KioskHealth(str(kiosk_id), str(district), revoked is not None, str(seen or ""),
                         stored_heartbeat(str(kiosk_id), beat), int(count), str(created or "")),
             str(akimat or ""))
            for kiosk_id, district, akimat, revoked, seen, beat, count, created in rows]


def duration(minutes: int) -> Message:
    """A span of time in words: "45 min", "3 h 10 min", "4 d 2 h"."""
    minutes = max(minutes, 0)
    if minutes < 60:
        return N_("{minutes} min", minutes=minutes)
    if minutes < 48 * 60:
        return N_("{hours} h {minutes} min", hours=minutes // 60, minutes=minutes % 60)
    return N_("{days} d {hours} h", days=minutes // 1440, hours=minutes % 1440 // 60)


def ago(moment: dt.datetime | None, now: dt.datetime) -> Message:
    """How long ago ``moment`` was: "just now", "3 h 10 min ago", or "never"."""
    if moment is None:
        return N_("never")
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return N_("just now")
    return N_("{duration} ago", duration=duration(minutes))


def skew_words(seconds: float) -> Message:
    """A heartbeat's clock skew (server clock minus kiosk clock) as "7 min fast"."""
    amount = round(abs(seconds))
    if amount < 1:
        return N_("on time")
    size = _skew_size(amount)
    return N_("{amount} slow", amount=size) if seconds > 0 else N_("{amount} fast", amount=size)


def _skew_size(seconds: int) -> Message:
    return N_("{seconds} s", seconds=seconds) if seconds < 60 else duration(round(seconds / 60))


def _silent_words(alert: Alert) -> Message:
    minutes = duration(alert.opening_minutes_silent or alert.minutes_silent or 0)
    if not alert.hours_known:
        return N_("Silent for {duration} (the akimat's opening hours are unknown) — check "
                  "the power and the network", duration=minutes)
    return N_("Silent for {duration} of opening hours — check the power and the network",
              duration=minutes)


def alert_words(alert: Alert) -> Message:
    """What a technician reads for an alert: what is wrong and what to check."""
    if alert.kind == "silent":
        return _silent_words(alert)
    if alert.kind in _PLAIN_ALERTS:
        return _PLAIN_ALERTS[alert.kind]
    if alert.kind == "printer_error":
        return N_("Printer: {state} — check the cover, the power and the cable",
                  state=_word(PRINTER_WORDS, alert.state))
    if alert.kind == "backlog":
        count = alert.backlog or 0
        return NP_("{n} record waiting to be sent — check the network",
                   "{n} records waiting to be sent — check the network", count)
    if alert.kind == "clock" and alert.skew_seconds is not None:
        return _clock_words(alert.skew_seconds)
    return plain_text(alert.detail)


def _clock_words(skew: float) -> Message:
    # The kiosk sends the server's Date header minus its own clock (sync/http.py):
    # a positive skew is a kiosk clock behind the server's.
    size = _skew_size(round(abs(skew)))
    if skew > 0:
        return N_("Clock {amount} slow — check the time synchronisation (NTP)", amount=size)
    return N_("Clock {amount} fast — check the time synchronisation (NTP)", amount=size)


def _key(value: object) -> str:
    return "_".join(str(value or "").lower().replace("-", " ").split())


def _word(words: dict[str, Message], value: object) -> Message:
    key = _key(value)
    return words.get(key or "unknown") or plain_text(str(value))


def _tone(value: object) -> str:
    key = _key(value)
    return "good" if key in _GOOD else "bad" if key in _BAD else ""


def kiosk_rows(fleet: list[tuple[KioskHealth, str]], alerts: list[Alert],
               now: dt.datetime) -> list[KioskRow]:
    """The page's rows: each kiosk's state in words, with its alerts."""
    rows = []
    for health, akimat in fleet:
        beat = health.heartbeat
        contact = last_contact(health) if (health.last_seen_at or beat) else None
        found = beat.get("outbox")
        outbox: dict[str, Any] = found if isinstance(found, dict) else {}
        pending = outbox.get("pending") if "outbox" in beat else None
        skew = beat.get("clock_skew_seconds")
        rows.append(KioskRow(
            health, akimat, contact.isoformat() if contact else "", ago(contact, now),
            _word(PRINTER_WORDS, beat.get("printer_state")), _tone(beat.get("printer_state")),
            _word(PAPER_WORDS, beat.get("paper")), _tone(beat.get("paper")),
            pending if isinstance(pending, int) else None, int(outbox.get("rejected") or 0),
            None if skew is None else skew_words(float(skew)),
            tuple(alert for alert in alerts if alert.kiosk_id == health.kiosk_id)))
    return rows


def fleet_routes(console: Console) -> APIRouter:
    """``/staff/fleet`` (the page) and ``/staff/fleet.json`` (for monitoring)."""
    router = APIRouter(prefix="/staff")
    hours = OpeningHoursCache()

    def gather(scope: Scope) -> tuple[dt.datetime, list[tuple[KioskHealth, str]], list[Alert]]:
        now = console.now()
        fleet = scoped_fleet(console.store.db, scope)
        kiosks = [health for health, _ in fleet]
        found = fleet_alerts(kiosks, now, hours.for_kiosks(console.store.db, kiosks))
        return now, fleet, found

    @router.get("/fleet")
    async def fleet_page(request: Request) -> Response:
        session = console.require(request, "fleet")
        now, fleet, found = await run_in_threadpool(gather, session.account.scope)
        lang = console.language(request)

        def say(message: Message) -> str:
            return console.translator.render(message, lang)

        akimats = {health.kiosk_id: akimat for health, akimat in fleet}
        return console.render(request, "fleet.html", session, now=now.isoformat(),
                              rows=kiosk_rows(fleet, found, now), alerts=found,
                              akimats=akimats, alert_words=alert_words, say=say,
                              critical=CRITICAL)

    @router.get("/fleet.json")
    async def fleet_json(request: Request) -> Response:
        session = console.require(request, "fleet")
        now, fleet, found = await run_in_threadpool(gather, session.account.scope)
        kiosks = [{**health.to_json(), "akimat": akimat,
                   "alerts": [a.kind for a in found if a.kiosk_id == health.kiosk_id]}
                  for health, akimat in fleet]
        return plain(JSONResponse({
            "server_time": now.isoformat(), "kiosks": kiosks,
            "alerts": [{**alert.to_json(), "message": alert_words(alert).english()}
                       for alert in found]}))

    return router
