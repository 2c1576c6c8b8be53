"""HTTP plumbing shared by the routes: JSON errors, bounded bodies, bearer authentication."""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse

from sync.protocol import MAX_BATCH_BYTES
from sync.server.jsonbody import TooManyValues, decode_json, find_unusable
from sync.server.store import Kiosk, ServerStore
from sync.server.tokens import bearer_token

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An answer other than success: the status code and a text for ``{"error": ...}``."""

    def __init__(self, status_code: int, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.headers = headers or {}


def error_response(exc: ApiError) -> JSONResponse:
    """The JSON answer for an :class:`ApiError`."""
    return JSONResponse({"error": exc.message}, status_code=exc.status_code,
                        headers=exc.headers)


def unauthorized(message: str) -> ApiError:
    """A 401 that tells the client which scheme to use."""
    return ApiError(401, message, {"WWW-Authenticate": 'Bearer realm="kiosk-server"'})


async def read_body(request: Request, limit: int = MAX_BATCH_BYTES) -> bytes:
    """The request body, refused with 413 once it grows past ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json_body(body: bytes, content_encoding: str | None, *,
                    limit: int = MAX_BATCH_BYTES, where: str | None = "body") -> Any:
    """Decode a plain or gzip JSON body, gunzipping at most ``limit`` bytes (no gzip bombs)
    and counting its values before parsing (see :mod:`sync.server.jsonbody`).

    With ``where`` (the name errors give the body), a NaN, an Infinity, a number out of range
    or of too many digits, or a lone surrogate anywhere in the body is a 400 naming the
    field. With ``where=None`` they stay in the data as :class:`~sync.server.jsonbody.Unusable`
    markers and lone surrogates, for a caller that refuses them per item.

    :raises ApiError: 400 for anything that is not (gzip) JSON or holds an unusable value,
        413 when too large or with too many values.
    """
    encoding = (content_encoding or "").strip().lower()
    if encoding not in ("", "identity", "gzip"):
        raise ApiError(400, f"unsupported Content-Encoding {content_encoding!r}: "
                            "send gzip or plain JSON")
    if encoding == "gzip":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
                body = unzipped.read(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise ApiError(400, f"body is not gzip JSON: {exc}") from exc
        if len(body) > limit:
            raise ApiError(413, f"body larger than {limit} bytes once unzipped")
    elif len(body) > limit:
        raise ApiError(413, f"body larger than {limit} bytes")
    try:
        data = decode_json(body)
    except TooManyValues as exc:
        raise ApiError(413, str(exc)) from exc
    except RecursionError as exc:
        raise ApiError(400, "body is nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise ApiError(400, f"body is not JSON: {exc}") from exc
    if where is not None:
        problem = find_unusable(data, where)
        if problem:
            raise ApiError(400, problem)
    return data


def client_address(request: Request) -> str:
    """The client's address (uvicorn puts a trusted proxy's X-Forwarded-For here)."""
    return request.client.host if request.client else "unknown"


T = TypeVar("T")


def _authenticate(request: Request, lookup: Callable[[str], T | None], who: str) -> T:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        raise unauthorized(f"missing {who} token: send Authorization: Bearer <token>")
    found = lookup(token)
    if found is None:
        logger.warning("refused a %s token from %s", who, client_address(request))
        raise unauthorized(f"unknown or revoked {who} token")
    return found


def authenticate_kiosk(store: ServerStore, request: Request) -> Kiosk:
    """The kiosk whose token the request carries.

    :raises ApiError: 401 for a missing, unknown or revoked token.
    """
    return _authenticate(request, store.kiosk_for_token, "kiosk")


def authenticate_staff(store: ServerStore, request: Request) -> str:
    """The name of the staff member whose token the request carries.

    :raises ApiError: 401 for a missing, unknown or revoked token.
    """
    return _authenticate(request, store.staff_for_token, "staff")


def etag_matches(if_none_match: str | None, digest: str) -> bool:
    """Whether an If-None-Match header names this content hash (weak or strong, or ``*``)."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip().removeprefix("W/").strip()
        if tag == "*" or tag.strip('"') == digest:
            return True
    return False
