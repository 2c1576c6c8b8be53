"""Throttling against tracking-code guessing: too many wrong codes from one client → wait."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable

logger = logging.getLogger(__name__)

DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW_SECONDS = 600.0
_MAX_CLIENTS = 100_000


class RateLimit:
    """Counts failed look-ups (unknown or mistyped codes) per client in a sliding window.

    A client with ``max_failures`` failures inside the last ``window_seconds`` is blocked
    until the oldest of them leaves the window. Thread-safe; the clock is injectable.
    """

    def __init__(self, max_failures: int = DEFAULT_MAX_FAILURES,
                 window_seconds: float = DEFAULT_WINDOW_SECONDS, *,
                 clock: Callable[[], float] = time.monotonic,
                 max_clients: int = _MAX_CLIENTS) -> None:
        if max_failures < 1 or window_seconds <= 0:
            raise ValueError("max_failures must be >= 1 and window_seconds > 0")
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._max_clients = max_clients
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return None
        return failures

    def blocked(self, key: str) -> bool:
        """True when ``key`` has used up its failures for now."""
        with self._lock:
            failures = self._recent(key, self._clock())
            return failures is not None and len(failures) >= self.max_failures

    def retry_after(self, key: str) -> int:
        """Whole seconds until ``key`` may try again (0 when not blocked)."""
        with self._lock:
            now = self._clock()
            failures = self._recent(key, now)
            if failures is None or len(failures) < self.max_failures:
                return 0
            oldest_that_counts = failures[len(failures) - self.max_failures]
            return max(1, math.ceil(oldest_that_counts + self.window_seconds - now))

    def failure(self, key: str) -> None:
        """Count one failed look-up for ``key``."""
        with self._lock:
            now = self._clock()
            failures = self._recent(key, now)
            if failures is None:
                if len(self._failures) >= self._max_clients:
                    self._forget_idle(now)
                failures = self._failures.setdefault(key, deque())
            failures.append(now)
            if len(failures) > self.max_failures:
                failures.popleft()
            if len(failures) == self.max_failures:
                logger.warning("too many wrong codes from %s: throttled", key)

    def _forget_idle(self, now: float) -> None:
        for key in list(self._failures):
            self._recent(key, now)
        while len(self._failures) >= self._max_clients:  # still full: drop the oldest client
            del self._failures[next(iter(self._failures))]
