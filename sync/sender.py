"""Send the outbox to the regional server: compressed batches, per-item results, backoff.

* Rows go in outbox order (its autoincrement id) — never by the kiosk's clock.
* A batch is bounded by count and by payload bytes.
* Each row is marked from its own result: accepted or identical duplicate → ``sent``;
  conflict or invalid → ``rejected`` with the reason (kept for technicians); no result or a
  failed request → stays ``pending`` with capped exponential backoff and jitter.
* Safe to kill at any instant: marks are written after the answer, in one transaction; a
  row whose answer was lost is sent again and comes back ``duplicate``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from kiosk.clock import system_clock
from kiosk.storage import outbox_sql, utc_iso, write_transaction
from sync.http import AuthError, ServerClient, TransientError
from sync.protocol import (
    MAX_BATCH_RECORDS,
    ItemStatus,
    ProtocolError,
    Record,
    batch_records,
    decode_body,
    encode_body,
    parse_batch_result,
)

logger = logging.getLogger(__name__)

RECORDS_PATH = "/api/v1/records"


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with jitter (half fixed, half random)."""

    base_seconds: float = 30.0
    cap_seconds: float = 3600.0

    def delay(self, attempts: int, rng: random.Random) -> float:
        """Seconds to wait after the ``attempts``-th failure (1-based)."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


@dataclass
class SendReport:
    """What one sending pass did."""

    sent: int = 0
    rejected: int = 0
    retry_later: int = 0
    batches: int = 0
    error: str = ""
    skew_seconds: float | None = None
    rejected_reasons: list[str] = field(default_factory=list)


@dataclass
class OutboxSender:
    """Sends due outbox rows of one kiosk database."""

    db: Database
    client: ServerClient
    kiosk_id: str
    batch_count: int = MAX_BATCH_RECORDS
    batch_bytes: int = 256 * 1024
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], dt.datetime] = system_clock
    rng: random.Random = field(default_factory=random.Random)

    def send_due(self, max_batches: int = 1000) -> SendReport:
        """Send batches of due rows until none are left or a request fails."""
        report = SendReport()
        for _ in range(max_batches):
            rows = self._due_rows()
            if not rows:
                break
            if not self._send_batch(rows, report):
                break
        return report

    def _due_rows(self) -> list[tuple[int, str, str, str]]:
        now = self.clock()
        horizon = utc_iso(now + dt.timedelta(seconds=self.backoff.cap_seconds))
        # Due, or scheduled impossibly far ahead (the kiosk clock went back): never stuck.
        candidates = outbox_sql.due_rows(self.db, utc_iso(now), horizon, self.batch_count)
        rows: list[tuple[int, str, str, str]] = []
        size = 0
        for row in candidates:
            size += len(row[3])
            if rows and size > self.batch_bytes:
                break
            rows.append(row)
        return rows

    def _send_batch(self, rows: list[tuple[int, str, str, str]], report: SendReport) -> bool:
        records = [Record(uuid, kind, json.loads(payload)) for _, uuid, kind, payload in rows]
        body = encode_body(batch_records(records, self.kiosk_id))
        report.batches += 1
        try:
            answer = self.client.request("POST", RECORDS_PATH, body, {
                "Content-Type": "application/json", "Content-Encoding": "gzip"})
            report.skew_seconds = answer.skew_seconds
            if answer.status != 201:
                raise TransientError(f"unexpected answer {answer.status} to a batch")
            result = parse_batch_result(decode_body(answer.body,
                                                    answer.headers.get("content-encoding")))
        except (TransientError, ProtocolError) as exc:
            self._retry_later([r[0] for r in rows], str(exc))
            report.retry_later += len(rows)
            report.error = str(exc)
            logger.warning("batch of %d not sent: %s", len(rows), exc)
            return False
        except AuthError as exc:
            self._retry_later([r[0] for r in rows], str(exc))
            report.retry_later += len(rows)
            report.error = str(exc)
            logger.error("the server refused this kiosk: %s", exc)
            return False
        self._apply(rows, {item.uuid: item for item in result.results}, report)
        return True

    def _apply(self, rows: list[tuple[int, str, str, str]], results: dict[str, object],
               report: SendReport) -> None:
        now = utc_iso(self.clock())
        missing = []
        with write_transaction(self.db):
            for row_id, uuid, _, _ in rows:
                item = results.get(uuid)
                status = getattr(item, "status", None)
                if isinstance(status, ItemStatus) and status.done:
                    outbox_sql.mark_sent(self.db, row_id, now)
                    report.sent += 1
                elif isinstance(status, ItemStatus):
                    reason = f"{status.value}: {getattr(item, 'reason', '')}"
                    outbox_sql.mark_rejected(self.db, row_id, reason)
                    report.rejected += 1
                    report.rejected_reasons.append(f"{uuid} {reason}")
                    logger.error("record %s rejected by the server: %s", uuid, reason)
                else:
                    missing.append(row_id)
        if missing:
            self._retry_later(missing, "no result for this record in the server's answer")
            report.retry_later += len(missing)

    def _retry_later(self, row_ids: list[int], reason: str) -> None:
        now = self.clock()
        with write_transaction(self.db):
            for row_id in row_ids:
                attempt = outbox_sql.attempts(self.db, row_id) + 1
                when = now + dt.timedelta(seconds=self.backoff.delay(attempt, self.rng))
                outbox_sql.schedule_retry(self.db, row_id, attempt, utc_iso(when), reason[:500])
