"""The board client against the real desk server on loopback: a fetch, a long poll woken by a
desk, and what it says when the kiosk is gone or something else answers."""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from kiosk.queue.board_client import BoardClient, BoardUnavailable
from kiosk.queue.desks import get_desk
from kiosk.tickets import issue_ticket
from kiosk.web.desk_service import DeskService
from tests.conftest import OPEN_MORNING
from tests.helpers.desk_server import LoopbackDesks
from tests.helpers.waiting import wait_until


class Kiosk(LoopbackDesks):
    """The kiosk's desk server on loopback, stopped and started again on the same port."""

    def __init__(self, db: Database, database: Path, catalogue: Catalogue,
                 translator: Translator, state: Path) -> None:
        self.db, self.catalogue = db, catalogue
        self.now = OPEN_MORNING
        super().__init__(lambda: DeskService(database, lambda: catalogue, lambda: self.now,
                                             state), translator)

    def call(self, login: str, action: str = "call") -> None:
        desk = get_desk(self.db, login)
        assert desk is not None
        self.now += dt.timedelta(minutes=1)
        self.desks.act(desk, action, action_id=None)


@pytest.fixture
def kiosk(desks: Database, catalogue: Catalogue, translator: Translator,
          tmp_path: Path) -> Iterator[Kiosk]:
    """Desks social-1 (103), social-2 (105), land-1 (104), two social tickets, one land."""
    for department in ("social", "social", "land"):
        issue_ticket(desks, catalogue, department, OPEN_MORNING, Language.KK)
    running = Kiosk(desks, tmp_path / "kiosk.sqlite3", catalogue, translator,
                    tmp_path / "state")
    running.start()
    yield running
    running.stop(close_service=True)


def test_fetch_reads_the_board(kiosk: Kiosk) -> None:
    client = BoardClient(kiosk.url, timeout=10)
    first = client.fetch()
    assert first["calls"] == []
    assert {w["department"]: w["waiting"] for w in first["waiting"]}["social"] == 2
    kiosk.call("social-1")
    board = client.fetch(first["version"], wait=0)
    assert board["version"] != first["version"]
    call = board["calls"][0]
    assert (call["number"], call["room"], call["recall"]) == ("Ә-001", "103", False)
    assert board["sound"] == {"speech": True, "volume": 0.8, "languages": ["kk", "ru"]}


def test_a_long_poll_returns_when_a_desk_calls(kiosk: Kiosk) -> None:
    client = BoardClient(kiosk.url, timeout=10)
    version = client.fetch()["version"]
    answers: list[dict[str, Any]] = []
    poll = threading.Thread(target=lambda: answers.append(client.fetch(version, wait=25)))
    poll.start()
    kiosk.call("land-1")
    poll.join(60)
    assert answers and answers[0]["version"] != version
    assert answers[0]["calls"][0]["number"] == "Ж-001"
    # nothing changed: the poll ends with the same board when its wait is over
    assert client.fetch(answers[0]["version"], wait=0.2)["version"] == answers[0]["version"]


def test_an_unreachable_kiosk_is_said_in_words(kiosk: Kiosk) -> None:
    kiosk.stop()
    with pytest.raises(BoardUnavailable, match=r"cannot reach the kiosk at .*refused"):
        BoardClient(kiosk.url, timeout=5).fetch()
    with pytest.raises(ValueError, match="http://kiosk:8480"):
        BoardClient("kiosk:8480")


class _Stranger(BaseHTTPRequestHandler):
    """Something else at the kiosk's address: answers by path."""

    def do_GET(self) -> None:
        answers = {"/junk/board.json": (200, b"<html>router login</html>"),
                   "/list/board.json": (200, b"[1, 2]"),
                   "/huge/board.json": (200, b'{"version": "' + b"9" * 400_000 + b'"}'),
                   "/broken/board.json": (500, b"oops")}
        status, body = answers.get(self.path.split("?")[0], (404, b"no"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def stranger() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stranger)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("path", "words"), [
    ("junk", "is not the call board (bad JSON"),
    ("list", "is not the call board (not a JSON object)"),
    ("huge", "is larger than 262144 bytes"),
    ("broken", "answered HTTP 500"),
])
def test_something_else_answering_is_said_in_words(stranger: str, path: str,
                                                   words: str) -> None:
    with pytest.raises(BoardUnavailable, match=re.escape(words)):
        BoardClient(f"{stranger}/{path}", timeout=5).fetch()


def test_a_kiosk_that_never_answers_times_out() -> None:
    with socket.socket() as silent:  # accepts the connection (backlog), never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(BoardUnavailable, match=r"did not answer within 0\.5 s"):
            BoardClient(url, timeout=0.5).fetch()


def test_follow_reports_an_outage_once_and_recovers_on_the_same_port(kiosk: Kiosk) -> None:
    boards: list[dict[str, Any]] = []
    outages: list[str] = []
    stop = threading.Event()
    client = BoardClient(kiosk.url, timeout=5)
    worker = threading.Thread(target=client.follow, args=(boards.append, outages.append, stop),
                              kwargs={"wait": 25}, daemon=True)
    worker.start()
    try:
        wait_until(lambda: len(boards) == 1, "the first board arrives")
        kiosk.call("social-1")
        wait_until(lambda: len(boards) == 2, "the call arrives through the long poll")
        assert boards[1]["calls"][0]["number"] == "Ә-001"

        kiosk.stop()
        wait_until(lambda: outages, "the outage is reported")
        assert f"kiosk at {kiosk.url}" in outages[0]  # refused, or the poll in flight cut
        stop.wait(3.5)  # the retries at 1 s and 2 s fail too: still one report
        assert len(outages) == 1

        kiosk.call("social-2")  # a desk acted while the board was away
        kiosk.start()
        wait_until(lambda: len(boards) == 3, "the board is read again after the outage",
                   timeout=40)
        assert [c["number"] for c in boards[2]["calls"]] == ["Ә-002", "Ә-001"]
        assert len(outages) == 1
    finally:
        stop.set()
        kiosk.stop()
    worker.join(10)
    assert not worker.is_alive(), "the loop ends when stopped"


def test_a_failing_receiver_does_not_end_the_loop(kiosk: Kiosk,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    seen: list[str] = []
    stop = threading.Event()

    def fragile(board: dict[str, Any]) -> None:
        seen.append(board["version"])
        if len(seen) == 1:
            raise RuntimeError("a bug in the screen")

    worker = threading.Thread(target=BoardClient(kiosk.url).follow,
                              args=(fragile, lambda _r: None, stop), daemon=True)
    worker.start()
    try:
        wait_until(lambda: seen, "the first board")
        kiosk.call("land-1")
        wait_until(lambda: len(seen) == 2, "the next board after the receiver failed")
    finally:
        stop.set()
    assert "a receiver of the board failed" in caplog.text


def test_a_deeply_nested_answer_is_not_the_board() -> None:
    from kiosk.queue.board_client import parse_board

    with pytest.raises(BoardUnavailable, match="not the call board"):
        parse_board(b"[" * 100_000 + b"]" * 100_000)
