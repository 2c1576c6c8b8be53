"""What the desk web server does, without HTTP: sign-in, the desk's view, actions, the board.

One :class:`DeskService` per kiosk. Each request thread gets its own SQLite connection
from a small pool (a connection is never used by two threads at once).
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.clock import Clock, local_time
from kiosk.lookup import StatusAnswer, local_status
from kiosk.queue.actions import ActionResult, DeskTicket, current_ticket, perform
from kiosk.queue.board import CallBoard, board_state, board_version
from kiosk.queue.desks import Desk, DeskSession, get_desk, session_desk, sign_in, sign_out
from kiosk.queue.line import WaitingTicket, line_order
from kiosk.queue.position import position_of
from kiosk.queue.sound import read_call_sound
from kiosk.storage.connection import connect

logger = logging.getLogger(__name__)

POOL_SIZE = 8


@dataclass(frozen=True)
class DeskView:
    """Everything the desk page shows."""

    desk: Desk
    ticket: DeskTicket | None
    line: list[WaitingTicket]
    waiting_total: int
    version: str
    now: dt.datetime


class DeskService:
    """The desks' side of the kiosk: used by the LAN web server and by tests directly."""

    def __init__(self, database: Path, catalogue: Callable[[], Catalogue], clock: Clock,
                 state_dir: Path) -> None:
        self.database = database
        self.catalogue = catalogue
        self.clock = clock
        self.state_dir = state_dir
        self._pool: queue.LifoQueue[Database] = queue.LifoQueue()
        self._opened = 0
        self._lock = threading.Lock()
        self.board = CallBoard(self._version)

    @contextmanager
    def db(self) -> Iterator[Database]:
        """A connection for this thread, returned to the pool afterwards."""
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = connect(self.database)
            with self._lock:
                self._opened += 1
        try:
            yield conn
        finally:
            if self._pool.qsize() < POOL_SIZE:
                self._pool.put(conn)
            else:
                conn.close()

    def close(self) -> None:
        """Close the pooled connections."""
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return

    def _version(self) -> str:
        with self.db() as db:
            return board_version(db)

    def sign_in(self, login: str, password: str) -> DeskSession:
        """Check a desk's password (see :func:`kiosk.queue.desks.sign_in`)."""
        with self.db() as db:
            return sign_in(db, login, password, self.clock())

    def sign_out(self, token: str) -> None:
        """End one desk session."""
        with self.db() as db:
            sign_out(db, token)

    def session(self, token: str) -> DeskSession | None:
        """The desk of a session cookie, or None."""
        with self.db() as db:
            return session_desk(db, token, self.clock())

    def view(self, desk: Desk) -> DeskView:
        """The desk's current ticket and its department's line in call order."""
        catalogue = self.catalogue()
        now = self.clock()
        day = local_time(now, catalogue.akimat.timezone).date()
        with self.db() as db:
            fresh = _reload(db, desk)
            line = line_order(db, day, fresh.department, catalogue.queue.priority_in_a_row)
            total = int(db.execute("SELECT count(*) FROM tickets WHERE day = ? AND line = ? "
                                   "AND status = 'waiting'",
                                   [day.isoformat(), fresh.department]).fetchone()[0])
            return DeskView(fresh, current_ticket(db, fresh), line, total, board_version(db), now)

    def act(self, desk: Desk, action: str, *, action_id: str | None,
            to_department: str = "", ticket_uuid: str | None = None) -> ActionResult:
        """Do a desk action and wake the boards; raises QueueRefused with words."""
        with self.db() as db:
            result = perform(db, self.catalogue(), desk.login, action, self.clock(),
                             action_id=action_id, to_department=to_department,
                             ticket_uuid=ticket_uuid)
        self.board.changed()
        return result

    def board_json(self, after: str, wait: float) -> dict[str, Any]:
        """The board as JSON, after waiting up to ``wait`` s for a version other than ``after``."""
        if wait > 0:
            self.board.wait(after, wait)
        catalogue = self.catalogue()
        with self.db() as db:
            state = board_state(db, catalogue, self.clock())
        sound = read_call_sound(self.state_dir)
        data = state.to_json(catalogue)
        akimat = catalogue.akimat
        data["akimat"] = {"name": {"kk": akimat.name.kk, "ru": akimat.name.ru,
                                   "en": akimat.name.en}, "timezone": akimat.timezone}
        data["sound"] = {"speech": sound.speech, "volume": sound.volume,
                         "languages": list(sound.languages)}
        return data

    def ticket_status(self, code: str) -> StatusAnswer | None:
        """A record's status by its code, with people ahead for a waiting ticket."""
        with self.db() as db:
            answer = local_status(db, code)
            if answer is None or answer.kind != "ticket" or answer.status != "waiting":
                return answer
            row = db.execute("SELECT uuid FROM tickets WHERE tracking_code = ?",
                             [code]).fetchone()
            position = position_of(db, self.catalogue(), str(row[0])) if row else None
        if position is None:
            return answer
        return replace(answer, ahead=str(position.ahead),
                       wait_minutes=str(position.wait_minutes))


def _reload(db: Database, desk: Desk) -> Desk:
    return get_desk(db, desk.login) or desk
