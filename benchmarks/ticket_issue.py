"""ticket_issue: issuing a queue ticket durably vs the bare two INSERTs through raw sqlite3.

Ours: ``kiosk.tickets.issue_ticket`` — opening-hours check, daily-limit count, counter bump,
people-ahead count, tracking code, ticket + outbox row in one ``BEGIN IMMEDIATE``
transaction. Baseline: the same two INSERT statements (same schema, same row sizes)
through a raw ``sqlite3`` connection with the same pragmas (WAL, synchronous=FULL, busy
timeout, foreign keys), in its own ``BEGIN IMMEDIATE`` … ``COMMIT``. Both write to files on
disk, alternately, in the same process.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.harness import Result, median_ms, percentile_ms, time_interleaved
from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from kiosk.workdays import add_working_days

NAME = "ticket_issue"
BASELINE = "raw sqlite3: 2 INSERTs, same pragmas"
PER_DAY = 25  # tickets per department per day, under every daily limit


def run(runs: int, workdir: Path) -> list[Result]:
    """Issue ``runs`` tickets each way and compare the medians."""
    catalogue = load_catalogue(assets_dir() / "catalogue")
    folder = Path(tempfile.mkdtemp(prefix="ticket-issue-", dir=workdir))
    try:
        db = open_database(folder / "ours.sqlite3")
        raw = _raw_connection(folder / "baseline.sqlite3")
        departments = list(catalogue.departments)
        start = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo(catalogue.akimat.timezone))
        state = {"ours": 0, "base": 0}

        def ours() -> None:
            i = state["ours"]
            offset = i // (PER_DAY * len(departments))
            day = add_working_days(catalogue.holidays, start.date(), offset)
            now = start.replace(year=day.year, month=day.month, day=day.day)
            issue_ticket(db, catalogue, departments[i % len(departments)], now, Language.KK)
            state["ours"] = i + 1

        def baseline() -> None:
            i = state["base"]
            _raw_insert(raw, i, departments[i % len(departments)])
            state["base"] = i + 1

        for _ in range(10):  # warm caches and the WAL file
            ours()
            baseline()
        ours_t, base_t = time_interleaved(ours, baseline, runs)
        db.close()
        raw.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Result.compared(NAME, median_ms(ours_t), "ms (median)", BASELINE, median_ms(base_t)),
        Result.compared(f"{NAME}_p90", percentile_ms(ours_t, 0.9), "ms (p90)", BASELINE,
                        percentile_ms(base_t, 0.9)),
    ]


def _raw_connection(path: Path) -> sqlite3.Connection:
    # The same schema as ours, created by our migrations, then used through bare sqlite3.
    open_database(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _raw_insert(conn: sqlite3.Connection, i: int, department: str) -> None:
    record_uuid = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    row = {"uuid": record_uuid, "number": f"Ә-{i % 999 + 1:03d}", "department": department,
           "day": f"bench-{i}", "seq": i + 1, "tracking_code": secrets.token_hex(5).upper(),
           "language": "kk", "issued_at": now, "people_ahead": 0}
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO tickets (uuid, number, department, day, seq, tracking_code, "
                 "language, issued_at, people_ahead) VALUES (:uuid, :number, :department, :day, "
                 ":seq, :tracking_code, :language, :issued_at, :people_ahead)", row)
    conn.execute("INSERT INTO outbox (record_uuid, kind, payload, next_attempt_at, created_at) "
                 "VALUES (?, 'ticket', ?, ?, ?)",
                 [record_uuid, json.dumps(row, ensure_ascii=False, sort_keys=True), now, now])
    conn.execute("COMMIT")
