"""staff_inbox on a tiny region (so it cannot rot), its data, and the inbox's query plans."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from benchmarks.harness import write_json
from benchmarks.staff_inbox import Region, cases, measure, plans
from kiosk.catalogue import Catalogue
from kiosk.errors import ValidationError
from kiosk.kinds import check_status, transition_problem
from kiosk.tracking import normalize_tracking_code
from kiosk.validators import normalize_iin, normalize_name, normalize_phone
from sync.protocol import Record
from sync.server.accounts import Accounts, LoginRefused, Scope
from sync.server.demo_data import DEMO_PASSWORDS, Seeded, seed_demo, seed_region
from sync.server.inbox import (
    InboxFilter,
    choices,
    due_counts,
    inbox_page,
    open_statuses,
)
from sync.server.pgcluster import PostgresCluster, find_bindir
from sync.server.store import ServerStore

#: Tuesday 8 December 2026, 11:00 in Almaty.
NOW = dt.datetime(2026, 12, 8, 6, 0, tzinfo=dt.UTC)
_COLUMNS = ("kiosk_id, uuid, kind, payload, content_hash, tracking_code, number, deadline, "
            "akimat, district, person_name, name_key, phone, category, topic, language, day, "
            "slot_start, score")
needs_postgres = pytest.mark.skipif(find_bindir() is None,
                                    reason="PostgreSQL binaries (initdb, pg_ctl) not installed")


def _open(url: str) -> ServerStore:
    return ServerStore.open(url, clock=lambda: NOW)


def _small(store: ServerStore, seed: int = 7) -> Seeded:
    return seed_region(store, kiosks=8, appeals=400, tickets=200, bookings=30, ratings=40,
                       seed=seed)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed")
    with PostgresCluster(bindir) as cluster:
        cluster.start()
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def region(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ServerStore,
                                                                            Seeded]]:
    """A small seeded region on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'region.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").create_database()
    store = _open(url)
    try:
        yield store, _small(store)
    finally:
        store.close()


@needs_postgres
def test_the_benchmark_runs_on_a_tiny_region_and_writes_its_json(tmp_path: Path) -> None:
    results = measure(3, tmp_path, kiosks=4, appeals=120, http_runs=3)

    names = [r.name for r in results]
    expected = [f"staff_inbox_{db}_{scope}_{flt}_{p}" for db in ("sqlite", "postgresql")
                for scope, flt in [*[(s, f) for s in ("clerk", "district", "region")
                                     for f in ("none", "status", "due_soon", "overdue", "name",
                                               "by_deadline")],
                                   ("http", "clerk_page"), ("http", "district_page")]
                for p in ("p50", "p95")]
    assert names == expected
    for result in results:
        assert result.unit in ("ms (p50)", "ms (p95)")
        assert result.value > 0 and result.baseline_value and result.baseline_value > 0
        assert result.ratio == pytest.approx(result.value / result.baseline_value)
        assert result.baseline and ("LIMIT 50" in result.baseline
                                    or result.baseline.startswith("GET /staff/login"))
    path = tmp_path / "staff_inbox.json"
    write_json(results, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [item["name"] for item in saved] == expected
    assert all(set(item) == {"name", "value", "unit", "baseline", "baseline_value", "ratio"}
               for item in saved)
    assert not list(tmp_path.glob("staff-inbox-*")), "scratch databases are removed"


def test_seeded_rows_have_the_columns_ingest_writes(tmp_path: Path) -> None:
    seeded_store = _open(f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    seeded = _small(seeded_store)
    ingested = _open(f"sqlite:///{tmp_path / 'ingested.sqlite3'}")
    for place in seeded.places:
        ingested.add_kiosk(place.kiosk_id, place.district, akimat=place.akimat)
    rows = seeded_store.db.query(f"SELECT {_COLUMNS} FROM records ORDER BY id")
    for kiosk in {row[0] for row in rows}:
        mine = [row for row in rows if row[0] == kiosk]
        result = ingested.ingest(kiosk, [Record(r[1], r[2], json.loads(r[3])) for r in mine],
                                 [r[1] for r in mine])
        assert {item.status.value for item in result.results} == {"accepted"}
    again = ingested.db.query(f"SELECT {_COLUMNS} FROM records ORDER BY kiosk_id, uuid")
    assert sorted(rows, key=lambda r: (r[0], r[1])) == again
    assert {row[2] for row in rows} == {"appeal", "ticket", "booking", "rating"}
    seeded_store.close()
    ingested.close()


def test_seeded_people_codes_and_statuses_pass_the_kiosks_own_checks(
        tmp_path: Path, catalogue: Catalogue) -> None:
    store = _open(f"sqlite:///{tmp_path / 'region.sqlite3'}")
    _small(store)
    for kind, payload_text, status in store.db.query(
            "SELECT kind, payload, status FROM records"):
        payload = json.loads(payload_text)
        if kind == "rating":  # anonymous, as on the kiosk
            assert "tracking_code" not in payload and "full_name" not in payload
        else:
            assert normalize_tracking_code(payload["tracking_code"]) == payload["tracking_code"]
        if kind in ("appeal", "booking"):
            assert normalize_name(payload["full_name"]) == payload["full_name"]
            assert normalize_iin(payload["iin"]) == payload["iin"]
            assert normalize_phone(payload["phone"]) == payload["phone"]
        if kind == "appeal":
            assert payload["appeal_type"] in catalogue.appeal_types
            assert payload["registered_on"] < payload["deadline"]
        if kind != "rating":
            assert check_status(kind, status) is None, (kind, status)
        if kind == "booking":
            slot = dt.datetime.fromisoformat(payload["slot_start"])
            assert slot.weekday() in {s.weekday.number for s in catalogue.reception.sessions}
            assert slot.date() not in catalogue.reception.cancelled
            assert slot.date() <= NOW.date() + dt.timedelta(
                days=catalogue.reception.booking_horizon_days)
            assert dt.datetime.fromisoformat(payload["booked_at"]) < slot
    numbers = store.db.query("SELECT kiosk_id, number FROM records WHERE kind = 'appeal' "
                             "ORDER BY id")
    for kiosk in {k for k, _ in numbers}:
        mine = [n for k, n in numbers if k == kiosk]
        assert mine == sorted(mine) and len(set(mine)) == len(mine)
    store.close()


def test_history_follows_the_registry_and_ends_in_the_records_status(tmp_path: Path) -> None:
    store = _open(f"sqlite:///{tmp_path / 'region.sqlite3'}")
    _small(store)
    records = {int(i): (str(k), str(s), str(r), u) for i, k, s, r, u in store.db.query(
        "SELECT id, kind, status, reply, status_updated_at FROM records")}
    steps: dict[int, list[tuple[str, str, str, str]]] = {}
    for record_id, at, old, new, reply in store.db.query(
            "SELECT record_id, at, old_status, new_status, reply FROM status_history "
            "ORDER BY id"):
        steps.setdefault(int(record_id), []).append((str(at), str(old), str(new), str(reply)))
    assert steps
    for record_id, changes in steps.items():
        kind, status, reply, updated = records[record_id]
        first = {"appeal": "registered", "booking": "booked"}[kind]
        assert changes[0][1] == first
        for (_, old, new, _), following in zip(changes, [*changes[1:], None], strict=True):
            assert transition_problem(kind, old, new) is None
            assert following is None or following[1] == new
        assert changes[-1][2] == status and changes[-1][3] == reply
        assert [c[0] for c in changes] == sorted(c[0] for c in changes)
        assert updated == changes[-1][0] <= NOW.isoformat()


def test_deadlines_fall_around_today_in_every_scope(
        region: tuple[ServerStore, Seeded], catalogue: Catalogue) -> None:
    store, seeded = region
    counts = due_counts(store.db, Scope("region"), seeded.today, catalogue.holidays)
    assert counts["overdue"] > 0 and counts["soon"] > 0 and counts["new"] > 0
    statuses = {row[0] for row in store.db.query(
        "SELECT DISTINCT status FROM records WHERE kind = 'appeal'")}
    assert statuses == {"registered", "in_progress", "answered", "forwarded", "rejected"}
    assert set(open_statuses("appeal")) < statuses


def test_the_same_seed_makes_the_same_region(tmp_path: Path) -> None:
    made = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        store = _open(f"sqlite:///{tmp_path / name}.sqlite3")
        _small(store, seed)
        made.append(store.db.query("SELECT kiosk_id, uuid, payload, status, reply "
                                   "FROM records ORDER BY id"))
        store.close()
    assert made[0] == made[1]
    assert made[0] != made[2]


def test_the_demo_set_has_an_account_of_every_role_that_signs_in(tmp_path: Path) -> None:
    store = _open(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    accounts = seed_demo(store, scrypt_n=2 ** 10)
    assert {a.role for a in accounts} == {"clerk", "office", "district", "region"}
    checker = Accounts(store.db, lambda: NOW)
    for account in accounts:
        assert account.password == DEMO_PASSWORDS[account.role]
        assert checker.authenticate(account.login, account.password).role == account.role
    with pytest.raises(LoginRefused):
        checker.authenticate(accounts[0].login, "not-the-demo-password")
    clerks = [a for a in accounts if a.role == "clerk"]
    assert len({a.akimat for a in clerks}) == 2
    kinds = {row[0]: int(row[1]) for row in store.db.query(
        "SELECT kind, count(*) FROM records GROUP BY kind")}
    assert 20 <= kinds["appeal"] <= 60 and kinds["booking"] and kinds["rating"] \
        and kinds["ticket"]
    store.close()


def test_a_demo_clerk_sees_overdue_and_due_soon_appeals_of_their_akimat_only(
        tmp_path: Path, catalogue: Catalogue) -> None:
    store = _open(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    accounts = seed_demo(store, scrypt_n=2 ** 10)
    today = dt.datetime.fromisoformat(store.now()).astimezone(ZoneInfo("Asia/Almaty")).date()
    for clerk in (a for a in accounts if a.role == "clerk"):
        scope = Scope("clerk", akimat=clerk.akimat)
        counts = due_counts(store.db, scope, today, catalogue.holidays)
        assert counts["overdue"] > 0 and counts["soon"] > 0, clerk.akimat
        page = inbox_page(store.db, scope, InboxFilter(), today, catalogue.holidays)
        assert page.rows and {row.akimat for row in page.rows} == {clerk.akimat}
        assert {row.language for row in page.rows} == {"kk", "ru"}
    store.close()


def _reference(store: ServerStore, scope: Scope, flt: InboxFilter, seeded: Seeded,
               catalogue: Catalogue) -> list[int]:
    """The ids of the first page by the plainest query (no deferred join, kind as is)."""
    from sync.server.inbox import SORTS, effective_sort, inbox_conditions

    parts, values = inbox_conditions(scope, flt, seeded.today, catalogue.holidays)
    where = " AND ".join(parts).replace("r.kind || '' = 'appeal'", "r.kind = 'appeal'")
    rows = store.db.query(f"SELECT r.id FROM records r WHERE {where} "
                          f"ORDER BY {SORTS[effective_sort(flt)]} LIMIT 50", values)
    return [int(row[0]) for row in rows]


def test_every_benchmark_case_lists_what_the_plain_query_lists(
        region: tuple[ServerStore, Seeded], catalogue: Catalogue) -> None:
    store, seeded = region
    akimat = seeded.akimats()[0]
    name = str(store.db.query("SELECT person_name FROM records WHERE kind = 'appeal' "
                              "AND akimat = ? ORDER BY id LIMIT 1", (akimat,))[0][0])
    code, number = store.db.query("SELECT tracking_code, number FROM records "
                                  "WHERE kind = 'appeal' ORDER BY id DESC LIMIT 1")[0]
    bench = Region("x", "", seeded, akimat, seeded.districts()[0],
                   name.split(maxsplit=1)[0])
    extra = [InboxFilter(query=str(code)), InboxFilter(query=str(number)),
             InboxFilter(query=name[:1]), InboxFilter(due="overdue", sort="new")]
    checked = 0
    for case in cases(bench):
        for flt in (case.flt, *extra):
            page = inbox_page(store.db, case.scope, flt, seeded.today, catalogue.holidays)
            assert [row.id for row in page.rows] == _reference(store, case.scope, flt, seeded,
                                                               catalogue)
            checked += bool(page.rows)
    assert checked > 60


def test_searches_start_from_their_own_index_and_lists_need_no_scope_sort(
        tmp_path: Path, catalogue: Catalogue) -> None:
    """SQLite without statistics once walked a whole scope for a tracking code or a name
    (the kind index looked selective) and sorted the region for the first page."""
    store = _open(f"sqlite:///{tmp_path / 'region.sqlite3'}")
    seeded = _small(store)
    akimat = seeded.akimats()[0]
    bench = Region("sqlite", "", seeded, akimat, seeded.districts()[0], "Асқарова Гүлнар")
    found: dict[str, list[str]] = {}
    for case, line in plans(store.db, bench, catalogue.holidays):
        found.setdefault(case, []).append(line)
    assert len(found) == 18
    for case, lines in found.items():
        _, flt = case.split("/")
        # The page: MATERIALIZE page, <how its ids are found>, [a sort], SCAN page, …
        page_plan = [*lines[:lines.index(next(x for x in lines if "CO-ROUTINE capped" in x))],
                     "", "", ""]
        assert page_plan[0] == "MATERIALIZE page", (case, lines)
        assert not [x for x in lines if x.startswith("SCAN r")], (case, lines)
        if flt == "name":
            assert "COVERING INDEX records_name " in page_plan[1], (case, lines)
        elif flt in ("none", "status", "by_deadline"):
            assert "COVERING INDEX" in page_plan[1], (case, lines)
            assert page_plan[2] == "SCAN page", (case, lines)  # no sort before it
    for query in (seeded_code(store), "KARASU-01-2026-00001"):
        page = Region("sqlite", "", seeded, akimat, seeded.districts()[0], query)
        lines = [line for case, line in plans(store.db, page, catalogue.holidays)
                 if case == "clerk/name"]
        assert any("records_tracking_code" in x or "records_number" in x for x in lines), lines
    store.close()


def seeded_code(store: ServerStore) -> str:
    """A stored appeal's tracking code."""
    code = str(store.db.query("SELECT tracking_code FROM records WHERE kind = 'appeal' "
                              "LIMIT 1")[0][0])
    try:
        return normalize_tracking_code(code)
    except ValidationError:
        pytest.fail(f"seeded code {code} is not valid")


def test_a_due_list_is_never_read_by_walking_the_table_back_from_the_newest(
        postgres: PostgresCluster, catalogue: Catalogue) -> None:
    """PostgreSQL once read the region's overdue list through the primary key backwards
    (14,300 rows for 50: it expects overdue appeals spread evenly; they are the old ones).
    Sorting is priced out here, so any index that yields the id order would be taken."""
    import psycopg

    url = postgres.create_database()
    store = _open(url)
    seeded = _small(store)
    seen: list[tuple[str, tuple[object, ...]]] = []

    class Recorder:
        def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
            seen.append((sql, tuple(params)))
            return store.db.query(sql, params)

    for due in ("overdue", "soon"):
        inbox_page(Recorder(), Scope("region"), InboxFilter(due=due, sort="new"),  # type: ignore[arg-type]
                   seeded.today, catalogue.holidays)
    store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE records")
        conn.execute("SET enable_sort = off")
        for sql, params in seen[::2]:  # the page queries (each is followed by its count)
            plan = "\n".join(str(row[0]) for row in conn.execute(
                "EXPLAIN " + sql.replace("%", "%%").replace("?", "%s"), params))
            ids = plan.split("Subquery Scan on page", 1)[1]  # how the page's ids are found
            assert "Backward" not in ids and "Sort Key" in ids, plan


def test_filter_choices_are_those_of_the_scopes_records(
        region: tuple[ServerStore, Seeded]) -> None:
    store, seeded = region
    for scope in (Scope("clerk", akimat=seeded.akimats()[1]),
                  Scope("district", district=seeded.districts()[0]), Scope("region")):
        where, params = scope.where()
        for column in ("akimat", "kiosk_id", "category"):
            every = store.db.query(f"SELECT DISTINCT r.{column} FROM records r WHERE "
                                   f"r.kind = 'appeal' AND {where} ORDER BY r.{column}", params)
            assert choices(store.db, scope, column) == [str(row[0]) for row in every], \
                (scope, column)
    lone = Scope("clerk", akimat="Нет такого")
    assert [choices(store.db, lone, c) for c in ("akimat", "kiosk_id", "category")] == \
        [[], [], []]


def test_filter_choices_never_read_the_records_of_the_scope(tmp_path: Path) -> None:
    """A district admin's inbox once read every record of the district for its three
    filter lists (0.3 s of 100,000 appeals); now kiosks come from the kiosks table and
    the types one at a time from an index."""
    store = _open(f"sqlite:///{tmp_path / 'region.sqlite3'}")
    seeded = _small(store)
    seen: list[tuple[str, tuple[object, ...]]] = []

    class Recorder:
        def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
            seen.append((sql, tuple(params)))
            return store.db.query(sql, params)

    for scope in (Scope("clerk", akimat=seeded.akimats()[0]),
                  Scope("district", district=seeded.districts()[0]), Scope("region")):
        for column in ("akimat", "kiosk_id", "category"):
            choices(Recorder(), scope, column)  # type: ignore[arg-type]
    for sql, params in seen:
        plan = [str(row[-1]) for row in store.db.query("EXPLAIN QUERY PLAN " + sql, params)]
        reads = [line for line in plan if " r " in f"{line} " or " s " in f"{line} "]
        assert all("COVERING INDEX" in line for line in reads), plan
    store.close()
