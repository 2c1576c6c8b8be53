"""Fleet alerts: each kind at its boundary, silence counted in opening hours, the order,
and the opening hours found among the published catalogues of a real store."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.assets import assets_dir
from kiosk.catalogue.files import FILES
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Holidays, Interval, LocalizedText, OpeningHours
from kiosk.storage import utc_iso
from printers.status import PrinterState
from sync.protocol import Heartbeat
from sync.server import alerts as alerts_module
from sync.server.alerts import Alert, OpeningHoursCache, OpeningSchedule, fleet_alerts
from sync.server.console.fleet import alert_words
from sync.server.documents import newest_document
from sync.server.fleet import KioskHealth
from sync.server.store import ServerStore
from tests.sync.server.live import document

TZ = zoneinfo.ZoneInfo("Asia/Almaty")
DAY = (Interval(dt.time(9), dt.time(13)), Interval(dt.time(14), dt.time(18)))
WEEK = OpeningHours((DAY,) * 5 + ((), ()))  # Monday to Friday, 09-13 and 14-18
HOLIDAY = LocalizedText("Мереке", "Праздник", "Holiday")


def schedule(*days_off: dt.date) -> OpeningSchedule:
    """The akimat's week, with these dates off."""
    return OpeningSchedule(WEEK, Holidays(dict.fromkeys(days_off, HOLIDAY), {}), TZ)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in June 2026, Almaty time: 12 is a Friday, 15 a Monday, 16 a Tuesday."""
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=TZ)


def kiosk(kiosk_id: str = "karasu-01", *, seen: dt.datetime | None = None,
          created: dt.datetime | None = None, revoked: bool = False,
          **beat: Any) -> KioskHealth:
    """A fleet row: last contact ``seen``, added ``created``, heartbeat fields ``beat``."""
    return KioskHealth(kiosk_id, "arshaly", revoked, utc_iso(seen) if seen else "", beat, 0,
                       utc_iso(created) if created else "")


def run(kiosks: list[KioskHealth], now: dt.datetime,
        hours: OpeningSchedule | None = None, **limits: Any) -> list[Alert]:
    """The alerts with one schedule for every kiosk (the default week unless given)."""
    chosen = schedule() if hours is None else hours
    return fleet_alerts(kiosks, now, lambda _kiosk_id: chosen, **limits)


def kinds(found: list[Alert]) -> list[tuple[str, str]]:
    return [(alert.kiosk_id, alert.kind) for alert in found]


# --- silent ------------------------------------------------------------------------------

def test_a_weekend_without_contact_is_not_an_alert_until_two_opening_hours_pass() -> None:
    friday = kiosk(seen=at(12, 17))  # one opening hour left on Friday
    assert run([friday], at(15, 9, 30)) == []  # 1 h on Friday + 30 min on Monday
    [alert] = run([friday], at(15, 10, 1))
    assert (alert.kind, alert.severity, alert.since) == ("silent", "critical", utc_iso(at(12, 17)))
    assert alert.opening_minutes_silent == 121
    assert alert.minutes_silent == (3 * 24 - 7) * 60 + 1  # Friday 17:00 to Monday 10:01
    assert "2 h 01 min" in alert.detail


def test_without_opening_hours_silence_is_counted_on_the_wall_clock() -> None:
    friday = kiosk(seen=at(12, 17))
    [alert] = fleet_alerts([friday], at(15, 9, 30), lambda _kiosk_id: None)
    assert alert.kind == "silent"
    assert alert.opening_minutes_silent == alert.minutes_silent == (3 * 24 - 8) * 60 + 30
    assert alert.hours_known is False  # the console must not say "of opening hours"
    assert "unknown" in str(alert_words(alert).english())
    assert fleet_alerts([kiosk(seen=at(15, 9))], at(15, 11), lambda _kiosk_id: None) == []
    assert kinds(fleet_alerts([kiosk(seen=at(15, 9))], at(15, 11, 1),
                              lambda _kiosk_id: None)) == [("karasu-01", "silent")]


def test_exactly_two_opening_hours_is_not_yet_an_alert() -> None:
    tuesday = kiosk(seen=at(16, 16))
    assert run([tuesday], at(16, 18)) == []
    assert run([tuesday], at(16, 23, 59)) == []  # closed since 18:00
    [alert] = run([tuesday], at(17, 9, 1))
    assert alert.opening_minutes_silent == 121
    assert run([kiosk(seen=at(15, 9))], at(15, 11)) == []
    assert kinds(run([kiosk(seen=at(15, 9))], at(15, 11, 1))) == [("karasu-01", "silent")]
    assert kinds(run([kiosk(seen=at(15, 9))], at(15, 11, 1),
                     silent_opening_hours=2.5)) == []


def test_lunch_and_the_evening_do_not_count() -> None:
    noon = kiosk(seen=at(15, 12))
    assert run([noon], at(15, 15)) == []  # 12-13 and 14-15 open: 2 h of 3
    assert kinds(run([noon], at(15, 15), hours=OpeningSchedule(
        OpeningHours(((Interval(dt.time(8), dt.time(20)),),) * 7), Holidays({}, {}), TZ))
    ) == [("karasu-01", "silent")]
    assert run([kiosk(seen=at(15, 17, 30))], at(15, 23, 30)) == []


def test_a_holiday_does_not_count() -> None:
    friday = kiosk(seen=at(12, 17))
    monday_off = schedule(dt.date(2026, 6, 15))
    assert run([friday], at(16, 9, 30), hours=monday_off) == []  # 1 h Friday + 30 min Tuesday
    [alert] = run([friday], at(16, 9, 30))  # a normal Monday: 8 h more
    assert alert.opening_minutes_silent == 60 + 8 * 60 + 30


def test_the_opening_hours_are_those_of_the_akimats_time_zone() -> None:
    utc_week = OpeningSchedule(WEEK, Holidays({}, {}), dt.UTC)
    seen = kiosk(seen=at(15, 9))  # 04:00 UTC, before a UTC akimat opens
    now = at(15, 13)  # 08:00 UTC
    assert run([seen], now, hours=utc_week) == []
    assert kinds(run([seen], now)) == [("karasu-01", "silent")]


def test_an_hour_skipped_by_daylight_saving_is_not_counted() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")  # Sunday 2026-03-29: 02:00 jumps to 03:00
    sunday = dt.date(2026, 3, 29)
    night = OpeningSchedule(OpeningHours(((Interval(dt.time(1), dt.time(4)),),) * 7),
                            Holidays({}, {sunday: HOLIDAY}), berlin)  # a decreed working day
    seen = kiosk(seen=dt.datetime(2026, 3, 29, 0, 30, tzinfo=berlin))
    now = dt.datetime(2026, 3, 29, 5, tzinfo=berlin)
    assert run([seen], now, hours=night) == []  # 01:00-04:00 was two real hours
    assert kinds(run([seen], now + dt.timedelta(days=1), hours=night)) == [
        ("karasu-01", "silent")]


def test_a_kiosk_never_heard_from_counts_from_when_it_was_added() -> None:
    added = kiosk(created=at(12, 16))
    [alert] = run([added], at(15, 9, 30))  # 2 h on Friday + 30 min on Monday
    assert alert.since == utc_iso(at(12, 16)) and alert.opening_minutes_silent == 150
    assert run([kiosk(created=at(12, 17))], at(15, 9, 30)) == []
    heard = kiosk(created=at(12, 9), received_at=utc_iso(at(15, 9)))  # its heartbeat counts
    assert run([heard], at(15, 10)) == []
    assert run([kiosk()], at(15, 10)) == []  # no time known at all: nothing to count from


def test_a_revoked_kiosk_raises_no_alert() -> None:
    gone = kiosk(seen=at(1, 9), revoked=True, paper="out", printer_state="offline")
    assert run([gone], at(15, 12)) == []
    assert len(run([kiosk(seen=at(1, 9), paper="out", printer_state="offline")],
                   at(15, 12))) == 3


# --- the heartbeat's printer, paper, backlog and clock --------------------------------

@pytest.mark.parametrize(("paper", "expected"), [
    ("out", ("paper_out", "critical")), ("near_end", ("paper_low", "warning")),
    ("near end", ("paper_low", "warning")), ("replace_soon", ("paper_low", "warning")),
    ("ok", None), ("unknown", None), ("", None)])
def test_paper(paper: str, expected: tuple[str, str] | None) -> None:
    found = run([kiosk(seen=at(15, 9), paper=paper, printer_state="unknown")], at(15, 9, 5))
    assert [(a.kind, a.severity) for a in found] == ([expected] if expected else [])
    if expected:
        assert found[0].state == paper.replace(" ", "_")
        assert paper.partition(" ")[0] in found[0].detail


def test_an_older_kiosk_reporting_paper_only_in_the_printer_state() -> None:
    found = run([kiosk(seen=at(15, 9), paper="unknown", printer_state="paper_out")],
                at(15, 9, 5))
    assert kinds(found) == [("karasu-01", "paper_out")]
    found = run([kiosk(seen=at(15, 9), printer_state="paper_near_end")], at(15, 9, 5))
    assert kinds(found) == [("karasu-01", "paper_low")]


@pytest.mark.parametrize("state", [*(s.value for s in PrinterState), "unknown", "",
                                   "cutter_jam"])
def test_printer_error(state: str) -> None:
    found = run([kiosk(seen=at(15, 9), printer_state=state, paper="ok")], at(15, 9, 5))
    fine = {"ready", "paper_near_end", "paper_out", "unknown", ""}
    if state in fine:
        assert [a for a in found if a.kind == "printer_error"] == []
    else:
        [alert] = found
        assert (alert.kind, alert.severity, alert.state) == ("printer_error", "critical", state)
        assert state in alert.detail


def test_the_printer_states_the_kiosk_sends_include_the_faults() -> None:
    faults = {s.value for s in PrinterState} - alerts_module.PRINTER_FINE
    assert faults == {"cover_open", "offline", "error", "not_responding"}


def test_backlog_over_the_threshold() -> None:
    def backlog(pending: int, **limits: Any) -> list[Alert]:
        return run([kiosk(seen=at(15, 9), outbox={"pending": pending, "sent": 900})],
                   at(15, 9, 5), **limits)

    assert backlog(50) == []
    [alert] = backlog(51)
    assert (alert.kind, alert.severity, alert.backlog) == ("backlog", "warning", 51)
    assert "51" in alert.detail
    assert backlog(10, backlog_threshold=10) == []
    assert kinds(backlog(11, backlog_threshold=10)) == [("karasu-01", "backlog")]
    assert run([kiosk(seen=at(15, 9), outbox={"sent": 900})], at(15, 9, 5)) == []


@pytest.mark.parametrize(("skew", "alerted"), [
    (300.0, False), (-300.0, False), (300.5, True), (-301.0, True), (None, False)])
def test_clock_skew(skew: float | None, alerted: bool) -> None:
    found = run([kiosk(seen=at(15, 9), clock_skew_seconds=skew)], at(15, 9, 5))
    if alerted:
        [alert] = found
        assert (alert.kind, alert.severity, alert.skew_seconds) == ("clock", "warning", skew)
        assert f"{skew:+.0f} s" in alert.detail
    else:
        assert found == []
    assert kinds(run([kiosk(seen=at(15, 9), clock_skew_seconds=100.0)], at(15, 9, 5),
                     clock_limit_seconds=99)) == [("karasu-01", "clock")]


# --- order and shape ------------------------------------------------------------------

def test_critical_first_then_the_longest_standing() -> None:
    kiosks = [
        kiosk("e-clock", seen=at(15, 11, 30), clock_skew_seconds=900.0),
        kiosk("d-backlog", seen=at(15, 11, 30), outbox={"pending": 80}),
        kiosk("c-paper", seen=at(15, 11, 30), paper="out"),
        kiosk("b-silent-monday", seen=at(15, 9, 10)),
        kiosk("a-silent-friday", seen=at(12, 10), paper="near_end"),
    ]
    assert kinds(run(kiosks, at(15, 12))) == [
        ("a-silent-friday", "silent"), ("b-silent-monday", "silent"),
        ("c-paper", "paper_out"),
        ("a-silent-friday", "paper_low"), ("d-backlog", "backlog"), ("e-clock", "clock"),
    ]


def test_the_alert_as_json_and_a_naive_now_refused() -> None:
    [alert] = run([kiosk(seen=at(15, 9), outbox={"pending": 60})], at(15, 9, 5))
    assert alert.to_json() == {
        "kiosk_id": "karasu-01", "district": "arshaly", "kind": "backlog",
        "severity": "warning", "since": "", "detail": alert.detail, "minutes_silent": None,
        "opening_minutes_silent": None, "hours_known": True, "backlog": 60,
        "skew_seconds": None, "state": ""}
    with pytest.raises(ValueError, match="naive"):
        run([], dt.datetime(2026, 6, 15, 12))


# --- a real store: heartbeats, published catalogues, the cache -------------------------

def catalogue_files(monday: str = '["09:00-13:00", "14:00-18:30"]') -> dict[str, str]:
    """The shipped catalogue's files, with Monday's hours replaced."""
    folder = assets_dir() / "catalogue"
    files = {name: (folder / name).read_text(encoding="utf-8") for name in FILES}
    shipped = 'monday = ["09:00-13:00", "14:00-18:30"]'
    assert shipped in files["akimat.toml"]
    files["akimat.toml"] = files["akimat.toml"].replace(shipped, f"monday = {monday}")
    return files


SHIPPED_HASH = load_catalogue(assets_dir() / "catalogue").content_hash


@pytest.fixture
def clock() -> list[dt.datetime]:
    """The store's clock: set ``clock[0]``."""
    return [at(12, 9)]


@pytest.fixture
def store(database_url: str, clock: list[dt.datetime]) -> Iterator[ServerStore]:
    with ServerStore.open(database_url, clock=lambda: clock[0]) as opened:
        yield opened


def beat(kiosk_id: str, *, printer: str = "ready", paper: str = "ok", pending: int = 0,
         skew: float | None = 1.0) -> Heartbeat:
    return Heartbeat(kiosk_id=kiosk_id, app_version="0.1.0", printer_state=printer,
                     paper=paper, free_disk_bytes=10**9, outbox={"pending": pending},
                     clock_skew_seconds=skew)


def counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Replace the loader the alerts use with one that notes each folder it parses."""
    loaded: list[Path] = []

    def load(folder: Path) -> Any:
        loaded.append(folder)
        return load_catalogue(folder)

    monkeypatch.setattr(alerts_module, "load_catalogue", load)
    return loaded


def test_alerts_over_a_real_store(store: ServerStore, clock: list[dt.datetime]) -> None:
    clock[0] = at(12, 12)
    for kiosk_id in ("karasu-01", "karasu-02", "karasu-03"):
        store.add_kiosk(kiosk_id, "arshaly")
    store.add_kiosk("bulandy-01", "bulandy")
    store.publish(document("catalogue", "2026.6.1", catalogue_files('["06:00-13:00"]')),
                  "district", "bulandy")
    clock[0] = at(12, 16)
    store.save_heartbeat(beat("karasu-01", printer="cover_open", paper="out", pending=51,
                              skew=301.0))
    clock[0] = at(12, 17, 30)
    store.save_heartbeat(beat("karasu-02"))
    clock[0] = at(12, 18)
    store.save_heartbeat(beat("bulandy-01"))

    kiosks = store.fleet()
    hours = OpeningHoursCache().for_kiosks(store.db, kiosks)
    found = fleet_alerts(kiosks, at(15, 9, 30), hours)

    # karasu-02: 1 h on Friday + 30 min on Monday (the shipped hours) is no alert;
    # bulandy-01 would not be either, but its district's catalogue opens at 06:00 on Monday.
    assert kinds(found) == [
        ("karasu-03", "silent"), ("karasu-01", "silent"), ("bulandy-01", "silent"),
        ("karasu-01", "paper_out"), ("karasu-01", "printer_error"),
        ("karasu-01", "backlog"), ("karasu-01", "clock")]
    silent = {a.kiosk_id: a for a in found if a.kind == "silent"}
    assert silent["karasu-03"].since == utc_iso(at(12, 12))  # never heard from: when added
    assert silent["karasu-03"].opening_minutes_silent == 60 + 270 + 30
    assert silent["karasu-01"].since == utc_iso(at(12, 16))
    assert silent["karasu-01"].opening_minutes_silent == 150 + 30
    assert silent["bulandy-01"].opening_minutes_silent == 30 + 210
    by_kind = {a.kind: a for a in found if a.kiosk_id == "karasu-01"}
    assert by_kind["backlog"].backlog == 51 and by_kind["clock"].skew_seconds == 301.0
    assert by_kind["printer_error"].state == "cover_open"


def test_each_kiosk_gets_the_catalogue_newest_document_picks(
        store: ServerStore, monkeypatch: pytest.MonkeyPatch) -> None:
    kiosks_at = {"karasu-01": "arshaly", "karasu-02": "arshaly", "bulandy-01": "bulandy",
                 "bulandy-02": "bulandy", "zhana-01": "zhana"}
    for kiosk_id, district in kiosks_at.items():
        store.add_kiosk(kiosk_id, district)
    hours = OpeningHoursCache()
    kiosks = store.fleet()
    before = hours.for_kiosks(store.db, kiosks)
    assert {k.kiosk_id: found.source if (found := before(k.kiosk_id)) else None
            for k in kiosks} == dict.fromkeys(kiosks_at, SHIPPED_HASH)

    publish: list[tuple[str, str, str]] = [
        ('["08:00-12:00"]', "all", ""), ('["08:10-12:00"]', "district", "arshaly"),
        ('["08:20-12:00"]', "kiosk", "karasu-02"), ('["08:30-12:00"]', "district", "bulandy"),
        ('["08:40-12:00"]', "all", ""), ('["08:50-12:00"]', "district", "arshaly")]
    for index, (monday, target_kind, target) in enumerate(publish):
        store.publish(document("catalogue", f"2026.6.{index}", catalogue_files(monday)),
                      target_kind, target)
    loaded = counting_loads(monkeypatch)
    lookup = hours.for_kiosks(store.db, kiosks)
    for k in kiosks:
        newest = newest_document(store.db, "catalogue", k.kiosk_id, k.district)
        assert newest is not None
        found = lookup(k.kiosk_id)
        assert found is not None and found.source == newest.content_hash, k.kiosk_id
    zhana = lookup("zhana-01")
    assert zhana is not None
    assert zhana.hours.week[0] == (Interval(dt.time(8, 40), dt.time(12)),)
    # five kiosks, four distinct catalogues in use: each parsed once, and not again
    assert len(loaded) == 4
    hours.for_kiosks(store.db, kiosks)
    assert len(loaded) == 4


def test_a_stored_catalogue_the_loader_refuses_falls_back_to_the_default(
        store: ServerStore, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    store.add_kiosk("karasu-01", "arshaly")
    with store.db.transaction() as tx:  # stored by an older server that checked less
        tx.execute("INSERT INTO documents (kind, version, content_hash, files, target_kind, "
                   "target, published_at) VALUES ('catalogue', '1', 'broken', ?, 'all', '', ?)",
                   ('{"akimat.toml": "not = [toml"}', store.now()))
    loaded = counting_loads(monkeypatch)
    hours = OpeningHoursCache()
    with caplog.at_level(logging.ERROR, logger="sync.server.alerts"):
        found = hours.for_kiosks(store.db, store.fleet())("karasu-01")
    assert found is not None and found.source == SHIPPED_HASH
    assert "cannot be loaded" in caplog.text
    hours.for_kiosks(store.db, store.fleet())
    assert len(loaded) == 2  # the broken one and the default, each once


def test_no_default_catalogue_means_wall_clock_hours(store: ServerStore) -> None:
    store.add_kiosk("karasu-01", "arshaly")
    lookup: Callable[[str], OpeningSchedule | None] = OpeningHoursCache(None).for_kiosks(
        store.db, store.fleet())
    assert lookup("karasu-01") is None
