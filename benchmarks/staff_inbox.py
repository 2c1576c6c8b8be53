"""staff_inbox: the console's appeals inbox, first page with filters, over a region's data.

A region of 500 kiosks with 100,000 appeals (and tickets, ratings, bookings beside them)
is seeded by :mod:`sync.server.demo_data` into a SQLite file and a throwaway PostgreSQL
database. Ours: :func:`sync.server.inbox.inbox_page` — the page of 50 rows and the capped
count — for a clerk (the busiest akimat), a district admin (the busiest district) and the
region, with no filter, one status, due within 3 working days, overdue, a name search and
the deadline order. Baseline, on the same database in the same run, alternating with ours:
the bare indexed ``SELECT`` of the same 50 list columns ``WHERE kind = 'appeal' AND
akimat = ? ORDER BY id DESC LIMIT 50`` through the same connection. Both p50 and p95.

Second figure: the whole page, ``GET /staff/appeals`` of a signed-in clerk (and of a
district admin) from a real ``kiosk-server serve`` process over loopback (session check,
the page, three filter lists, the template, gzip), against that server's sign-in page
(a template without records).

SQLite is measured as the server runs it: no ANALYZE (the server never runs one). On
PostgreSQL, ``VACUUM ANALYZE`` after seeding stands for what autovacuum does to a table
that has grown by 100,000 rows. ``python -m benchmarks.staff_inbox --plans`` prints the
query plans of every case.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from benchmarks.harness import (
    Result,
    percentile_ms,
    print_table,
    time_interleaved,
    write_json,
)
from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.catalogue.model import Holidays
from sync.server.accounts import Accounts, Scope
from sync.server.backend import Backend
from sync.server.demo_data import Seeded, seed_region
from sync.server.inbox import InboxFilter, inbox_page
from sync.server.pgcluster import PostgresCluster, find_bindir
from sync.server.store import ServerStore

NAME = "staff_inbox"
BASELINE = "bare SELECT … akimat=? ORDER BY id DESC LIMIT 50"
HTTP_BASELINE = "GET /staff/login, same server"
KIOSKS = 500
APPEALS = 100_000
RUNS = 1000
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
_LIST = ("r.id, r.kiosk_id, r.akimat, r.number, r.tracking_code, r.category, r.topic, "
         "r.person_name, r.status, r.deadline, r.day, r.received_at, r.language")
_PASSWORD = "benchmark-staff-password"
#: The signed-in staff whose whole page is measured: login → role.
_STAFF = {"bench.clerk": "clerk", "bench.district": "district"}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Case:
    """One measured inbox: a scope and a filter."""

    scope_name: str
    filter_name: str
    scope: Scope
    flt: InboxFilter


@dataclass(frozen=True)
class Region:
    """A seeded database and what the cases need to know about it."""

    label: str
    url: str
    seeded: Seeded
    akimat: str
    district: str
    name: str


def run(runs: int, workdir: Path) -> list[Result]:
    """Seed both databases with 100,000 appeals and measure every case ``runs`` times."""
    return measure(runs, workdir, kiosks=KIOSKS, appeals=APPEALS)


def measure(runs: int, workdir: Path, *, kiosks: int, appeals: int,
            http_runs: int | None = None) -> list[Result]:
    """The results for a region of ``kiosks`` kiosks and ``appeals`` appeals, on SQLite and
    PostgreSQL (a throwaway cluster; it raises without the PostgreSQL binaries)."""
    folder = Path(tempfile.mkdtemp(prefix="staff-inbox-", dir=workdir))
    results: list[Result] = []
    holidays = load_catalogue(assets_dir() / "catalogue").holidays
    regions = _regions(folder, kiosks, appeals)
    try:
        for region in regions:
            with contextlib.closing(ServerStore.open(region.url)) as store:
                for case in cases(region):
                    results.extend(_inbox(region, store.db, case, holidays, runs))
                _add_staff(store, region)
            results.extend(_http(region, http_runs or max(20, runs // 4)))
    finally:
        regions.close()  # stops the PostgreSQL cluster
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _regions(folder: Path, kiosks: int, appeals: int) -> Generator[Region, None, None]:
    yield _seed("sqlite", f"sqlite:///{folder / 'region.sqlite3'}", kiosks, appeals)
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("staff_inbox needs PostgreSQL's initdb and pg_ctl (PATH or "
                           "/usr/lib/postgresql/*/bin): install the postgresql package")
    with PostgresCluster(bindir) as cluster:
        yield _seed("postgresql", cluster.start(), kiosks, appeals)


def _seed(label: str, url: str, kiosks: int, appeals: int) -> Region:
    started = time.perf_counter()
    with contextlib.closing(ServerStore.open(url)) as store:
        seeded = seed_region(store, kiosks=kiosks, appeals=appeals, tickets=appeals // 2,
                             ratings=appeals // 10, bookings=appeals // 20)
        if label == "postgresql":
            with psycopg.connect(url, autocommit=True) as conn:
                # The throwaway cluster commits asynchronously: until the WAL is flushed,
                # VACUUM may not mark a page all-visible (no index-only scans then).
                conn.execute("CHECKPOINT")
                conn.execute("VACUUM ANALYZE records")
        db = store.db
        akimat = _busiest(db, "akimat")
        district = _busiest(db, "district")
        first = db.query("SELECT person_name FROM records WHERE kind = 'appeal' AND akimat = ? "
                         "ORDER BY id LIMIT 1", (akimat,))
    name = " ".join(str(first[0][0]).split()[:2]) if first else "а"
    logger.info("%s: seeded %s in %.0f s", label, seeded.counts, time.perf_counter() - started)
    return Region(label, url, seeded, akimat, district, name)


def _busiest(db: Backend, column: str) -> str:
    rows = db.query(f"SELECT {column}, count(*) FROM records WHERE kind = 'appeal' "
                    f"GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT 1")
    return str(rows[0][0]) if rows else ""


def cases(region: Region) -> list[Case]:
    """Every scope with every filter."""
    scopes = (("clerk", Scope("clerk", akimat=region.akimat)),
              ("district", Scope("district", district=region.district)),
              ("region", Scope("region")))
    filters = (("none", InboxFilter()), ("status", InboxFilter(status="in_progress")),
               ("due_soon", InboxFilter(due="soon")), ("overdue", InboxFilter(due="overdue")),
               ("name", InboxFilter(query=region.name)),
               ("by_deadline", InboxFilter(sort="deadline")))
    return [Case(s_name, f_name, scope, flt) for s_name, scope in scopes
            for f_name, flt in filters]


def baseline_query(db: Backend, akimat: str) -> Callable[[], object]:
    """The named baseline on ``db``: 50 rows of one akimat's appeals, newest first."""
    sql = (f"SELECT {_LIST} FROM records r WHERE r.kind = 'appeal' AND r.akimat = ? "
           "ORDER BY r.id DESC LIMIT 50")
    return lambda: db.query(sql, (akimat,))


def _inbox(region: Region, db: Backend, case: Case, holidays: Holidays,
           runs: int) -> list[Result]:
    today = region.seeded.today

    def ours() -> object:
        return inbox_page(db, case.scope, case.flt, today, holidays)

    base = baseline_query(db, region.akimat)
    for _ in range(max(5, runs // 10)):  # warm the caches
        ours()
        base()
    ours_t, base_t = time_interleaved(ours, base, runs)
    name = f"{NAME}_{region.label}_{case.scope_name}_{case.filter_name}"
    return [Result.compared(f"{name}_p50", percentile_ms(ours_t, 0.5), "ms (p50)", BASELINE,
                            percentile_ms(base_t, 0.5)),
            Result.compared(f"{name}_p95", percentile_ms(ours_t, 0.95), "ms (p95)", BASELINE,
                            percentile_ms(base_t, 0.95))]


def _add_staff(store: ServerStore, region: Region) -> None:
    accounts = Accounts(store.db, lambda: dt.datetime.fromisoformat(store.now()))
    for login, role in _STAFF.items():
        accounts.add(login, f"Benchmark {role}", role, akimat=region.akimat,
                     district=region.district if role == "district" else "",
                     password=_PASSWORD)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(url: str, folder: Path) -> Iterator[str]:
    """``kiosk-server serve`` on a free loopback port in its own process; yields its URL."""
    port = _free_port()
    log = (folder / f"server-{port}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "serve", "--db", url, "--host", "127.0.0.1",
         "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kiosk-server serve did not start (see {log.name})")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/staff/login", timeout=2).status_code == 200:
                    break
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def signed_in(client: httpx.Client, login: str) -> None:
    """Sign a benchmark account in through the login form; the cookie is set by hand (it
    is Secure, and this is plain HTTP on loopback)."""
    answer = client.post("/staff/login", data={"login": login, "password": _PASSWORD,
                                               "next": "/staff/appeals"})
    if answer.status_code != 303:
        raise RuntimeError(f"{login} could not sign in: {answer.status_code}")
    cookie = answer.headers["set-cookie"].split(";", 1)[0]
    key, _, value = cookie.partition("=")
    client.cookies.set(key, value)


def _http(region: Region, runs: int) -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="staff-http-"))
    results: list[Result] = []
    try:
        with serving(region.url, folder) as base, httpx.Client(base_url=base) as anonymous:
            def login_page() -> None:
                if anonymous.get("/staff/login").status_code != 200:
                    raise RuntimeError("the sign-in page failed")

            for login, role in _STAFF.items():
                with httpx.Client(base_url=base) as staff:
                    signed_in(staff, login)

                    def page(staff: httpx.Client = staff) -> None:
                        answer = staff.get("/staff/appeals")
                        if answer.status_code != 200 or "<table" not in answer.text:
                            raise RuntimeError(f"the inbox page failed: {answer.status_code}")

                    for _ in range(5):
                        page()
                        login_page()
                    ours_t, base_t = time_interleaved(page, login_page, runs)
                name = f"{NAME}_{region.label}_http_{role}_page"
                results += [Result.compared(f"{name}_p50", percentile_ms(ours_t, 0.5),
                                            "ms (p50)", HTTP_BASELINE,
                                            percentile_ms(base_t, 0.5)),
                            Result.compared(f"{name}_p95", percentile_ms(ours_t, 0.95),
                                            "ms (p95)", HTTP_BASELINE,
                                            percentile_ms(base_t, 0.95))]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def plans(db: Backend, region: Region, holidays: Holidays) -> Iterator[tuple[str, str]]:
    """(case, plan line) for both queries of every case, as the database explains them."""
    postgres = not db.id_column.startswith("INTEGER")
    explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if postgres else \
        "EXPLAIN QUERY PLAN "

    class Recorder:
        def __init__(self) -> None:
            self.seen: list[tuple[str, tuple[object, ...]]] = []

        def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
            self.seen.append((sql, tuple(params)))
            return db.query(sql, params)

    for case in cases(region):
        recorder = Recorder()
        inbox_page(recorder, case.scope, case.flt, region.seeded.today,  # type: ignore[arg-type]
                   holidays)
        for sql, params in recorder.seen:
            for row in db.query(explain + sql, params):
                yield f"{case.scope_name}/{case.filter_name}", str(row[0] if postgres
                                                                   else row[-1])


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table (JSON like ``python -m benchmarks``), or ``--plans``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.staff_inbox",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", action="store_true",
                        help="print the query plans of every case instead of measuring")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"default {RUNS}")
    parser.add_argument("--appeals", type=int, default=APPEALS)
    parser.add_argument("--kiosks", type=int, default=KIOSKS)
    parser.add_argument("--json", type=Path, default=RESULTS / f"{NAME}.json")
    parser.add_argument("--workdir", type=Path, default=RESULTS,
                        help="folder for the scratch databases (a real disk, not tmpfs)")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not args.plans:
        results = measure(args.runs, args.workdir, kiosks=args.kiosks, appeals=args.appeals)
        print_table(results)
        write_json(results, args.json)
        print(f"\nJSON: {args.json}")
        return 0
    holidays = load_catalogue(assets_dir() / "catalogue").holidays
    folder = Path(tempfile.mkdtemp(prefix="staff-inbox-", dir=args.workdir))
    regions = _regions(folder, args.kiosks, args.appeals)
    try:
        for region in regions:
            print(f"== {region.label}: akimat {region.akimat}, district {region.district}, "
                  f"name {region.name!r}")
            with contextlib.closing(ServerStore.open(region.url)) as store:
                last = ""
                for case, line in plans(store.db, region, holidays):
                    if case != last:
                        print(f"-- {case}")
                        last = case
                    print(f"   {line}")
    finally:
        regions.close()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    sys.exit(main())
