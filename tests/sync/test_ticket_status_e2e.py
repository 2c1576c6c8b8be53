"""A ticket followed from waiting to served: the desk acts on the kiosk over HTTP, the kiosk's
own status page and the regional server's page tell the truth, with the server up and down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue, CatalogueStore, load_catalogue
from kiosk.config import Config
from kiosk.i18n import Language, Translator
from kiosk.lookup import local_status, merged_status
from kiosk.queue.closing import closing_time
from kiosk.queue.desks import add_desk
from kiosk.storage import open_database, outbox_counts
from kiosk.storage.outbox import OutboxState
from kiosk.tickets import Ticket, issue_ticket
from kiosk.web.desk_server import DeskServer
from kiosk.web.desk_service import DeskService
from sync.protocol import parse_status
from sync.sender import OutboxSender
from sync.status import server_status
from sync.worker import SyncWorker
from tests.conftest import OPEN_MORNING
from tests.helpers.desk_server import DeskBrowser
from tests.sync.conftest import Regional, client, free_port, kiosk_config

PASSWORD = "desk-password-1"


class Clock:
    """The kiosk's time: the morning of the tickets, moved on by the test."""

    def __init__(self) -> None:
        self.now = OPEN_MORNING

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Kiosk:
    """The kiosk under test: its config, catalogue, database, clock, desk server, token."""

    config: Config
    catalogue: Catalogue
    db: Database
    clock: Clock
    desk_server: DeskServer
    token: str


@pytest.fixture
def kiosk(tmp_path: Path, regional: Regional) -> Iterator[Kiosk]:
    token = regional.add_kiosk("karasu-01")
    config = kiosk_config(tmp_path, regional.url, token)
    catalogue = load_catalogue(config.paths.active_catalogue)
    db = open_database(config.paths.database)
    add_desk(db, catalogue, "social-1", department="social", room="103", specialist="A",
             now=OPEN_MORNING, password=PASSWORD)
    clock = Clock()
    service = DeskService(config.paths.database, lambda: catalogue, clock,
                          config.paths.state_dir)
    translator = Translator.load(config.paths.locale_dir)
    with DeskServer(service, translator, "127.0.0.1", 0) as desk_server:
        yield Kiosk(config, catalogue, db, clock, desk_server, token)
    service.close()
    db.close()


def _page_status(url: str, code: str) -> str:
    page = httpx.get(f"{url}/t/{code}?lang=en", timeout=10)
    assert page.status_code == 200, page.text
    return page.text


def _send(db: Database, url: str, token: str, clock: Clock) -> int:
    sender = OutboxSender(db, client(url, token, timeout=5), "karasu-01",
                          clock=lambda: clock.now + dt.timedelta(hours=1))
    return sender.send_due().sent


def test_a_ticket_is_followed_from_waiting_to_served(kiosk: Kiosk, regional: Regional) -> None:
    catalogue, db, clock, token = kiosk.catalogue, kiosk.db, kiosk.clock, kiosk.token
    desk_server = kiosk.desk_server
    first: Ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    second: Ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    assert _send(db, regional.url, token, clock) == 2
    page = _page_status(regional.url, second.tracking_code)
    assert "Waiting in the queue" in page

    desk = DeskBrowser(desk_server.url, "social-1", PASSWORD)
    clock.now = OPEN_MORNING + dt.timedelta(minutes=5)
    assert first.number in desk.press("call")
    # the kiosk's own page (a phone on the akimat's Wi-Fi) at once
    local = _page_status(desk_server.url, first.tracking_code)
    assert "Called to the desk" in local and "103" in local
    waiting = _page_status(desk_server.url, second.tracking_code)
    assert "No one: you are next" in waiting
    assert "You are called: go to room 103" in local
    # the region after the next send
    assert _send(db, regional.url, token, clock) == 1
    region = _page_status(regional.url, first.tracking_code)
    assert "Called to the desk" in region and "You are called: go to room 103" in region
    assert httpx.get(f"{regional.url}/t/{first.tracking_code}").headers["refresh"] == "30"

    # the uplink drops: the kiosk still tells the truth, the region lags behind
    dead = f"http://127.0.0.1:{free_port()}"
    desk.press("serve")
    desk.press("call")
    assert _send(db, dead, token, clock) == 0
    assert outbox_counts(db)[OutboxState.PENDING] == 2
    assert "Served" in _page_status(desk_server.url, first.tracking_code)
    server_answer = server_status(client(regional.url, token, timeout=5),
                                  second.tracking_code)
    assert server_answer is not None and server_answer["status"] == "waiting"
    here = local_status(db, second.tracking_code)
    shown = merged_status(here, parse_status(server_answer))
    assert shown is not None and (shown.status, shown.room) == ("called", "103")

    # the uplink is back (after the sender's backoff): the region catches up, in order
    clock.now += dt.timedelta(hours=12)
    assert _send(db, regional.url, token, clock) == 2
    assert "Served" in _page_status(regional.url, first.tracking_code)
    region_second = _page_status(regional.url, second.tracking_code)
    assert "Called to the desk" in region_second and "103" in region_second


def test_at_closing_the_sync_worker_closes_the_day_and_the_region_hears(
        kiosk: Kiosk, regional: Regional) -> None:
    config, catalogue, db, token = kiosk.config, kiosk.catalogue, kiosk.db, kiosk.token
    left: Ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    evening = closing_time(catalogue, OPEN_MORNING.date()).astimezone(dt.UTC)
    worker = SyncWorker(config, db, client(regional.url, token),
                        CatalogueStore(config.paths.active_catalogue), clock=lambda: evening)
    report = worker.run_once()
    assert report.closed_tickets == 1
    page = _page_status(regional.url, left.tracking_code)
    assert "Missed" in page
