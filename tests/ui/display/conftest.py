"""The kiosk's desk server on loopback for the call display: desks, tickets, a specialist's
browser (httpx), and a server that can be stopped and started again on the same port."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from kiosk.queue.desks import add_desk, get_desk
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from kiosk.web.desk_server import DeskServer
from kiosk.web.desk_service import DeskService
from tests.conftest import OPEN_MORNING

PASSWORD = "desk-password-1"
DESKS = (("social-1", "social", "103"), ("social-2", "social", "105"), ("land-1", "land", "104"))


class Kiosk:
    """The kiosk side: its database, its desk service and server, its clock."""

    def __init__(self, database: Path, catalogue: Catalogue, translator: Translator,
                 state_dir: Path) -> None:
        self.database = database
        self.db: Database = open_database(database)
        self.catalogue = catalogue
        self.translator = translator
        self.state_dir = state_dir
        self.now = OPEN_MORNING
        self.service = DeskService(database, lambda: catalogue, lambda: self.now, state_dir)
        self.server: DeskServer | None = None
        self.port = 0

    def set_up(self, tickets: dict[str, int]) -> None:
        """The desks, and ``tickets`` issued per department."""
        for login, department, room in DESKS:
            add_desk(self.db, self.catalogue, login, department=department, room=room,
                     specialist=f"Specialist {login}", now=OPEN_MORNING, password=PASSWORD)
        for department, count in tickets.items():
            for _ in range(count):
                issue_ticket(self.db, self.catalogue, department, self.now, Language.KK)

    def start(self) -> None:
        """Serve on loopback (the same port as before after a stop)."""
        self.server = DeskServer(self.service, self.translator, "127.0.0.1", self.port).start()
        self.port = int(self.server.httpd.server_address[1])

    def stop(self) -> None:
        """Stop serving (the board's clients see the kiosk go)."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    @property
    def url(self) -> str:
        """The desk server's address."""
        return f"http://127.0.0.1:{self.port}"

    def act(self, login: str, action: str = "call") -> None:
        """A desk acts directly on the service (works while the server is down too)."""
        desk = get_desk(self.db, login)
        assert desk is not None
        self.now += dt.timedelta(minutes=1)
        self.service.act(desk, action, action_id=None)

    def close(self) -> None:
        """Stop everything."""
        self.stop()
        self.service.close()
        self.db.close()


class DeskBrowser:
    """A specialist's browser on the desk page: signs in, presses buttons."""

    def __init__(self, url: str, login: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=True, timeout=30)
        page = self.http.post("/desk/login", data={"login": login, "password": PASSWORD})
        assert page.status_code == 200 and "/desk" in str(page.url), page.text
        self.page = page.text

    def press(self, action: str) -> str:
        """Press a desk button as the page offers it (its CSRF token and action id)."""
        csrf = re.search(r'name="csrf" value="([^"]+)"', self.page)
        action_id = re.search(r'name="action_id" value="([^"]+)"><button type="submit" '
                              rf'name="action" value="{action}"', self.page)
        assert csrf and action_id, f"no {action} button on the desk page"
        answer = self.http.post("/desk/action", data={
            "csrf": csrf.group(1), "action_id": action_id.group(1), "action": action})
        assert answer.status_code == 200, answer.text
        self.page = answer.text
        return answer.text

    def close(self) -> None:
        """Close the browser."""
        self.http.close()


@pytest.fixture
def kiosk(tmp_path: Path, catalogue: Catalogue, translator: Translator) -> Iterator[Kiosk]:
    """A kiosk with three desks and a morning's tickets, serving on loopback."""
    running = Kiosk(tmp_path / "kiosk.sqlite3", catalogue, translator, tmp_path / "state")
    running.set_up({"social": 4, "land": 2, "civil": 1})
    running.start()
    yield running
    running.close()
