"""Ask the regional server what happened to a record (the kiosk's status screen)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from sync.http import AuthError, ServerClient, TransientError
from sync.protocol import ProtocolError, decode_body, parse_status

logger = logging.getLogger(__name__)


def server_status(client: ServerClient, code: str) -> dict[str, str] | None:
    """The server's answer for ``code`` (no personal data), or None if unknown or unreachable."""
    try:
        answer = client.request("GET", f"/api/v1/status/{code}")
        if answer.status != 200:
            return None
        status = parse_status(decode_body(answer.body, answer.headers.get("content-encoding")))
    except (TransientError, AuthError, ProtocolError) as exc:
        # the code opens the record's status page: not in the log, not even inside exc
        logger.info("a status look-up was not answered by the server: %s",
                    str(exc).replace(code, "*" * len(code)))
        return None
    return {k: v for k, v in asdict(status).items() if v}
