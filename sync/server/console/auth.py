"""Sign in, sign out, sign out everywhere, change one's password.

The sign-in form has no session and so no CSRF token; a sign-in posted from another site
(login CSRF: the clerk's browser silently signed into an attacker's account) is refused by
what the browser says of the form's origin: ``Sec-Fetch-Site``, or ``Origin`` from older
browsers. Password checks (scrypt, memory-hard) run in a worker thread, never on the event
loop that serves every other page.
"""

from __future__ import annotations

import logging
import urllib.parse

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kiosk.passwords import check_password
from sync.server.accounts import Account, LoginRefused
from sync.server.audit import audit
from sync.server.console.web import COOKIE, Console, PageError, field, safe_next
from sync.server.http_io import client_address

logger = logging.getLogger(__name__)


def cross_site(request: Request) -> bool:
    """True when a browser says the request comes from a page of another site."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site.strip().lower() not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not a browser, or one that sends neither header: nothing to forge
    return urllib.parse.urlsplit(origin.strip()).netloc.lower() != \
        request.headers.get("host", "").strip().lower()


def _set_session_cookie(console: Console, response: Response, session_id: str) -> None:
    response.set_cookie(COOKIE, session_id, secure=console.secure_cookies, httponly=True,
                        samesite="lax", path="/staff")


def _drop_session_cookie(console: Console, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/staff", secure=console.secure_cookies,
                           httponly=True, samesite="lax")


def _throttled(console: Console, request: Request, name: str, target: str,
               wait: int) -> Response:
    """The sign-in page saying how long this address must wait (429)."""
    response = console.render(request, "login.html", None, status_code=429, error="throttled",
                              login=name, next=target, minutes=max(1, -(-wait // 60)))
    response.headers["Retry-After"] = str(wait)
    return response


def auth_routes(console: Console) -> APIRouter:
    """``/staff/login``, ``/staff/logout``, ``/staff/logout-everywhere``."""
    router = APIRouter(prefix="/staff")

    @router.get("/login")
    def login_page(request: Request) -> Response:
        if console.session(request) is not None:
            return console.redirect(safe_next(request.query_params.get("next")))
        return console.render(request, "login.html", None, error="", login="",
                              next=safe_next(request.query_params.get("next")),
                              expired=request.query_params.get("expired") == "1")

    @router.post("/login")
    async def login(request: Request) -> Response:
        client = client_address(request)
        if cross_site(request):
            logger.warning("refused a sign-in posted from another site (%s) to %s",
                           request.headers.get("origin", "?"), client)
            raise PageError(403, "This form has expired. Go back, reload the page and try "
                                 "again.")
        data = await console.form(request, None)
        name, password = field(data, "login", 40), data.get("password", "")[:200]
        target = safe_next(data.get("next"))
        key = f"login:{client}"
        wait = await run_in_threadpool(console.login_limit.retry_after, key)
        if wait:
            logger.warning("sign-in from %s refused: too many wrong ones", client)
            return _throttled(console, request, name, target, wait)
        try:
            account: Account = await run_in_threadpool(console.accounts.authenticate, name,
                                                        password)
        except LoginRefused as exc:
            logger.warning("failed sign-in as %r from %s: %s", name, client, exc)
            await run_in_threadpool(console.login_limit.failure, key)
            error = "wrong" if exc.locked_until is None else "locked"
            return console.render(request, "login.html", None, status_code=401, error=error,
                                  login=name, next=target, locked_until=exc.locked_until or "")
        session_id, _ = console.sessions.start(account, client)
        audit(console.store.db, console.store.now(), account, "sign-in", None, client=client)
        response = console.redirect(target)
        _set_session_cookie(console, response, session_id)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        session = console.require(request)
        await console.form(request, session)
        console.sessions.end(request.cookies.get(COOKIE, ""))
        response = console.redirect("/staff/login")
        _drop_session_cookie(console, response)
        return response

    @router.post("/logout-everywhere")
    async def logout_everywhere(request: Request) -> Response:
        session = console.require(request)
        await console.form(request, session)
        console.sessions.end_all(session.account.login)
        response = console.redirect("/staff/login")
        _drop_session_cookie(console, response)
        return response

    return router


def password_routes(console: Console) -> APIRouter:
    """``/staff/password``: a signed-in staff member changes their own password."""
    router = APIRouter(prefix="/staff")

    @router.get("/password")
    def password_page(request: Request) -> Response:
        session = console.require(request)
        return console.render(request, "password.html", session, error="", done=False)

    @router.post("/password")
    async def change_password(request: Request) -> Response:
        session = console.require(request)
        data = await console.form(request, session)
        current, new = data.get("current", "")[:200], data.get("new", "")[:300]
        try:
            await run_in_threadpool(console.accounts.authenticate, session.account.login,
                                    current)
        except LoginRefused:
            return console.render(request, "password.html", session, status_code=400,
                                  error="current", done=False)
        problem = check_password(new)
        if problem or new != data.get("repeat", ""):
            return console.render(request, "password.html", session, status_code=400,
                                  error="weak" if problem else "repeat", done=False)
        # Ends every session of the account, this one included; this device gets a new one.
        await run_in_threadpool(console.accounts.set_password, session.account.login, new)
        session_id, fresh = console.sessions.start(session.account, client_address(request))
        audit(console.store.db, console.store.now(), session.account, "password", None,
              client=client_address(request))
        response = console.render(request, "password.html", fresh, error="", done=True)
        _set_session_cookie(console, response, session_id)
        return response

    return router
