"""The staff console: server-rendered pages under ``/staff`` for akimat staff and district IT."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import Translator
from sync.server.accounts import Accounts
from sync.server.console.appeal_pdf import appeal_pdf_routes
from sync.server.console.appeals import appeal_routes
from sync.server.console.auth import auth_routes, password_routes
from sync.server.console.fleet import fleet_routes
from sync.server.console.publish import publish_routes
from sync.server.console.reception import reception_routes
from sync.server.console.reception_schedule import schedule_routes
from sync.server.console.reports import report_routes
from sync.server.console.web import (
    STATIC,
    Console,
    PageError,
    SignIn,
    make_env,
    page_of,
    plain,
)
from sync.server.ratelimit import RateLimit
from sync.server.sessions import Sessions
from sync.server.store import ServerStore

logger = logging.getLogger(__name__)

#: Wrong sign-ins from one address before it must wait (each account also locks after 5).
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_WINDOW_SECONDS = 900.0


def install_console(app: FastAPI, store: ServerStore, translator: Translator,
                    zone: zoneinfo.ZoneInfo, catalogue: Catalogue, *,
                    secure_cookies: bool = True) -> Console:
    """Add the console's routes and error pages to ``app``; returns the shared parts."""
    def clock() -> dt.datetime:
        return dt.datetime.fromisoformat(store.now())

    accounts = Accounts(store.db, clock)
    console = Console(store, accounts, Sessions(store.db, accounts, clock), translator, zone,
                      catalogue, secure_cookies, make_env(),
                      RateLimit(store.db, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS))

    async def page_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, SignIn):
            expired = "&expired=1" if exc.expired else ""
            return console.redirect(f"/staff/login?next={quote(exc.next_url, safe='')}"
                                    f"{expired}")
        status = exc.status_code if isinstance(exc, PageError) else 404
        message = exc.message if isinstance(exc, PageError) else "page not found"
        return console.render(request, "error.html", console.session(request),
                              status_code=status, code=status, message=str(message))

    async def http_error(request: Request, exc: Exception) -> Response:
        """Inside /staff a page, not JSON: a form's address opened by GET (a language link
        or a sign-in after a form) goes to its page; an unknown address is the 404 page."""
        code = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        if not request.url.path.startswith("/staff"):
            return await http_exception_handler(request, exc)  # type: ignore[arg-type]
        if code == 405 and request.method == "GET":
            return console.redirect(page_of(request.url.path))
        if code == 404:
            return console.render(request, "error.html", console.session(request),
                                  status_code=404, code=404, message="page not found")
        return await http_exception_handler(request, exc)  # type: ignore[arg-type]

    for error in (PageError, SignIn):
        app.add_exception_handler(error, page_error)
    app.add_exception_handler(StarletteHTTPException, http_error)

    @app.get("/staff/static/console.css")
    def stylesheet() -> Response:
        return plain(FileResponse(STATIC / "console.css", media_type="text/css",
                                  headers={"Cache-Control": "max-age=3600"}))

    @app.get("/staff")
    def root() -> Response:
        return console.redirect("/staff/")

    for router in (auth_routes(console), password_routes(console), appeal_routes(console)):
        app.include_router(router)
    app.include_router(appeal_pdf_routes(console))
    for router in (fleet_routes(console), publish_routes(console)):
        app.include_router(router)
    app.include_router(report_routes(console))
    app.include_router(schedule_routes(console))
    app.include_router(reception_routes(console))
    return console
