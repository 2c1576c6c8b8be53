"""The call board as Qt signals: a worker thread long-polls the kiosk, the GUI thread hears.

:class:`BoardFeed` runs :meth:`kiosk.queue.board_client.BoardClient.follow` on a daemon
thread. The thread emits a private signal of the feed; the feed lives on the GUI thread, so
Qt queues the call and :attr:`updated` / :attr:`offline` are emitted there. Nothing here
waits on the network in the GUI thread: :meth:`stop` only sets an event (a poll in flight
ends by itself within its wait, and is then dropped).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.queue.board_client import DEFAULT_WAIT, BoardClient

logger = logging.getLogger(__name__)


class BoardFeed(QObject):
    """Follows ``<url>/board.json``; ``updated(board)`` and ``offline(reason)`` on the GUI
    thread. :attr:`board` is the last board received, :attr:`online` whether the kiosk
    answers now (None before the first answer)."""

    updated = Signal(dict)
    offline = Signal(str)
    _arrived = Signal(object)
    _lost = Signal(str)

    def __init__(self, url: str, *, timeout: float = 5.0, wait: float = DEFAULT_WAIT,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = BoardClient(url, timeout)
        self.wait = wait
        self.board: dict[str, Any] | None = None
        self.online: bool | None = None
        self.reason = ""
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._arrived.connect(self._deliver_board)
        self._lost.connect(self._deliver_offline)

    @property
    def url(self) -> str:
        """The kiosk's desk server followed."""
        return self.client.url

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._stop is not None and not self._stop.is_set()

    def start(self) -> None:
        """Start following the board (once; a second call does nothing)."""
        if self.running:
            return
        stop = threading.Event()
        self._stop = stop
        self._thread = threading.Thread(
            target=self.client.follow, name="board-feed", daemon=True,
            args=(lambda board: self._emit_board(stop, board),
                  lambda reason: self._emit_offline(stop, reason), stop),
            kwargs={"wait": self.wait})
        self._thread.start()
        logger.info("following the call board at %s", self.url)

    def stop(self) -> None:
        """Stop following; returns at once (a poll in flight is dropped when it ends)."""
        if self._stop is not None:
            self._stop.set()

    def join(self, timeout: float) -> bool:
        """Wait for the worker to end after :meth:`stop` (tests, shutdown); True if it did."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- worker thread -----------------------------------------------------------------
    def _emit_board(self, stop: threading.Event, board: dict[str, Any]) -> None:
        if not stop.is_set():
            self._arrived.emit(board)

    def _emit_offline(self, stop: threading.Event, reason: str) -> None:
        if not stop.is_set():
            self._lost.emit(reason)

    # -- GUI thread --------------------------------------------------------------------
    @Slot(object)
    def _deliver_board(self, board: object) -> None:
        if not self.running or not isinstance(board, dict):
            return
        self.board = board
        self.online = True
        self.reason = ""
        self.updated.emit(board)

    @Slot(str)
    def _deliver_offline(self, reason: str) -> None:
        if not self.running:
            return
        self.online = False
        self.reason = reason
        self.offline.emit(reason)
