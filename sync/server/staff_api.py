"""The akimat staff's API: set a record's status and reply, see the fleet, publish documents."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from kiosk.errors import ValidationError
from kiosk.tracking import normalize_tracking_code
from sync.protocol import ProtocolError, to_json
from sync.server.documents import check_document
from sync.server.http_io import ApiError, authenticate_staff, parse_json_body, read_body
from sync.server.store import ServerStore

logger = logging.getLogger(__name__)

STATUS_BODY_LIMIT = 64 * 1024


def _object(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ApiError(400, "body: must be a JSON object")
    return data


def _text(data: Mapping[str, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, f"{key}: must be text")
    return value


def staff_router(store: ServerStore) -> APIRouter:
    """Routes under ``/api/v1/staff``, each with a staff member's token."""
    router = APIRouter(prefix="/api/v1/staff")

    @router.post("/records/{code}/status")
    async def set_status(code: str, request: Request) -> JSONResponse:
        name = await run_in_threadpool(authenticate_staff, store, request)
        body = await read_body(request, STATUS_BODY_LIMIT)
        data = _object(await run_in_threadpool(parse_json_body, body,
                                               request.headers.get("content-encoding"),
                                               limit=STATUS_BODY_LIMIT))
        status = _text(data, "status", required=True) or ""
        reply = _text(data, "reply", required=False)
        try:
            normalized = normalize_tracking_code(code)
        except ValidationError as exc:
            raise ApiError(400, f"malformed code ({exc.rule}): {exc}") from exc
        answer = await run_in_threadpool(
            lambda: store.set_status(normalized, status.strip(), reply, by=name))
        return JSONResponse(to_json(answer))

    @router.get("/fleet")
    def fleet(request: Request) -> JSONResponse:
        authenticate_staff(store, request)
        return JSONResponse({"server_time": store.now(),
                             "kiosks": [kiosk.to_json() for kiosk in store.fleet()]})

    @router.post("/documents", status_code=201)
    async def publish(request: Request) -> JSONResponse:
        name = await run_in_threadpool(authenticate_staff, store, request)
        body = await read_body(request)
        return await run_in_threadpool(publish_body, store, name, body,
                                       request.headers.get("content-encoding"))

    return router


def publish_body(store: ServerStore, name: str, body: bytes,
                 content_encoding: str | None) -> JSONResponse:
    """Decode a published document, check it as a kiosk would and store it (a worker thread).

    :raises ApiError: 400 for a broken document or target. The store raises
        :class:`~kiosk.errors.CatalogueError` (400) for content a kiosk would refuse.
    """
    data = _object(parse_json_body(body, content_encoding, where="document"))
    try:
        document = check_document(data)
    except ProtocolError as exc:
        raise ApiError(400, str(exc)) from exc
    target_kind = _text(data, "target_kind", required=True) or ""
    target = _text(data, "target", required=False) or ""
    document_id = store.publish(document, target_kind, target)
    logger.info("%s published %s %s to %s %s", name, document.kind, document.version,
                target_kind, target)
    return JSONResponse({"id": document_id, "kind": document.kind, "version": document.version,
                         "content_hash": document.content_hash, "target_kind": target_kind,
                         "target": target}, status_code=201)
