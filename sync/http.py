"""HTTP to the regional server over the standard library: TLS verified, timeouts, clock skew.

Failures are sorted for the sender: :class:`TransientError` (network down, timeout, 5xx,
a garbled or captive-portal answer) means "try again later"; :class:`AuthError` (401/403)
means a technician must fix the token; anything else the caller decides from the status.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import logging
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0


class TransientError(Exception):
    """The server could not be reached or answered badly; the request may be retried."""


class AuthError(Exception):
    """The server refused this kiosk's token (401) or the kiosk's rights (403)."""


@dataclass(frozen=True)
class Response:
    """A server answer: status, headers (lower-case names), body, and the clock skew seen."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    skew_seconds: float | None


@dataclass
class ServerClient:
    """Requests to one regional server with this kiosk's bearer token."""

    base_url: str
    token: str
    ca_file: Path | None = None
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self._context = ssl.create_default_context(
            cafile=str(self.ca_file) if self.ca_file else None)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> Response:
        """Send one request; HTTP error statuses are returned, not raised (except 401/403).

        :raises TransientError: no answer, a timeout, a dropped connection, or a 5xx.
        :raises AuthError: 401 or 403.
        """
        sent_at = dt.datetime.now(dt.UTC)
        request = urllib.request.Request(self.base_url + path, data=body, method=method,
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "User-Agent": "akimat-kiosk",
                                                  **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout,
                                        context=self._context) as answer:
                status, raw_headers, data = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as exc:
            status, raw_headers = exc.code, exc.headers
            try:
                data = exc.read()
            except (OSError, http.client.HTTPException) as read_exc:
                raise TransientError(f"{method} {path}: answer cut off: {read_exc}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException, TimeoutError,
                ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TransientError(f"{method} {path}: {reason}") from exc
        received_at = dt.datetime.now(dt.UTC)
        lowered = {k.lower(): v for k, v in raw_headers.items()}
        skew = _skew(lowered.get("date"), sent_at, received_at)
        if status in (401, 403):
            raise AuthError(f"{method} {path}: the server answered {status}: "
                            f"{data[:200].decode(errors='replace')}")
        if status >= 500:
            raise TransientError(f"{method} {path}: server error {status}")
        return Response(status, lowered, data, skew)


def _skew(date_header: str | None, sent: dt.datetime, received: dt.datetime) -> float | None:
    """Server clock minus kiosk clock in seconds, from the ``Date`` header (1 s resolution)."""
    if not date_header:
        return None
    try:
        server = email.utils.parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if server.tzinfo is None:
        return None
    midpoint = sent + (received - sent) / 2
    return (server - midpoint).total_seconds()
