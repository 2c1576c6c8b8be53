"""Fixtures: the real server with three akimats' kiosks, appeals sent through the kiosk API,
staff accounts of every role, and a clock the test moves.

Akimats: *karasu* and *zhibek* in the district *arshaly*, *ozen* in *bulandy*. Staff:
``clerk.a`` (clerk of karasu), ``clerk.b`` (clerk of zhibek), ``office.a`` (akim's office of
karasu), ``district.arshaly`` (district admin of arshaly) and ``region``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import Translator
from sync.server.accounts import Accounts
from sync.server.app import create_app
from sync.server.console.web import COOKIE
from sync.server.store import ServerStore
from tests.sync.server.live import LiveServer, appeal, serving

#: Wednesday 2 December 2026, 10:00 in Almaty.
START = dt.datetime(2026, 12, 2, 5, 0, tzinfo=dt.UTC)
PASSWORD = "Sunflower-Steppe-2026"
#: The fixture's own accounts are hashed cheaply (scrypt N=2^10) to keep the suite fast;
#: the server verifies with the N stored in each hash, and production defaults stay as they are.
TEST_SCRYPT_N = 2 ** 10
ACCOUNTS: dict[str, tuple[str, str, str]] = {
    "clerk.a": ("clerk", "karasu", ""),
    "clerk.b": ("clerk", "zhibek", ""),
    "office.a": ("office", "karasu", ""),
    "district.arshaly": ("district", "", "arshaly"),
    "region": ("region", "", ""),
}
KIOSKS = {"karasu-01": ("karasu", "arshaly"), "zhibek-01": ("zhibek", "arshaly"),
          "ozen-01": ("ozen", "bulandy")}
#: name -> (kiosk, registration number, applicant, registered on, deadline)
APPEALS = {
    "a_overdue": ("karasu-01", "KARASU-01-2026-00001", "Асқарова Гүлнар Серікқызы",
                  "2026-11-12", "2026-11-27"),
    "a_new": ("karasu-01", "KARASU-01-2026-00002", "Омаров Ерлан Бекұлы",
              "2026-12-01", "2026-12-16"),
    "b_overdue": ("zhibek-01", "ZHIBEK-01-2026-00001", "Жұмабекова Айгерім Нұрланқызы",
                  "2026-11-10", "2026-11-25"),
    "b_overdue2": ("zhibek-01", "ZHIBEK-01-2026-00002", "Жұмабеков Дәурен Асқарұлы",
                   "2026-11-11", "2026-11-26"),
    "b_soon": ("zhibek-01", "ZHIBEK-01-2026-00003", "Жанұзақова Сәуле Маратқызы",
               "2026-11-20", "2026-12-04"),
    "c_overdue": ("ozen-01", "OZEN-01-2026-00001", "Өтебаев Самат Қайратұлы",
                  "2026-11-09", "2026-11-24"),
}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Clock:
    """The store's clock (and so the console's): ``advance`` moves it."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward by ``timedelta(**delta)``."""
        self.now += dt.timedelta(**delta)


def session_cookie(answer: httpx.Response) -> str | None:
    """The value of the console's session cookie set by ``answer`` (None if none is set)."""
    for header in answer.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        if COOKIE in jar and jar[COOKIE].value:
            return jar[COOKIE].value
    return None


def csrf_of(page: str) -> str:
    """The CSRF token in a console page's forms."""
    found = _CSRF.search(page)
    assert found, "no CSRF token in the page"
    return found.group(1)


@dataclass
class Staff:
    """A signed-in browser: an HTTP client holding the session cookie by hand (it is Secure)."""

    http: httpx.Client
    login: str
    cookie: str

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET a console path."""
        return self.http.get(path, **kwargs)

    def csrf(self, path: str = "/staff/") -> str:
        """The CSRF token from a page the staff member may open."""
        page = self.http.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return csrf_of(page.text)

    def post(self, path: str, data: dict[str, str], *, token: str | None = "page"
             ) -> httpx.Response:
        """POST a form; ``token`` "page" fetches the right CSRF token, None sends none."""
        if token == "page":
            token = self.csrf()
        form = dict(data) if token is None else {**data, "csrf": token}
        return self.http.post(path, data=form)


@dataclass
class World:
    """The running server, its store, the clock, and the appeals by name."""

    url: str
    store: ServerStore
    clock: Clock
    live: LiveServer
    tokens: dict[str, str]
    db_url: str
    ids: dict[str, int] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self) -> httpx.Client:
        """A fresh HTTP client (a separate browser or device) for this server."""
        http = httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)
        self.clients.append(http)
        return http

    def sign_in(self, login: str, password: str = PASSWORD) -> Staff:
        """Sign in through the login form; fails the test unless it succeeds."""
        http = self.client()
        answer = http.post("/staff/login", data={"login": login, "password": password,
                                                 "next": "/staff/"})
        assert answer.status_code == 303, (login, answer.status_code, answer.text[:300])
        cookie = session_cookie(answer)
        assert cookie, "no session cookie after signing in"
        http.cookies.set(COOKIE, cookie)
        return Staff(http, login, cookie)

    def send_appeals(self, kiosk_id: str, count: int, **payload: Any) -> list[int]:
        """Send ``count`` more appeals from a kiosk through the kiosk API; their record ids."""
        records = [appeal(registration_number=f"{kiosk_id.upper()}-2026-{900 + i:05d}",
                          **payload) for i in range(count)]
        answer = self.live.send(self.tokens[kiosk_id], kiosk_id, records)
        assert answer.status_code == 201, answer.text
        return [self.record_id(r.uuid) for r in records]

    def record_id(self, uuid: str) -> int:
        """The server's id of a record sent with this uuid."""
        return int(self.store.db.query("SELECT id FROM records WHERE uuid = ?", (uuid,))[0][0])

    def record(self, record_id: int) -> tuple[str, str, str | None]:
        """(status, reply, status_updated_at) of a record as stored."""
        row = self.store.db.query("SELECT status, reply, status_updated_at FROM records "
                                  "WHERE id = ?", (record_id,))[0]
        return str(row[0]), str(row[1] or ""), row[2]

    def audit_rows(self, record_id: int | None = None) -> list[tuple[Any, ...]]:
        """(login, action, record_id, client) of every audit row (of one record), oldest first."""
        where, params = ("WHERE record_id = ? ", (record_id,)) if record_id is not None \
            else ("", ())
        return self.store.db.query(f"SELECT login, action, record_id, client FROM staff_audit "
                                   f"{where}ORDER BY id", params)

    def sessions_of(self, login: str) -> int:
        """How many session rows the account has."""
        return int(self.store.db.query("SELECT count(*) FROM staff_sessions WHERE login = ?",
                                       (login,))[0][0])


@pytest.fixture
def clock() -> Clock:
    """The clock of the store under test."""
    return Clock()


def add_accounts(store: ServerStore, clock: Clock) -> None:
    """Every role's account, with :data:`PASSWORD`."""
    accounts = Accounts(store.db, clock, scrypt_n=TEST_SCRYPT_N)
    for login, (role, akimat, district) in ACCOUNTS.items():
        accounts.add(login, login.replace(".", " ").title(), role, akimat=akimat,
                     district=district, password=PASSWORD)


@contextmanager
def another_worker(url: str, translator: Translator, clock: Clock,
                   catalogue: Catalogue | None = None) -> Iterator[str]:
    """A second app over the same database (as a second server worker); yields its URL."""
    with ServerStore.open(url, clock=clock) as store, \
            serving(create_app(store, translator=translator, catalogue=catalogue)) as base:
        yield base


@pytest.fixture
def world(database_url: str, translator: Translator, catalogue: Catalogue,
          clock: Clock) -> Iterator[World]:
    """The server on loopback (SQLite, then PostgreSQL) with kiosks, appeals and staff."""
    store = ServerStore.open(database_url, clock=clock)
    tokens = {kiosk_id: store.add_kiosk(kiosk_id, district, akimat=akimat)
              for kiosk_id, (akimat, district) in KIOSKS.items()}
    add_accounts(store, clock)
    try:
        with serving(create_app(store, translator=translator, catalogue=catalogue)) as base:
            live = LiveServer(base, store, store.add_staff("operator"))
            world = World(base, store, clock, live, tokens, database_url)
            for name, (kiosk_id, number, person, registered, deadline) in APPEALS.items():
                record = appeal(topic=f"Көше жарығы {name}", registration_number=number,
                                full_name=person, registered_on=registered, deadline=deadline,
                                submitted_at=f"{registered}T05:00:00.000000+00:00")
                answer = live.send(tokens[kiosk_id], kiosk_id, [record])
                assert live.results(answer) == [(record.uuid, "accepted")]
                world.ids[name] = world.record_id(record.uuid)
                world.codes[name] = str(record.payload["tracking_code"])
            try:
                yield world
            finally:
                for http in world.clients:
                    http.close()
                live.http.close()
    finally:
        store.close()
