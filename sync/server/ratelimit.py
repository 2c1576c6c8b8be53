"""Throttling against tracking-code guessing: too many wrong codes from one client → wait.

The failures are rows of the ``throttle_failures`` table, so every server process (several
uvicorn workers, several machines on one PostgreSQL) counts them together, and a restart
forgets nothing. Times are wall-clock seconds: a monotonic clock is not shared between
processes.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from sync.server.backend import Backend

logger = logging.getLogger(__name__)

DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW_SECONDS = 600.0


class RateLimit:
    """Counts failed look-ups (unknown or mistyped codes) per client in a sliding window.

    A client with ``max_failures`` failures inside the last ``window_seconds`` is blocked
    until the oldest of those leaves the window. The clock is injectable.
    """

    def __init__(self, db: Backend, max_failures: int = DEFAULT_MAX_FAILURES,
                 window_seconds: float = DEFAULT_WINDOW_SECONDS, *,
                 clock: Callable[[], float] = time.time) -> None:
        if max_failures < 1 or window_seconds <= 0:
            raise ValueError("max_failures must be >= 1 and window_seconds > 0")
        self.db = db
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock

    def retry_after(self, key: str) -> int:
        """Whole seconds until ``key`` may try again; 0 when it is not blocked."""
        now = self._clock()
        rows = self.db.query("SELECT failed_at FROM throttle_failures WHERE client = ? "
                             "AND failed_at > ? ORDER BY failed_at DESC LIMIT ?",
                             (key, now - self.window_seconds, self.max_failures))
        if len(rows) < self.max_failures:
            return 0
        oldest_that_counts = float(rows[-1][0])
        return max(1, math.ceil(oldest_that_counts + self.window_seconds - now))

    def blocked(self, key: str) -> bool:
        """True when ``key`` has used up its failures for now."""
        return self.retry_after(key) > 0

    def failure(self, key: str) -> None:
        """Count one failed look-up for ``key`` (and forget failures older than the window)."""
        now = self._clock()
        since = now - self.window_seconds
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM throttle_failures WHERE failed_at <= ?", (since,))
            tx.execute("INSERT INTO throttle_failures (client, failed_at) VALUES (?, ?)",
                       (key, now))
            count = tx.query("SELECT count(*) FROM throttle_failures WHERE client = ? "
                             "AND failed_at > ?", (key, since))[0][0]
        if int(count) == self.max_failures:
            logger.warning("too many wrong codes from %s: throttled", key)
