"""The kiosk fleet at a glance: last heartbeat, printer, paper, backlog, records received."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from typing import Any, TypeGuard

from sync.server.backend import Backend

logger = logging.getLogger(__name__)

_OUTBOX_ORDER = ("pending", "sent", "rejected")
_TEXTS = ("received_at", "app_version", "printer_state", "paper", "last_error",
          "catalogue_version")


@dataclass(frozen=True)
class KioskHealth:
    """One row of the fleet view."""

    kiosk_id: str
    district: str
    revoked: bool
    last_seen_at: str
    heartbeat: dict[str, Any]
    records: int
    created_at: str = ""  # when the kiosk was added (UTC ISO); the fleet alerts count from it

    def to_json(self) -> dict[str, Any]:
        """The row as the fleet API returns it (heartbeat fields flattened in)."""
        beat = self.heartbeat
        return {"kiosk_id": self.kiosk_id, "district": self.district, "revoked": self.revoked,
                "last_seen_at": self.last_seen_at, "records": self.records,
                "heartbeat_at": beat.get("received_at", ""),
                "app_version": beat.get("app_version", ""),
                "printer_state": beat.get("printer_state", ""),
                "paper": beat.get("paper", ""), "outbox": beat.get("outbox", {}),
                "last_error": beat.get("last_error", ""),
                "clock_skew_seconds": beat.get("clock_skew_seconds"),
                "free_disk_bytes": beat.get("free_disk_bytes"),
                "catalogue_version": beat.get("catalogue_version", "")}


def read_fleet(db: Backend) -> list[KioskHealth]:
    """Every kiosk with its last heartbeat and how many records it has sent."""
    rows = db.query(
        "SELECT k.kiosk_id, k.district, k.revoked_at, k.last_seen_at, k.last_heartbeat, "
        "(SELECT count(*) FROM records r WHERE r.kiosk_id = k.kiosk_id), k.created_at "
        "FROM kiosks k ORDER BY k.district, k.kiosk_id")
    return [KioskHealth(str(kiosk_id), str(district), revoked is not None, seen or "",
                        stored_heartbeat(str(kiosk_id), beat), int(count), str(created or ""))
            for kiosk_id, district, revoked, seen, beat, count, created in rows]


def stored_heartbeat(kiosk_id: str, text: str | None) -> dict[str, Any]:
    """A stored heartbeat with only the values the fleet can show: texts, a finite clock
    skew, counts of 0 or more. Anything else (an older server stored NaN and Infinity, or
    the text is not JSON) is left out, so one kiosk's bad value never breaks the fleet."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # not JSON, huge integer, nested too deep
        logger.warning("kiosk %s: stored heartbeat is unreadable: %s", kiosk_id, exc)
        return {}
    if not isinstance(data, dict):
        logger.warning("kiosk %s: stored heartbeat is not an object", kiosk_id)
        return {}
    clean: dict[str, Any] = {key: _plain(data[key]) for key in _TEXTS
                             if isinstance(data.get(key), str)}
    skew = data.get("clock_skew_seconds")
    if _number(skew) and math.isfinite(skew):
        clean["clock_skew_seconds"] = float(skew)
    disk = data.get("free_disk_bytes")
    if _number(disk) and isinstance(disk, int) and disk >= 0:
        clean["free_disk_bytes"] = disk
    outbox = data.get("outbox")
    if isinstance(outbox, dict):
        clean["outbox"] = {str(state): count for state, count in outbox.items()
                           if _number(count) and isinstance(count, int) and count >= 0}
    return clean


#: Longest text of a heartbeat the fleet shows (a version, a state, an error message).
MAX_TEXT = 300


def _plain(text: str) -> str:
    """A heartbeat text as the fleet shows it: no control characters (a terminal would run
    an escape sequence a kiosk sent), no lone surrogates, at most :data:`MAX_TEXT` long."""
    printable = "".join(ch if ch.isprintable() and not "\ud800" <= ch <= "\udfff" else " "
                        for ch in text[:MAX_TEXT])
    return printable + ("…" if len(text) > MAX_TEXT else "")


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def fleet_table(kiosks: list[KioskHealth], headers: tuple[str, ...]) -> list[str]:
    """The fleet as aligned text lines (for the CLI), one kiosk a line under ``headers``.

    ``headers`` name, in order: kiosk, district, last seen, printer, paper, outbox,
    records, clock skew, version, last error.
    """
    rows = [headers]
    for kiosk in kiosks:
        row = kiosk.to_json()
        outbox = row["outbox"] if isinstance(row["outbox"], dict) else {}
        backlog = " ".join(f"{state}={outbox[state]}" for state in
                           sorted(outbox, key=lambda s: (s not in _OUTBOX_ORDER, s)))
        skew = row["clock_skew_seconds"]
        rows.append((
            kiosk.kiosk_id + (" (revoked)" if kiosk.revoked else ""), kiosk.district,
            _minute(kiosk.last_seen_at) or "-", row["printer_state"] or "-",
            row["paper"] or "-", backlog or "-", str(kiosk.records),
            "-" if skew is None else f"{float(skew):+.0f} s", row["app_version"] or "-",
            _one_line(row["last_error"]) or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(r, widths, strict=False)), r[-1]])
            .rstrip() for r in rows]


def _minute(stamp: str) -> str:
    return stamp[:16].replace("T", " ") if stamp else ""


def _one_line(text: object) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= 60 else flat[:59] + "…"
