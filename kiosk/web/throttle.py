"""Count failures per client address in a sliding window (in memory, bounded)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

#: Addresses remembered at most (the oldest are forgotten first).
MAX_CLIENTS = 4096


class Throttle:
    """At most ``limit`` failures per address within ``window_seconds``."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, client: str) -> bool:
        """True while ``client`` has fewer than ``limit`` recent failures."""
        with self._lock:
            recent = self._recent(client)
            return recent is None or len(recent) < self.limit

    def take(self, client: str) -> bool:
        """Count an attempt for ``client`` now, if it is still allowed (one step, so parallel
        attempts cannot all pass the check first); give it back with :meth:`refund`."""
        with self._lock:
            recent = self._recent(client)
            if recent is not None and len(recent) >= self.limit:
                return False
            self._count(client, recent)
            return True

    def refund(self, client: str) -> None:
        """Take back the newest attempt of ``client`` (it succeeded)."""
        with self._lock:
            recent = self._failures.get(client)
            if recent:
                recent.pop()

    def failed(self, client: str) -> None:
        """Count one failure for ``client``."""
        with self._lock:
            self._count(client, self._recent(client))

    def _count(self, client: str, recent: deque[float] | None) -> None:
        if recent is None:
            recent = deque(maxlen=self.limit)
            self._failures[client] = recent
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)
        recent.append(time.monotonic())

    def _recent(self, client: str) -> deque[float] | None:
        recent = self._failures.get(client)
        if recent is None:
            return None
        cutoff = time.monotonic() - self.window
        while recent and recent[0] < cutoff:
            recent.popleft()
        return recent
