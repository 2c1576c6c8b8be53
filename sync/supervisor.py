"""Keep the sync loop alive: restart its thread whenever it ends without being stopped.

:class:`sync.worker.SyncWorker` already survives an exception in any step of a cycle; this
is the layer around it for what escapes a cycle (a failure while logging or saving the
state, ``MemoryError`` inside a handler, a ``BaseException`` subclass, a loop that simply
returned). Each unexpected end is logged with its traceback, counted, recorded in the sync
state (``restarts``, ``last_crash``: shown in maintenance and sent with the next heartbeat),
and the loop is started again after 1, 2, 4 … 60 s. A loop that ran for
:data:`HEALTHY_RUN_SECONDS` before ending starts the back-off from 1 s again.

Qt-free; the clock, the monotonic timer and the wait are injectable so tests never sleep.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.clock import Clock, system_clock

logger = logging.getLogger(__name__)

#: The longest pause between two restarts of a loop that keeps crashing.
MAX_BACKOFF_SECONDS = 60.0
#: A loop that ran at least this long before ending is restarted after the shortest pause.
HEALTHY_RUN_SECONDS = 300.0

Loop = Callable[[threading.Event], object]
Wait = Callable[[threading.Event, float], bool]


def backoff_seconds(crashes_in_a_row: int) -> float:
    """The pause before restart number ``crashes_in_a_row`` (1, 2, 4 … 60 s)."""
    return min(2.0 ** max(crashes_in_a_row - 1, 0), MAX_BACKOFF_SECONDS)


def _event_wait(stop: threading.Event, seconds: float) -> bool:
    return stop.wait(seconds)


class Supervisor:
    """Runs ``loop(stop)`` in a thread of its own and restarts it until :meth:`stop`.

    ``state_dir``: where the sync state lives (``None``: restarts are only logged).
    ``wait(stop, seconds)`` pauses between restarts and returns True once stopped.
    """

    def __init__(self, loop: Loop, state_dir: Path | None, *, name: str = "sync",
                 clock: Clock = system_clock, monotonic: Callable[[], float] = time.monotonic,
                 wait: Wait = _event_wait) -> None:
        self.loop = loop
        self.state_dir = state_dir
        self.name = name
        self.clock = clock
        self.monotonic = monotonic
        self.wait = wait
        self.stopped = threading.Event()
        #: Restarts by this supervisor (the sync state keeps the count across app restarts).
        self.restarts = 0
        #: Pauses taken before each restart, in seconds (for the log and tests).
        self.pauses: list[float] = []
        self.last_crash = ""
        self._thread: threading.Thread | None = None
        self._worker: threading.Thread | None = None
        self._crash: BaseException | None = None

    def start(self) -> Supervisor:
        """Start supervising in a daemon thread; returns self."""
        self._thread = threading.Thread(target=self._supervise, name=f"{self.name}-supervisor",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the loop to end after its current cycle; it is not restarted."""
        self.stopped.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the supervisor (and so the loop) to end; True when it has."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def loop_alive(self) -> bool:
        """True while the loop's thread runs."""
        return self._worker is not None and self._worker.is_alive()

    def _run_loop(self) -> None:
        """The loop's thread: whatever ends it is kept for the supervisor to report."""
        self._crash = None
        try:
            self.loop(self.stopped)
        except BaseException as exc:  # noqa: BLE001 — reported and restarted by _supervise
            self._crash = exc

    def _supervise(self) -> None:
        in_a_row = 0
        while not self.stopped.is_set():
            began = self.monotonic()
            self._worker = threading.Thread(target=self._run_loop, name=self.name, daemon=True)
            self._worker.start()
            self._worker.join()
            if self.stopped.is_set():
                break
            try:
                in_a_row = 1 if self.monotonic() - began >= HEALTHY_RUN_SECONDS else in_a_row + 1
                pause = backoff_seconds(in_a_row)
                self._report(self._crash, pause)
            except Exception:  # the supervisor itself must not end: it restarts anyway
                logger.exception("could not report the end of the %s loop", self.name)
                pause = MAX_BACKOFF_SECONDS
            self.pauses.append(pause)
            if self.wait(self.stopped, pause):
                break
            self.restarts += 1
        logger.info("the %s loop is stopped", self.name)

    def _report(self, crash: BaseException | None, pause: float) -> None:
        if crash is None:
            reason = "the loop returned without being stopped"
            logger.error("the %s loop ended by itself; restarting it in %.0f s", self.name, pause)
        else:
            reason = f"{type(crash).__name__}: {crash}"[:300]
            logger.error("the %s loop crashed; restarting it in %.0f s", self.name, pause,
                         exc_info=crash)
        self.last_crash = reason
        if self.state_dir is not None:
            from sync.worker import record_restart

            record_restart(self.state_dir, reason, self.clock())
