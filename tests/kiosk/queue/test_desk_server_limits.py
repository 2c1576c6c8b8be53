"""The desk server under load it was not built for: held-open connections, many long polls,
garbage requests. The desks' own pages must still answer."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Translator
from kiosk.web.bounded_http import MAX_CONNECTIONS_PER_CLIENT
from kiosk.web.desk_server import MAX_LONG_POLLS
from kiosk.web.desk_service import DeskService
from tests.conftest import OPEN_MORNING
from tests.helpers.desk_server import LoopbackDesks
from tests.helpers.waiting import wait_until


@pytest.fixture
def served(desks: Database, catalogue: Catalogue, translator: Translator,
           tmp_path: Path) -> Iterator[LoopbackDesks]:
    running = LoopbackDesks(lambda: DeskService(tmp_path / "kiosk.sqlite3", lambda: catalogue,
                                                lambda: OPEN_MORNING, tmp_path), translator)
    running.start()
    yield running
    running.stop(close_service=True)


def _idle(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /desk/login HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
    return sock


def test_held_open_connections_cannot_take_the_server(served: LoopbackDesks) -> None:
    held = [_idle(served.port) for _ in range(MAX_CONNECTIONS_PER_CLIENT)]
    try:
        extra = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        extra.sendall(b"GET /desk/login HTTP/1.1\r\nHost: x\r\n\r\n")
        assert extra.recv(100) == b"", "the connection over the limit is closed at once"
        extra.close()
    finally:
        for sock in held:
            sock.close()
    page = httpx.get(f"{served.url}/desk/login", timeout=10)
    assert page.status_code == 200


def test_long_polls_have_their_own_pool(served: LoopbackDesks,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # every client here is 127.0.0.1: let it hold more connections than one PC may
    assert served.server is not None
    monkeypatch.setattr(served.server.httpd, "max_per_client", 64)
    version = httpx.get(f"{served.url}/board.json", timeout=10).json()["version"]
    results: list[int] = []

    def poll() -> None:
        with httpx.Client(timeout=40) as client:
            try:
                answer = client.get(f"{served.url}/board.json",
                                    params={"after": version, "wait": 20})
            except httpx.HTTPError:
                return  # a held poll ended by the server's stop
            results.append(answer.status_code)

    pollers = [threading.Thread(target=poll) for _ in range(MAX_LONG_POLLS + 8)]
    for thread in pollers:
        thread.start()
    try:
        # the readers beyond the pool are answered at once instead of waiting
        wait_until(lambda: len(results) >= len(pollers) - MAX_LONG_POLLS,
                   "the readers beyond the pool are answered")
        # the pool is full: a desk's page still answers, and so does one more board reader
        assert httpx.get(f"{served.url}/desk/login", timeout=10).status_code == 200
        more = httpx.get(f"{served.url}/board.json", params={"after": version, "wait": 20},
                         timeout=10)
        assert more.status_code == 200 and more.json()["version"] == version
    finally:
        served.stop()  # ends the held polls (their clients see the kiosk go)
        for thread in pollers:
            thread.join(timeout=30)
    assert results[:len(pollers) - MAX_LONG_POLLS] == [200] * (len(pollers) - MAX_LONG_POLLS)


@pytest.mark.parametrize("query", ["?" + "&".join(f"a{i}=1" for i in range(40))])
def test_too_many_fields_are_a_bad_request_not_a_crash(served: LoopbackDesks,
                                                        query: str) -> None:
    assert httpx.get(f"{served.url}/desk/login{query}", timeout=10).status_code == 400
    form = {f"f{i}": "x" for i in range(40)}
    assert httpx.post(f"{served.url}/desk/login", data=form, timeout=10).status_code == 400


def test_a_burst_of_parallel_guesses_is_counted_before_any_is_checked(
        served: LoopbackDesks, monkeypatch: pytest.MonkeyPatch) -> None:
    assert served.server is not None
    monkeypatch.setattr(served.server.httpd, "max_per_client", 64)
    codes: list[int] = []

    def guess(number: int) -> None:
        answer = httpx.post(f"{served.url}/desk/login", timeout=60,
                            data={"login": "social-1", "password": f"wrong-guess-{number}"})
        codes.append(answer.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(codes) == 30
    assert codes.count(403) == 5, codes  # checked: five per address and desk
    assert codes.count(429) == 25, codes  # the rest refused before scrypt ran
    # the specialist, from her own PC, is not locked out by them
    desk = served.desks.sign_in("social-1", "desk-password-1")
    assert desk.desk.login == "social-1"
