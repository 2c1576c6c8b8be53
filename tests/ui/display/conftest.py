"""The kiosk's desk server on loopback for the call display: desks, tickets, a specialist's
browser (httpx), and a server that can be stopped and started again on the same port."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from kiosk.queue.desks import add_desk, get_desk
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from kiosk.web.desk_service import DeskService
from tests.conftest import OPEN_MORNING
from tests.helpers.desk_server import LoopbackDesks

PASSWORD = "desk-password-1"
DESKS = (("social-1", "social", "103"), ("social-2", "social", "105"), ("land-1", "land", "104"))


class Kiosk(LoopbackDesks):
    """The kiosk side: its database, its desk service and server, its clock."""

    def __init__(self, database: Path, catalogue: Catalogue, translator: Translator,
                 state_dir: Path) -> None:
        self.database = database
        self.db: Database = open_database(database)
        self.catalogue = catalogue
        self.state_dir = state_dir
        self.now = OPEN_MORNING
        super().__init__(lambda: DeskService(database, lambda: catalogue, lambda: self.now,
                                             state_dir), translator)

    def set_up(self, tickets: dict[str, int]) -> None:
        """The desks, and ``tickets`` issued per department."""
        for login, department, room in DESKS:
            add_desk(self.db, self.catalogue, login, department=department, room=room,
                     specialist=f"Specialist {login}", now=OPEN_MORNING, password=PASSWORD)
        for department, count in tickets.items():
            for _ in range(count):
                issue_ticket(self.db, self.catalogue, department, self.now, Language.KK)

    def act(self, login: str, action: str = "call") -> None:
        """A desk acts directly on the service (works while the server is down too)."""
        desk = get_desk(self.db, login)
        assert desk is not None
        self.now += dt.timedelta(minutes=1)
        self.desks.act(desk, action, action_id=None)

    def close(self) -> None:
        """Stop everything."""
        self.stop(close_service=True)
        self.db.close()


@pytest.fixture
def kiosk(tmp_path: Path, catalogue: Catalogue, translator: Translator) -> Iterator[Kiosk]:
    """A kiosk with three desks and a morning's tickets, serving on loopback."""
    running = Kiosk(tmp_path / "kiosk.sqlite3", catalogue, translator, tmp_path / "state")
    running.set_up({"social": 4, "land": 2, "civil": 1})
    running.start()
    yield running
    running.close()
