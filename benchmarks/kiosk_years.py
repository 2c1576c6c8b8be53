"""kiosk_years: what five years of a busy akimat cost the kiosk, vs an empty and a 1-year database.

Seeded (executemany, not the API): every day 300 tickets, 20 appeals, 30 ratings, 5 bookings,
all confirmed by the server and past retention (personal data erased, outbox redacted). The
5-year file then goes through the kiosk's own retention pass (compaction of everything older
than the statistics horizon) and a ``VACUUM`` — the steady state of a kiosk whose passes
reused the freed pages day after day. Seeded files are cached under /tmp.

Measured, alternately on the 5-year, the 1-year and an empty database: ticket issue, status
look-up, outbox counts, recent receipts, today/7-day statistics, a year's CSV rows, one
retention pass with nothing to do, and start-up (open + migrations + first queries, no Qt).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import statistics
import time
import uuid as uuidlib
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from benchmarks.harness import Result
from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language
from kiosk.lookup import local_status
from kiosk.maintenance.records import recent_records
from kiosk.maintenance.statistics import statistics_rows, statistics_summary
from kiosk.storage import open_database, outbox_counts
from kiosk.storage.compaction import STATISTICS_HORIZON_DAYS, compact_old_records
from kiosk.tickets import issue_ticket
from kiosk.workdays import add_working_days
from sync.retention import erase_personal_data

NAME = "kiosk_years"
TICKETS, APPEALS, RATINGS, BOOKINGS = 300, 20, 30, 5
CACHE = Path("/tmp/kiosk_years_cache")
TODAY = dt.date(2031, 12, 2)  # a Tuesday
ZONE = "Asia/Almaty"
APPEAL_TYPES = ("application", "complaint", "proposal")


def seed(path: Path, days: int, end: dt.date, departments: list[str]) -> None:
    """Write ``days`` days of history ending the day before ``end`` into a new kiosk database."""
    open_database(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    zone = ZoneInfo(ZONE)
    conn.execute("BEGIN")
    for offset in range(days, 0, -1):
        _seed_day(conn, end - dt.timedelta(days=offset), zone, departments)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(outbox)")}
    if "redacted_at" in columns:  # past retention: a running kiosk's passes redacted them
        conn.execute("UPDATE outbox SET redacted_at = sent_at")
    conn.execute("COMMIT")
    conn.close()


def _seed_day(conn: sqlite3.Connection, day: dt.date, zone: ZoneInfo,
              departments: list[str]) -> None:
    opening = dt.datetime.combine(day, dt.time(9), tzinfo=zone).astimezone(dt.UTC)
    sent = (opening + dt.timedelta(hours=10)).isoformat(timespec="microseconds")
    iso = day.isoformat()
    tickets, appeals, ratings, bookings, outbox = [], [], [], [], []

    def moment(i: int) -> str:
        return (opening + dt.timedelta(seconds=90 * i)).isoformat(timespec="microseconds")

    def queue(record: str, kind: str, at: str) -> None:
        outbox.append((record, kind, json.dumps({"uuid": record}), "sent", at, at, sent))

    for i in range(TICKETS):
        u, dep = str(uuidlib.uuid4()), departments[i % len(departments)]
        tickets.append((u, f"A-{i + 1:03d}", dep, iso, i + 1, _code(u), "kk", moment(i), 0,
                        "served", dep, moment(i)))
        queue(u, "ticket", moment(i))
    for i in range(APPEALS):
        u = str(uuidlib.uuid4())
        appeals.append((u, f"R-{iso}-{i}", _code(u), APPEAL_TYPES[i % 3], "", "", "kk",
                        moment(i), moment(i), iso, iso, "registered", moment(i), sent))
        queue(u, "appeal", moment(i))
    for i in range(RATINGS):
        u = str(uuidlib.uuid4())
        ratings.append((u, i % 5 + 1, "[]", "", departments[i % len(departments)], "kk",
                        moment(i * 10)))
        queue(u, "rating", moment(i * 10))
    for i in range(BOOKINGS):
        u = str(uuidlib.uuid4())
        slot = dt.datetime.combine(day, dt.time(10 + i), tzinfo=zone).isoformat()
        bookings.append((u, _code(u), slot, slot, "", "kk", moment(i), "booked", sent))
        queue(u, "booking", moment(i))
    conn.executemany("INSERT INTO tickets (uuid, number, department, day, seq, tracking_code, "
                     "language, issued_at, people_ahead, status, line, printed_at) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", tickets)
    conn.executemany("INSERT INTO appeals (uuid, registration_number, tracking_code, "
                     "appeal_type, topic, text, language, consent_at, submitted_at, "
                     "registered_on, deadline, status, printed_at, erased_at) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", appeals)
    conn.executemany("INSERT INTO ratings (uuid, score, reasons, comment, department, language, "
                     "rated_at) VALUES (?,?,?,?,?,?,?)", ratings)
    conn.executemany("INSERT INTO bookings (uuid, tracking_code, slot_start, slot_end, topic, "
                     "language, booked_at, status, erased_at) VALUES (?,?,?,?,?,?,?,?,?)",
                     bookings)
    conn.executemany("INSERT INTO outbox (record_uuid, kind, payload, state, next_attempt_at, "
                     "created_at, sent_at) VALUES (?,?,?,?,?,?,?)", outbox)


def _code(record: str) -> str:
    return record.replace("-", "")[:16].upper()


def _seeded(name: str, days: int, departments: list[str]) -> Path:
    """The cached seeded file (made, compacted and vacuumed on first use)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{days}d-v2.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        seed(partial, days, TODAY, departments)
        db = open_database(partial)
        db.conn.execute("PRAGMA synchronous = OFF")  # seeding only; the kiosk's own compaction
        now = dt.datetime.combine(TODAY, dt.time(8), tzinfo=ZoneInfo(ZONE))
        compact_old_records(db, now, STATISTICS_HORIZON_DAYS, 5000)
        db.execute("VACUUM")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
    return path


def _interleaved_ms(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median ms of each callable, run in turn (rotating order) so noise hits them all."""
    names = list(fns)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(runs):
        for name in names[index % len(names):] + names[:index % len(names)]:
            start = time.perf_counter()
            fns[name]()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def _day_due(path: Path, now: dt.datetime) -> list[Result]:
    """A retention pass when one day's records (355) became due: its longest write lock."""
    day = TODAY - dt.timedelta(days=40)
    zone = ZoneInfo(ZONE)
    since = dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(dt.UTC).isoformat()
    until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0),
                                tzinfo=zone).astimezone(dt.UTC).isoformat()
    db = open_database(path)
    db.execute("UPDATE outbox SET redacted_at = NULL WHERE created_at >= ? AND created_at < ?",
               [since, until])
    db.execute("UPDATE appeals SET erased_at = NULL, text = 'x', iin = '900101300007' "
               "WHERE registered_on = ?", [day.isoformat()])
    db.execute("UPDATE ratings SET comment = 'x' WHERE rated_at >= ? AND rated_at < ?",
               [since, until])
    marks: list[tuple[str, float]] = []
    db.conn.set_trace_callback(lambda sql: marks.append((sql[:6], time.perf_counter())))
    start = time.perf_counter()
    erased = erase_personal_data(db, now, 30)
    whole = (time.perf_counter() - start) * 1000
    db.conn.set_trace_callback(None)
    db.close()
    held: list[float] = []
    began: float | None = None
    for sql, moment in marks:
        if sql.startswith("BEGIN"):
            began = moment
        elif sql.startswith("COMMIT") and began is not None:
            held.append((moment - began) * 1000)
    return [Result(f"retention pass, one day due ({erased} erased)", whole, "ms"),
            Result("  its longest write transaction", max(held, default=0.0), "ms")]


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure each operation ``runs`` times on the 5-year, 1-year and empty databases."""
    catalogue = load_catalogue(assets_dir() / "catalogue")
    departments = list(catalogue.departments)
    folder = workdir / "kiosk-years"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = {"5 years": folder / "five.sqlite3", "1 year": folder / "one.sqlite3",
             "empty": folder / "empty.sqlite3"}
    shutil.copy(_seeded("five", 5 * 365, departments), paths["5 years"])
    shutil.copy(_seeded("one", 365, departments), paths["1 year"])
    open_database(paths["empty"]).close()
    zone = ZoneInfo(catalogue.akimat.timezone)
    now = dt.datetime.combine(TODAY, dt.time(10), tzinfo=zone)
    dbs = {name: open_database(path) for name, path in paths.items()}
    issued = dict.fromkeys(dbs, 0)

    def ops(name: str, db: Database) -> dict[str, Callable[[], object]]:
        def ticket() -> None:
            i = issued[name]
            day = add_working_days(catalogue.holidays, TODAY, i // 25)
            moment = now.replace(year=day.year, month=day.month, day=day.day)
            issue_ticket(db, catalogue, departments[0], moment, Language.KK)
            issued[name] = i + 1

        def startup() -> None:
            fresh = open_database(paths[name])
            outbox_counts(fresh)
            recent_records(fresh, 20)
            statistics_summary(fresh, TODAY, ZONE)
            fresh.close()

        return {
            "ticket issue": ticket,
            "status look-up": lambda: local_status(db, "ZZZZZ99999"),
            "outbox counts": lambda: outbox_counts(db),
            "recent receipts": lambda: recent_records(db, 20),
            "today/7-day statistics": lambda: statistics_summary(db, TODAY, ZONE),
            "year CSV rows": lambda: statistics_rows(db, TODAY - dt.timedelta(days=364), TODAY,
                                                     ZONE),
            "retention pass, nothing due": lambda: erase_personal_data(db, now, 30),
            "start-up (open+migrate+queries)": startup,
        }

    table = {name: ops(name, db) for name, db in dbs.items()}
    for name in dbs:  # warm: a first retention pass, caches
        for fn in table[name].values():
            fn()
    results: list[Result] = []
    for op in table["empty"]:
        medians = _interleaved_ms({name: table[name][op] for name in dbs}, runs)
        results.append(Result.compared(f"{op} (5 y vs empty)", medians["5 years"],
                                       "ms (median)", "empty database", medians["empty"]))
        results.append(Result.compared(f"{op} (5 y vs 1 y)", medians["5 years"], "ms (median)",
                                       "1-year database", medians["1 year"]))
    for db in dbs.values():
        db.close()
    results.extend(_day_due(paths["5 years"], now))
    sizes = {name: path.stat().st_size for name, path in paths.items()}
    results.append(Result.compared("file size (5 y vs 1 y)", sizes["5 years"] / 1e6, "MB",
                                   "1-year database", sizes["1 year"] / 1e6))
    shutil.rmtree(folder, ignore_errors=True)
    return results
