"""Slow work off the GUI thread: a function runs on a worker; the GUI hears back by signal.

The result comes back to the GUI thread by polling the future from a GUI-thread timer (no
signal crosses threads), so a slow printer, network or disk never blocks the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Task(QObject, Generic[T]):
    """Runs ``work`` on ``executor``; ``finished`` carries its result, ``failed`` its error.

    Only the exception types in ``expected`` are turned into ``failed``; anything else is a
    bug and is re-raised on the GUI thread (and logged with its traceback).
    """

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, executor: ThreadPoolExecutor, work: Callable[[], T],
                 expected: tuple[type[BaseException], ...] = (OSError, ValueError),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor
        self._work = work
        self._expected = expected
        self._future: Future[T] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the result has been delivered."""
        return self._timer.isActive()

    def start(self) -> None:
        """Start the work."""
        self._future = self._executor.submit(self._work)
        self._timer.start()

    def _poll(self) -> None:
        if self._future is None or not self._future.done():
            return
        self._timer.stop()
        error = self._future.exception()
        if error is None:
            self.finished.emit(self._future.result())
        elif isinstance(error, self._expected):
            logger.warning("background task failed: %s", error)
            self.failed.emit(error)
        else:
            raise error

    def wait(self, ms: int = 10_000) -> bool:
        """Block until the work is done (for tests and shutdown); the signal still follows."""
        if self._future is None:
            return True
        try:
            self._future.exception(timeout=ms / 1000)
        except TimeoutError:
            return False
        return True
