"""End to end: a booking made at a real kiosk is cancelled or moved in the console, and the
kiosk frees the slot — over the real regional server on loopback, SQLite and PostgreSQL.

The kiosk is the real thing without its screens: its own database (``kiosk/bookings.py``
books), the real sync worker uploads, the real document puller pulls the akimat's
reception document and applies it. Staff sign in to the console with a password and post
its forms like a browser. Both clocks stand on Tuesday 1 December 2026, 10:00 in Almaty;
the packaged schedule receives on Tuesdays 10-12 and Thursdays 15-17 (15-minute slots).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from kiosk.applicant import Applicant
from kiosk.bookings import Booking, book_slot, free_slots
from kiosk.catalogue import CatalogueStore
from kiosk.config import Config
from kiosk.errors import ServiceUnavailable
from kiosk.i18n import Language, Translator
from kiosk.storage import open_database
from sync.protocol import canonical_json, content_hash
from sync.reception import reception_folder, reception_puller
from sync.server.app import create_app
from sync.server.console.web import COOKIE, LANG_COOKIE
from sync.server.store import ServerStore
from sync.status import server_status
from sync.worker import SyncWorker
from tests.conftest import OPEN_MORNING, at
from tests.helpers.documents import catalogue_files
from tests.sync.conftest import client, kiosk_config
from tests.sync.server.conftest import database_url, postgres_cluster  # noqa: F401
from tests.sync.server.console.conftest import (
    PASSWORD,
    Clock,
    add_accounts,
    csrf_of,
    session_cookie,
)
from tests.sync.server.live import document, serving

THURSDAY_1500 = at(2026, 12, 3, 15, 0)
THURSDAY_1515 = at(2026, 12, 3, 15, 15)
THURSDAY_1530 = at(2026, 12, 3, 15, 30)
VILLAGER = Applicant.parse("Асқарова Гүлнар Серікқызы", "900101400003", "87015550123")
NEIGHBOUR = Applicant.parse("Омаров Ерлан Бекұлы", "900101300007", "87771234567")


@dataclass
class Region:
    """The regional server with the console, its store, and a signed-in akim's office."""

    url: str
    store: ServerStore
    office: httpx.Client

    def booking_id(self, tracking_code: str) -> int:
        """The server's id of the booking with this tracking code."""
        return int(self.store.db.query("SELECT id FROM records WHERE tracking_code = ?",
                                       (tracking_code,))[0][0])


@dataclass
class Kiosk:
    """A kiosk of karasu: config, database, catalogue and the sync worker."""

    config: Config
    db: Database
    catalogue: CatalogueStore
    worker: SyncWorker

    def book(self, start: dt.datetime, who: Applicant, topic: str = "Жер телімі") -> Booking:
        """Book a slot as the booking screen does."""
        return book_slot(self.db, self.catalogue.current, slot_start=start, topic=topic,
                         applicant=who, language=Language.KK, now=OPEN_MORNING)

    def free(self) -> list[dt.datetime]:
        """The starts the booking screen offers now."""
        return [slot.start for slot in free_slots(self.db, self.catalogue.current,
                                                  OPEN_MORNING)]

    def pull_reception(self) -> str:
        """One pull of the akimat's reception document; its outcome."""
        puller = reception_puller(self.worker.client, self.config.paths.state_dir, self.db)
        return puller.pull().outcome

    def row(self, booking: Booking) -> tuple[str, str, str]:
        """(status, slot_start, slot_end) of a booking in the kiosk's own table."""
        found = self.db.execute("SELECT status, slot_start, slot_end FROM bookings "
                                "WHERE uuid = ?", [booking.uuid]).fetchone()
        return str(found[0]), str(found[1]), str(found[2])


@pytest.fixture
def region(database_url: str, translator: Translator) -> Iterator[Region]:  # noqa: F811
    """The server (SQLite, then PostgreSQL) with karasu's kiosk and the office signed in."""
    clock = Clock(OPEN_MORNING.astimezone(dt.UTC))
    store = ServerStore.open(database_url, clock=clock)
    add_accounts(store, clock)
    try:
        with serving(create_app(store, translator=translator)) as base, \
                httpx.Client(base_url=base, timeout=30) as office:
            answer = office.post("/staff/login", data={"login": "office.a",
                                                       "password": PASSWORD, "next": "/staff/"})
            assert answer.status_code == 303
            office.cookies.set(COOKIE, session_cookie(answer) or "")
            office.cookies.set(LANG_COOKIE, "en")
            yield Region(base, store, office)
    finally:
        store.close()


@pytest.fixture
def kiosk(region: Region, tmp_path: Path) -> Kiosk:
    """The real kiosk karasu-01 (akimat karasu) pointed at the region."""
    token = region.store.add_kiosk("karasu-01", "arshaly", akimat="karasu")
    config = kiosk_config(tmp_path, region.url, token)
    db = open_database(config.paths.database)
    catalogue = CatalogueStore(config.paths.active_catalogue)
    worker = SyncWorker(config, db, client(region.url, token), catalogue,
                        clock=lambda: OPEN_MORNING)
    return Kiosk(config, db, catalogue, worker)


def test_a_cancelled_booking_frees_the_slot_at_the_kiosk(region: Region, kiosk: Kiosk) -> None:
    first = kiosk.book(THURSDAY_1500, VILLAGER)
    assert THURSDAY_1500 not in kiosk.free()
    assert kiosk.worker.run_once().send.sent == 1
    # the office finds the booking on Thursday's list and cancels it
    listed = region.office.get("/staff/reception?day=2026-12-03").text
    record_id = region.booking_id(first.tracking_code)
    assert VILLAGER.full_name in listed and f"/staff/reception/booking/{record_id}" in listed
    page = region.office.get(f"/staff/reception/booking/{record_id}").text
    answer = region.office.post(f"/staff/reception/booking/{record_id}/cancel", data={
        "reason": "Әкім аудандық сессияда", "csrf": csrf_of(page)})
    assert answer.status_code == 303
    # the kiosk hears of it at its next pull, and offers the time again
    assert kiosk.row(first)[0] == "booked"
    assert kiosk.pull_reception() == "changed"
    assert kiosk.row(first)[0] == "cancelled"
    assert THURSDAY_1500 in kiosk.free()
    second = kiosk.book(THURSDAY_1500, NEIGHBOUR, topic="Су құбыры")
    assert kiosk.row(second) == ("booked", THURSDAY_1500.isoformat(),
                                 (THURSDAY_1500 + dt.timedelta(minutes=15)).isoformat())
    assert kiosk.pull_reception() == "unchanged"  # the same document is not applied twice
    assert kiosk.row(second)[0] == "booked"
    assert kiosk.worker.run_once().send.sent == 1
    listed = region.office.get("/staff/reception?day=2026-12-03").text
    assert NEIGHBOUR.full_name in listed and "Two people hold this time" not in listed
    # the citizen's status: the kiosk's status screen asks the server; the QR page shows it
    status = server_status(kiosk.worker.client, first.tracking_code)
    assert status is not None and status["status"] == "cancelled"
    assert "Әкім аудандық сессияда" in status["reply"]
    qr_page = httpx.get(f"{region.url}/t/{first.tracking_code}?lang=en")
    assert "Cancelled" in qr_page.text and "Әкім аудандық сессияда" in qr_page.text


def test_the_sync_worker_itself_pulls_a_cancellation(region: Region, kiosk: Kiosk) -> None:
    booking = kiosk.book(THURSDAY_1500, VILLAGER)
    assert kiosk.worker.run_once().send.sent == 1
    record_id = region.booking_id(booking.tracking_code)
    page = region.office.get(f"/staff/reception/booking/{record_id}").text
    assert region.office.post(f"/staff/reception/booking/{record_id}/cancel", data={
        "reason": "Әкім іссапарда", "csrf": csrf_of(page)}).status_code == 303
    report = kiosk.worker.run_once()  # no explicit pull: the running kiosk's own cycle
    assert report.ok
    assert kiosk.row(booking)[0] == "cancelled"
    assert THURSDAY_1500 in kiosk.free()


def test_a_moved_booking_takes_its_new_slot_at_the_kiosk(region: Region, kiosk: Kiosk) -> None:
    moved = kiosk.book(THURSDAY_1500, VILLAGER)
    other = kiosk.book(THURSDAY_1515, NEIGHBOUR)
    assert kiosk.worker.run_once().send.sent == 2
    record_id = region.booking_id(moved.tracking_code)
    page = region.office.get(f"/staff/reception/booking/{record_id}").text
    answer = region.office.post(f"/staff/reception/booking/{record_id}/move", data={
        "slot": THURSDAY_1530.isoformat(), "reason": "Аким задерживается",
        "csrf": csrf_of(page)})
    assert answer.status_code == 303
    assert kiosk.pull_reception() == "changed"
    assert kiosk.row(moved) == ("booked", THURSDAY_1530.isoformat(),
                                (THURSDAY_1530 + dt.timedelta(minutes=15)).isoformat())
    assert kiosk.row(other)[:2] == ("booked", THURSDAY_1515.isoformat())
    free = kiosk.free()
    assert THURSDAY_1500 in free and THURSDAY_1515 not in free and THURSDAY_1530 not in free
    with pytest.raises(ServiceUnavailable) as taken:
        kiosk.book(THURSDAY_1530, NEIGHBOUR)
    assert taken.value.reason == "slot_taken"
    kiosk.book(THURSDAY_1500, Applicant.parse("Нұрлан Әбдіғали", "900101300007", "87011112233"))
    status = server_status(kiosk.worker.client, moved.tracking_code)
    assert status is not None and status["status"] == "booked" and "15:30" in status["reply"]


def test_two_bookings_that_swap_times_are_both_moved_at_the_kiosk(
        region: Region, kiosk: Kiosk) -> None:
    """The office moved A away, B into A's time, then A into B's: the kiosk swaps them."""
    first = kiosk.book(THURSDAY_1500, VILLAGER)
    second = kiosk.book(THURSDAY_1515, NEIGHBOUR)
    assert kiosk.worker.run_once().send.sent == 2
    for booking, start in ((first, THURSDAY_1530), (second, THURSDAY_1500),
                           (first, THURSDAY_1515)):
        record_id = region.booking_id(booking.tracking_code)
        page = region.office.get(f"/staff/reception/booking/{record_id}").text
        assert region.office.post(f"/staff/reception/booking/{record_id}/move", data={
            "slot": start.isoformat(), "reason": "Кесте өзгерді",
            "csrf": csrf_of(page)}).status_code == 303
    assert kiosk.pull_reception() == "changed"
    assert kiosk.row(first)[:2] == ("booked", THURSDAY_1515.isoformat())
    assert kiosk.row(second)[:2] == ("booked", THURSDAY_1500.isoformat())
    assert THURSDAY_1530 in kiosk.free()


def test_a_move_onto_a_slot_booked_here_offline_keeps_both_bookings(
        region: Region, kiosk: Kiosk) -> None:
    """The kiosk booked 15:30 before it heard that staff moved another booking there."""
    moved = kiosk.book(THURSDAY_1500, VILLAGER)
    assert kiosk.worker.run_once().send.sent == 1
    offline = kiosk.book(THURSDAY_1530, NEIGHBOUR)  # not sent yet
    record_id = region.booking_id(moved.tracking_code)
    page = region.office.get(f"/staff/reception/booking/{record_id}").text
    assert region.office.post(f"/staff/reception/booking/{record_id}/move", data={
        "slot": THURSDAY_1530.isoformat(), "reason": "Аким задерживается",
        "csrf": csrf_of(page)}).status_code == 303
    assert kiosk.pull_reception() == "changed"
    assert kiosk.row(offline)[:2] == ("booked", THURSDAY_1530.isoformat())
    assert kiosk.row(moved)[:2] == ("booked", THURSDAY_1500.isoformat())  # not applied
    assert THURSDAY_1500 not in kiosk.free()  # nobody else is given that time meanwhile
    assert kiosk.worker.run_once().send.sent == 1
    listed = region.office.get("/staff/reception?day=2026-12-03").text
    assert "Two people hold this time" in listed  # the office sees the clash and calls


def test_a_schedule_published_in_the_console_reaches_the_kiosks_booking(
        region: Region, kiosk: Kiosk) -> None:
    publish = httpx.post(f"{region.url}/api/v1/staff/documents", headers={
        "Authorization": f"Bearer {region.store.add_staff('operator')}"},
        json={**document("catalogue", "2026.12.9", catalogue_files()).__dict__,
              "target_kind": "district", "target": "arshaly"})
    assert publish.status_code == 201, publish.text
    assert kiosk.worker.run_once().ok
    assert THURSDAY_1500 in kiosk.free()
    page = region.office.get("/staff/reception/schedule").text
    form = {name: value for name, value in re.findall(
        r'<input id="[^"]+" name="([^"]+)"[^>]*?value="([^"]*)"', page)}
    form.update({name: value for name, value in re.findall(
        r'<select id="[^"]+" name="([^"]+)">\s*<option value="">—</option>.*?'
        r'<option value="([a-z]+)" selected>', page, flags=re.S)})
    form.update({"akimat": "karasu", "c0_date": "2026-12-03", "c0_kk": "Әкім сессияда",
                 "c0_ru": "Аким на сессии", "c0_en": "The akim is at the session",
                 "csrf": csrf_of(page)})
    answer = region.office.post("/staff/reception/schedule", data=form)
    assert answer.status_code == 303, answer.text[:2000]
    report = kiosk.worker.run_once()
    assert [p.outcome for p in report.pulls if p.kind == "catalogue"] == ["changed"]
    free = kiosk.free()
    assert not any(start.date() == dt.date(2026, 12, 3) for start in free)
    assert at(2026, 12, 8, 10, 0) in free  # next Tuesday still offered
    assert kiosk.catalogue.current.reception.cancelled[dt.date(2026, 12, 3)].en == \
        "The akim is at the session"
    with pytest.raises(ServiceUnavailable) as refused:
        kiosk.book(THURSDAY_1500, VILLAGER)
    assert refused.value.reason == "slot_unknown"
    # the same cycle pulled the reception document too (it checks the schedule itself)
    assert [p.outcome for p in report.pulls if p.kind == "reception"] == ["changed"]


def test_a_broken_reception_document_is_refused_by_the_kiosk_and_sync_goes_on(
        region: Region, kiosk: Kiosk) -> None:
    booked = kiosk.book(THURSDAY_1500, VILLAGER)
    assert kiosk.worker.run_once().send.sent == 1
    files = {"reception.toml": catalogue_files()["reception.toml"],
             "bookings.toml": f'[[change]]\nuuid = "{booked.uuid}"\ntracking_code = '
                              f'"{booked.tracking_code}"\nstatus = "done"\n'
                              'slot_start = "2026-12-03T15:00:00+05:00"\n'
                              'slot_end = "2026-12-03T15:15:00+05:00"\n'}
    with region.store.db.transaction() as tx:  # as a server without the check would store it
        tx.execute("INSERT INTO documents (kind, version, content_hash, files, target_kind, "
                   "target, published_at) VALUES ('reception', 'r-bad', ?, ?, 'kiosk', "
                   "'karasu-01', ?)", (content_hash({"kind": "reception", "files": files}),
                                       canonical_json(files).decode(), region.store.now()))
    assert kiosk.pull_reception() == "rejected"
    assert not reception_folder(kiosk.config.paths.state_dir).exists()
    assert kiosk.row(booked)[0] == "booked"
    assert kiosk.pull_reception() == "unchanged"  # remembered: not fetched and checked again
    assert kiosk.worker.run_once().ok
    leftovers = [p.name for p in kiosk.config.paths.state_dir.iterdir()
                 if p.name.startswith(".reception-") and p.is_dir()]
    assert leftovers == [], leftovers  # no staging folder left behind


def test_the_kiosk_status_screen_shows_the_new_time(qtbot: QtBot, region: Region,
                                                    kiosk: Kiosk) -> None:
    """The citizen scans the booking's receipt at the kiosk after the office moved it."""
    from functools import partial

    from PySide6.QtCore import Qt

    from tests.ui.conftest import type_on, visible_texts
    from tests.ui.harness import kiosk_window
    from ui.screens.base import ScreenId
    from ui.screens.status import StatusScreen

    moved = kiosk.book(THURSDAY_1500, VILLAGER)
    assert kiosk.worker.run_once().send.sent == 1
    record_id = region.booking_id(moved.tracking_code)
    page = region.office.get(f"/staff/reception/booking/{record_id}").text
    assert region.office.post(f"/staff/reception/booking/{record_id}/move", data={
        "slot": THURSDAY_1530.isoformat(), "reason": "Әкім кешігеді",
        "csrf": csrf_of(page)}).status_code == 303
    with kiosk_window(kiosk.config, kiosk.db) as window:
        qtbot.addWidget(window)
        nav = window.navigator
        nav.ctx.status_lookup = partial(server_status, kiosk.worker.client)
        nav.ctx.language.set(Language.KK)
        nav.show_screen(ScreenId.STATUS)
        status = nav.screen_of(StatusScreen)
        type_on(qtbot, status.keyboard, moved.tracking_code)
        qtbot.mouseClick(nav.primary_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Әкім кешігеді" in "\n".join(visible_texts(status)),
                        timeout=10_000)
        shown = "\n".join(visible_texts(status))
        assert "15:30" in shown
        assert VILLAGER.iin not in shown and VILLAGER.full_name not in shown
