"""Reads the kiosk's call board over the akimat's LAN: one long poll, or a loop that follows it.

The hall display and the kiosk's own home strip use it (through ``ui.board_feed``). A
request asks ``/board.json?after=<version>&wait=<s>``: the kiosk answers at once when the
board changed, else when the wait is over. Answers are bounded in size. Every failure is a
:class:`BoardUnavailable` whose message says what went wrong in words; :meth:`follow`
retries with a growing pause (1, 2, 4 … 15 s) and reports each outage once.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

logger = logging.getLogger(__name__)

#: A board is a few kilobytes (8 calls, a row per department); more is not a board.
MAX_BYTES = 256 * 1024
#: The server's own limit for ``wait`` (kiosk.web.desk_server.MAX_WAIT).
LONGEST_WAIT = 25.0
DEFAULT_WAIT = 25.0
FIRST_RETRY = 1.0
LONGEST_RETRY = 15.0


class BoardUnavailable(Exception):
    """The board could not be read; the message says why (for the log and the screen)."""


class BoardClient:
    """Reads ``<url>/board.json`` from the kiosk's desk server."""

    def __init__(self, url: str, timeout: float = 5.0, *, max_bytes: int = MAX_BYTES) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"the kiosk's address must look like http://kiosk:8480, "
                             f"not {url!r}")
        if timeout <= 0 or max_bytes <= 0:
            raise ValueError("the timeout and the size limit must be positive")
        self.url = url.strip().rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes
        # The kiosk is on the akimat's LAN: never through a proxy from the environment.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def fetch(self, after: str = "", wait: float = 0.0) -> dict[str, Any]:
        """The board, once it differs from version ``after`` or ``wait`` seconds have passed.

        :raises BoardUnavailable: the kiosk cannot be reached, answers an error, or sends
            something that is not a board.
        """
        wait = min(LONGEST_WAIT, max(0.0, wait))
        query = urlencode({"after": after, "wait": f"{wait:g}"})
        address = f"{self.url}/board.json?{query}"
        request = urllib.request.Request(address, headers={"Accept": "application/json"})
        try:
            with self._opener.open(request, timeout=wait + self.timeout) as answer:
                body = answer.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            raise BoardUnavailable(f"the kiosk at {self.url} answered HTTP {exc.code} "
                                   f"({exc.reason})") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise BoardUnavailable(f"the kiosk at {self.url} did not answer within "
                                       f"{wait + self.timeout:g} s") from exc
            raise BoardUnavailable(f"cannot reach the kiosk at {self.url}: "
                                   f"{_reason(exc.reason)}") from exc
        except TimeoutError as exc:
            raise BoardUnavailable(f"the kiosk at {self.url} did not answer within "
                                   f"{wait + self.timeout:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise BoardUnavailable(f"the connection to the kiosk at {self.url} broke: "
                                   f"{_reason(exc)}") from exc
        if len(body) > self.max_bytes:
            raise BoardUnavailable(f"the answer from {self.url} is larger than "
                                   f"{self.max_bytes} bytes: it is not the call board")
        return parse_board(body, self.url)

    def follow(self, on_board: Callable[[dict[str, Any]], None],
               on_offline: Callable[[str], None], stop: threading.Event, *,
               wait: float = DEFAULT_WAIT) -> None:
        """Long-poll until ``stop`` is set: ``on_board`` with every new board (and the first
        after an outage), ``on_offline(reason)`` once when an outage starts.

        Between failed attempts it pauses 1, 2, 4 … 15 s (woken at once by ``stop``). An
        exception raised by a callback is logged and the loop goes on.
        """
        after = ""
        retry = FIRST_RETRY
        offline = False
        while not stop.is_set():
            try:
                board = self.fetch(after, wait if after else 0.0)
            except Exception as exc:  # any failure: a feed that ends leaves the hall dark
                if not isinstance(exc, BoardUnavailable):
                    logger.exception("call board: unexpected failure reading %s", self.url)
                    exc = BoardUnavailable(f"the answer from {self.url} could not be read")
                if stop.is_set():
                    return
                if not offline:
                    offline = True
                    logger.warning("call board: %s; retrying", exc)
                    _call(on_offline, str(exc))
                stop.wait(retry)
                retry = min(LONGEST_RETRY, retry * 2)
                continue
            if stop.is_set():
                return
            retry = FIRST_RETRY
            changed = board["version"] != after
            if offline:
                logger.info("call board: the kiosk at %s answers again", self.url)
            if changed or offline:
                _call(on_board, board)
            offline = False
            after = board["version"]


def parse_board(body: bytes, source: str = "the kiosk") -> dict[str, Any]:
    """The board in ``body`` (JSON), checked for the fields a display reads."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BoardUnavailable(f"the answer from {source} is not the call board "
                               f"(bad JSON: {exc})") from exc
    if not isinstance(data, dict):
        raise BoardUnavailable(f"the answer from {source} is not the call board "
                               "(not a JSON object)")
    problems = [name for name, kind in (("version", str), ("calls", list), ("waiting", list))
                if not isinstance(data.get(name), kind)]
    if problems:
        raise BoardUnavailable(f"the answer from {source} is not the call board "
                               f"(missing or wrong: {', '.join(problems)})")
    return data


def _reason(reason: object) -> str:
    """An OS error as words ("Connection refused"), else its text."""
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _call(callback: Callable[[Any], None], value: Any) -> None:
    """Run a callback; its exception is logged, the loop survives it."""
    try:
        callback(value)
    except Exception:  # a receiver's bug must not end the feed; logged with its traceback
        logger.exception("call board: a receiver of the board failed")
