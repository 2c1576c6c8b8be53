"""The regional server's HTTP app: the kiosk API, the public status page, the staff API.

Kiosk clients count a batch as stored only on ``201`` with a parseable BatchResult, so
``POST /api/v1/records`` never answers 200 (captive portals do).
"""

from __future__ import annotations

import logging
import zoneinfo

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from kiosk import __version__
from kiosk.assets import assets_dir
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue
from kiosk.errors import CatalogueError, ValidationError
from kiosk.i18n import Translator
from kiosk.tracking import normalize_tracking_code
from kiosk.web.status_page import choose_language, not_found_page, status_page, throttled_page
from sync.protocol import DOCUMENT_KINDS, ProtocolError, to_json
from sync.server.backend import StoreUnavailable
from sync.server.batches import TooManyRecords, read_batch, read_heartbeat
from sync.server.console import install_console
from sync.server.errors import NotFound, Rejected
from sync.server.http_io import (
    ApiError,
    authenticate_kiosk,
    client_address,
    error_response,
    etag_matches,
    parse_json_body,
    read_body,
)
from sync.server.ratelimit import RateLimit
from sync.server.staff_api import staff_router
from sync.server.store import Kiosk, ServerStore

logger = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "Asia/Almaty"
#: A heartbeat is a few hundred bytes; this bounds it compressed and unzipped.
HEARTBEAT_BODY_LIMIT = 64 * 1024
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Accept-Language",
}


def create_app(store: ServerStore, *, translator: Translator, rate_limit: RateLimit | None = None,
               timezone: str = DEFAULT_TIMEZONE, catalogue: Catalogue | None = None,
               secure_cookies: bool = True) -> FastAPI:
    """The FastAPI app over ``store``; pages render with ``translator`` in ``timezone``.

    ``catalogue`` gives the console the holidays and the names of appeal types (the
    packaged one by default); ``secure_cookies`` is False only for plain HTTP beyond
    loopback, which docs/SERVER.md advises against.
    """
    limiter = rate_limit or RateLimit(store.db)
    app = FastAPI(title="Akimat kiosk regional server", version=__version__, docs_url=None,
                  redoc_url=None, openapi_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=1024)

    async def api_error(_request: Request, exc: Exception) -> Response:
        if isinstance(exc, ApiError):
            return error_response(exc)
        if isinstance(exc, NotFound):
            return error_response(ApiError(404, str(exc)))
        if isinstance(exc, Rejected | CatalogueError):
            return error_response(ApiError(400, str(exc)))
        logger.error("database unavailable: %s", exc)
        return error_response(ApiError(503, "the database is unavailable; retry later",
                                       {"Retry-After": "30"}))

    for error in (ApiError, NotFound, Rejected, CatalogueError, StoreUnavailable):
        app.add_exception_handler(error, api_error)
    app.include_router(kiosk_router(store, limiter))
    app.include_router(staff_router(store))
    zone = zoneinfo.ZoneInfo(timezone)
    app.include_router(page_router(store, translator, limiter, zone))
    install_console(app, store, translator, zone,
                    catalogue or load_catalogue(assets_dir() / "catalogue"),
                    secure_cookies=secure_cookies)
    return app


def kiosk_router(store: ServerStore, limiter: RateLimit) -> APIRouter:
    """Records, heartbeat, documents and status look-up, each with the kiosk's token."""
    router = APIRouter(prefix="/api/v1")

    @router.post("/records", status_code=201)
    async def post_records(request: Request) -> Response:
        kiosk = await run_in_threadpool(authenticate_kiosk, store, request)
        body = await read_body(request)
        return await run_in_threadpool(store_batch, store, kiosk, body,
                                       request.headers.get("content-encoding"))

    @router.post("/heartbeat", status_code=204)
    async def post_heartbeat(request: Request) -> Response:
        kiosk = await run_in_threadpool(authenticate_kiosk, store, request)
        body = await read_body(request, HEARTBEAT_BODY_LIMIT)
        await run_in_threadpool(store_heartbeat, store, kiosk, body,
                                request.headers.get("content-encoding"))
        return Response(status_code=204)

    @router.get("/documents/{kind}")
    def get_document(kind: str, request: Request) -> Response:
        kiosk = authenticate_kiosk(store, request)
        if kind not in DOCUMENT_KINDS:
            raise ApiError(404, f"unknown document kind {kind!r}; known: "
                                f"{', '.join(DOCUMENT_KINDS)}")
        document = store.document_for(kiosk, kind)
        if document is None:
            raise ApiError(404, f"no {kind} is published for kiosk {kiosk.kiosk_id}")
        headers = {"ETag": f'"{document.content_hash}"', "Cache-Control": "no-cache"}
        if etag_matches(request.headers.get("if-none-match"), document.content_hash):
            return Response(status_code=304, headers=headers)
        return JSONResponse(to_json(document), headers=headers)

    @router.get("/status/{code}")
    def get_status(code: str, request: Request) -> JSONResponse:
        kiosk = authenticate_kiosk(store, request)
        key = f"kiosk:{kiosk.kiosk_id}"
        wait = limiter.retry_after(key)
        if wait:
            raise ApiError(429, "too many wrong codes from this kiosk; try again later",
                           {"Retry-After": str(wait)})
        try:
            normalized = normalize_tracking_code(code)
        except ValidationError as exc:
            limiter.failure(key)
            raise ApiError(400, f"malformed code ({exc.rule}): {exc}") from exc
        answer = store.status(normalized, district=kiosk.district)
        if answer is None:
            limiter.failure(key)
            raise ApiError(404, "no record with this code in this district")
        return JSONResponse(to_json(answer))

    return router


def store_batch(store: ServerStore, kiosk: Kiosk, body: bytes,
                content_encoding: str | None) -> JSONResponse:
    """Decode, check and store one batch; the 201 answer (runs in a worker thread).

    :raises ApiError: 400 malformed, 403 another kiosk's batch, 413 too large.
    """
    data = parse_json_body(body, content_encoding, where=None)
    try:
        kiosk_id, items, uuids = read_batch(data)
    except TooManyRecords as exc:
        raise ApiError(413, str(exc)) from exc
    except ProtocolError as exc:
        raise ApiError(400, str(exc)) from exc
    if kiosk_id != kiosk.kiosk_id:
        logger.warning("kiosk %s tried to send records as %s", kiosk.kiosk_id, kiosk_id)
        raise ApiError(403, f"this token belongs to kiosk {kiosk.kiosk_id}, not {kiosk_id}")
    result = store.ingest(kiosk_id, items, uuids)
    return JSONResponse(to_json(result), status_code=201)


def store_heartbeat(store: ServerStore, kiosk: Kiosk, body: bytes,
                    content_encoding: str | None) -> None:
    """Decode, check and keep one heartbeat (runs in a worker thread).

    :raises ApiError: 400 malformed or unusable values, 403 another kiosk's heartbeat.
    """
    data = parse_json_body(body, content_encoding, limit=HEARTBEAT_BODY_LIMIT,
                           where="heartbeat")
    try:
        beat = read_heartbeat(data)
    except ProtocolError as exc:
        raise ApiError(400, str(exc)) from exc
    if beat.kiosk_id != kiosk.kiosk_id:
        raise ApiError(403, f"this token belongs to kiosk {kiosk.kiosk_id}, "
                            f"not {beat.kiosk_id}")
    store.save_heartbeat(beat)


def page_router(store: ServerStore, translator: Translator, limiter: RateLimit,
                zone: zoneinfo.ZoneInfo) -> APIRouter:
    """The public status page at ``/t/<code>`` and ``/T/<code>`` (what receipt QR codes open)."""
    router = APIRouter()

    def show(code: str, request: Request, lang: str | None = None) -> HTMLResponse:
        language = choose_language(lang, request.headers.get("accept-language"))
        key = f"addr:{client_address(request)}"
        wait = limiter.retry_after(key)
        if wait:
            return _html(throttled_page(language, translator, wait), 429,
                         {"Retry-After": str(wait)})
        try:
            normalized = normalize_tracking_code(code)
        except ValidationError as exc:
            limiter.failure(key)
            return _html(not_found_page(language, translator, exc.message), 404)
        answer = store.status(normalized)
        if answer is None:
            limiter.failure(key)
            return _html(not_found_page(language, translator, None), 404)
        # a ticket still in the queue moves within minutes: the phone reloads by itself
        moving = answer.kind == "ticket" and answer.status in ("waiting", "called")
        return _html(status_page(answer, language, translator, zone), 200,
                     {"Refresh": "30"} if moving else None)

    for prefix in ("/t", "/T"):
        router.add_api_route(prefix + "/{code}", show, methods=["GET"],
                             response_class=HTMLResponse)
    return router


def _html(page: str, status_code: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(page, status_code=status_code, headers={**_PAGE_HEADERS, **(headers or {})})
