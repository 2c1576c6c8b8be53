"""The kiosk's small web server on the akimat's LAN: desk pages, the call board, ticket status.

Off unless ``[desks] listen`` is set. Standard-library HTTP (no extra dependency, no
event-loop ticks while idle): one thread per request, at most ``MAX_REQUESTS`` at once,
bodies up to 16 KiB, capped connections (:mod:`kiosk.web.bounded_http`), so a stuck or
hostile client cannot tie the kiosk up.

Routes: ``/desk`` (sign-in, the desk, actions), ``/desk/state.json`` (what the desk page
polls), ``/board.json?after=V&wait=S`` (the call display's long poll), ``/t/<code>`` (a
ticket's status for a phone on the akimat's Wi-Fi).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from urllib.parse import parse_qs, quote, urlsplit

from kiosk.errors import StorageError, ValidationError
from kiosk.i18n import LANGUAGES, N_, Language, Message, Translator
from kiosk.queue.desks import DeskSession
from kiosk.queue.errors import DeskSignInRefused, QueueRefused
from kiosk.tracking import normalize_tracking_code
from kiosk.web.bounded_http import BoundedHTTPServer, PlainHandler
from kiosk.web.desk_pages import DeskPages
from kiosk.web.desk_service import DeskService
from kiosk.web.status_page import choose_language, not_found_page, status_page
from kiosk.web.throttle import Throttle

logger = logging.getLogger(__name__)

COOKIE = "desk_session"
LANG_COOKIE = "desk_lang"
MAX_BODY = 16 * 1024
MAX_REQUESTS = 64
#: Long polls of the board held at once (the rest are answered at once, without waiting).
MAX_LONG_POLLS = 16
MAX_WAIT = 25.0
_ACTIONS = ("call", "recall", "serve", "no_show", "transfer", "pause", "resume")


class DeskServer:
    """Serves the desk pages on ``host:port`` in a background thread (a context manager)."""

    def __init__(self, service: DeskService, translator: Translator, host: str, port: int,
                 default_language: Language = Language.KK) -> None:
        self.service = service
        self.translator = translator
        self.default_language = default_language
        self.slots = threading.BoundedSemaphore(MAX_REQUESTS)
        self.long_polls = threading.BoundedSemaphore(MAX_LONG_POLLS)
        self.sign_ins = Throttle(limit=20, window_seconds=15 * 60)
        #: per address and desk: one phone on the Wi-Fi cannot lock a specialist out
        self.desk_tries = Throttle(limit=5, window_seconds=15 * 60)
        self.wrong_codes = Throttle(limit=20, window_seconds=60)
        handler = type("BoundDeskHandler", (_Handler,), {"app": self})
        self.httpd = BoundedHTTPServer((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` as bound (the port is real even when 0 was asked for)."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> DeskServer:
        """Start serving in a daemon thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={
            "poll_interval": 2.0}, name="desk-server", daemon=True)
        self._thread.start()
        logger.info("desk server on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving: no new connections, open ones closed, the socket released."""
        if self._thread is not None:
            self.httpd.shutdown()  # waits for serve_forever, so only when it runs
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.close_connections()
        self.httpd.server_close()

    def __enter__(self) -> DeskServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class _Handler(PlainHandler):
    app: DeskServer
    server_version = "kiosk-desk"

    @contextmanager
    def _slot(self) -> Iterator[bool]:
        got = self.app.slots.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                self.app.slots.release()

    def do_GET(self) -> None:
        """Pages, the board and the status look-up.

        The board has a pool of its own (its long polls wait up to 25 s): displays and
        phones following it never take the slots the desks' pages need.
        """
        if urlsplit(self.path).path == "/board.json":
            self._guarded(self._route_get)
            return
        self._handle(self._route_get)

    def do_POST(self) -> None:
        """Sign-in, sign-out and desk actions (the body is read before a slot is taken, so a
        client sending it slowly holds only its own connection)."""
        form = self._form()
        if form is not None:
            self._handle(lambda: self._route_post(form))

    def _handle(self, route: Callable[[], None]) -> None:
        """Run a route in one of the ``MAX_REQUESTS`` slots, or answer busy."""
        with self._slot() as ok:
            if not ok:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                           b"busy, try again", {"Retry-After": "2"})
                return
            self._guarded(route)

    def _guarded(self, route: Callable[[], None]) -> None:
        """Run a route; a database that cannot be written or a bug answers in words."""
        try:
            route()
        except (sqlite3.OperationalError, StorageError) as exc:
            logger.error("desk request %s %s: the kiosk database is unavailable: %s",
                         self.command, self.path[:100], exc)
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                       b"The kiosk cannot save right now (its disk may be full). Nothing was "
                       b"done; tell the technician.", {"Retry-After": "10"})
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            logger.info("desk client %s went away", self.client_address[0])
            self.close_connection = True
        except Exception:  # a bug: log it with its traceback, answer 500, keep serving
            logger.exception("desk request %s %s failed", self.command, self.path[:100])
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
                       b"Something went wrong on the kiosk. Reload the page.")

    def _lang(self, query: dict[str, list[str]]) -> tuple[Language, dict[str, str]]:
        asked = (query.get("lang") or [""])[0]
        for lang in LANGUAGES:
            if asked == lang.value:
                return lang, {"Set-Cookie": f"{LANG_COOKIE}={lang.value}; Path=/; "
                                            "SameSite=Strict; Max-Age=31536000"}
        jar = self._cookies()
        saved = jar[LANG_COOKIE].value if LANG_COOKIE in jar else ""
        for lang in LANGUAGES:
            if saved == lang.value:
                return lang, {}
        return self.app.default_language, {}

    def _pages(self, lang: Language) -> DeskPages:
        return DeskPages(self.app.translator, lang, self.app.service.catalogue())

    def _session(self) -> DeskSession | None:
        jar = self._cookies()
        return self.app.service.session(jar[COOKIE].value) if COOKIE in jar else None

    def _form(self) -> dict[str, str] | None:
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain; charset=utf-8",
                       b"request too large", {"Connection": "close"})
            self.close_connection = True
            return None
        if self.headers.get("Transfer-Encoding"):
            self._bad_request("chunked bodies are not accepted")
            return None
        try:
            raw = self.rfile.read(length).decode("utf-8", errors="replace")
            fields = parse_qs(raw, keep_blank_values=True, max_num_fields=20)
        except ValueError:
            self._bad_request("too many form fields")
            return None
        except (TimeoutError, OSError):
            logger.info("desk client %s did not send its form in time", self.client_address[0])
            self.close_connection = True
            return None
        return {k: v[0].replace("\x00", "") for k, v in fields.items() if v}

    # --- GET --------------------------------------------------------------------------

    def _route_get(self) -> None:
        parts = urlsplit(self.path)
        try:
            query = parse_qs(parts.query, max_num_fields=10)
        except ValueError:
            self._bad_request("too many query fields")
            return
        path = parts.path
        if path in ("/", "/desk/"):
            self._redirect("/desk")
        elif path == "/desk":
            self._desk_page(query)
        elif path == "/desk/login":
            lang, headers = self._lang(query)
            self._html(self._pages(lang).login(), headers=headers)
        elif path == "/desk/state.json":
            self._state()
        elif path == "/board.json":
            self._board(query)
        elif path.lower().startswith("/t/"):
            self._status(path[3:], query)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")

    def _desk_page(self, query: dict[str, list[str]], *, flash: Message | None = None,
                   ok: bool = True, status: HTTPStatus = HTTPStatus.OK) -> None:
        session = self._session()
        lang, headers = self._lang(query)
        if session is None:
            self._redirect("/desk/login", headers)
            return
        view = self.app.service.view(session.desk)
        if flash is None:
            flash = _done(query, view.desk.room)
        ids = {action: str(uuid.uuid4()) for action in _ACTIONS}
        self._html(self._pages(lang).desk(view, session.csrf, ids, flash=flash, flash_ok=ok),
                   status, headers)

    def _state(self) -> None:
        session = self._session()
        if session is None:
            self._json({"error": "signed out"}, HTTPStatus.UNAUTHORIZED)
            return
        view = self.app.service.view(session.desk)
        self._json({"version": view.version, "waiting": view.waiting_total,
                    "ticket": view.ticket.number if view.ticket else None,
                    "paused": view.desk.paused})

    def _board(self, query: dict[str, list[str]]) -> None:
        after = (query.get("after") or [""])[0][:40]
        try:
            wait = min(MAX_WAIT, max(0.0, float((query.get("wait") or ["0"])[0])))
        except ValueError:
            wait = 0.0
        if wait <= 0 or not self.app.long_polls.acquire(blocking=False):
            self._json(self.app.service.board_json(after, 0.0))  # no slot: answer at once
            return
        try:
            self._json(self.app.service.board_json(after, wait))
        finally:
            self.app.long_polls.release()

    def _status(self, raw_code: str, query: dict[str, list[str]]) -> None:
        lang = choose_language((query.get("lang") or [""])[0], self.headers.get("Accept-Language"))
        client = self.client_address[0]
        if not self.app.wrong_codes.allowed(client):
            self._html(not_found_page(lang, self.app.translator, None),
                       HTTPStatus.TOO_MANY_REQUESTS, {"Retry-After": "60"})
            return
        try:
            code = normalize_tracking_code(raw_code[:80])
        except ValidationError as exc:
            self.app.wrong_codes.failed(client)
            self._html(not_found_page(lang, self.app.translator, exc.message),
                       HTTPStatus.NOT_FOUND)
            return
        answer = self.app.service.ticket_status(code)
        if answer is None:
            self.app.wrong_codes.failed(client)
            self._html(not_found_page(lang, self.app.translator, None), HTTPStatus.NOT_FOUND)
            return
        zone = self.app.service.catalogue().akimat.timezone
        self._html(status_page(answer, lang, self.app.translator, zoneinfo.ZoneInfo(zone)),
                   headers={"Refresh": "15"} if answer.status in ("waiting", "called") else None)

    # --- POST -------------------------------------------------------------------------

    def _route_post(self, form: dict[str, str]) -> None:
        path = urlsplit(self.path).path
        if path == "/desk/login":
            self._sign_in(form)
        elif path == "/desk/logout":
            self._sign_out(form)
        elif path == "/desk/action":
            self._action(form)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")

    def _sign_in(self, form: dict[str, str]) -> None:
        lang, _ = self._lang({})
        pages = self._pages(lang)
        client = self.client_address[0]
        login = form.get("login", "")[:60]
        per_desk = f"{client}|{login.strip().lower()}"
        # Both limits count the attempt before the password is checked (parallel tries
        # cannot slip through); a success gives it back.
        if not self.app.sign_ins.take(client):
            self._html(pages.login(error=_too_many(), login=login),
                       HTTPStatus.TOO_MANY_REQUESTS, {"Retry-After": "900"})
            return
        if not self.app.desk_tries.take(per_desk):
            self.app.sign_ins.refund(client)
            self._html(pages.login(error=_too_many(), login=login),
                       HTTPStatus.TOO_MANY_REQUESTS, {"Retry-After": "900"})
            return
        try:
            session = self.app.service.sign_in(login, form.get("password", "")[:200])
        except DeskSignInRefused as refused:
            self._html(pages.login(error=refused.message, login=login), HTTPStatus.FORBIDDEN)
            return
        self.app.sign_ins.refund(client)
        self.app.desk_tries.refund(per_desk)
        self._redirect("/desk", {"Set-Cookie": f"{COOKIE}={session.token}; Path=/; HttpOnly; "
                                               "SameSite=Strict; Max-Age=36000"})

    def _sign_out(self, form: dict[str, str]) -> None:
        session = self._session()
        if session is not None and form.get("csrf") == session.csrf:
            self.app.service.sign_out(session.token)
        self._redirect("/desk/login", {"Set-Cookie": f"{COOKIE}=; Path=/; Max-Age=0"})

    def _action(self, form: dict[str, str]) -> None:
        session = self._session()
        if session is None:
            self._redirect("/desk/login")
            return
        if form.get("csrf") != session.csrf:
            self._desk_page({}, flash=_stale(), ok=False, status=HTTPStatus.FORBIDDEN)
            return
        action = form.get("action", "")
        started = time.monotonic()
        try:
            result = self.app.service.act(session.desk, action,
                                          action_id=form.get("action_id") or None,
                                          to_department=form.get("to_department", ""),
                                          ticket_uuid=form.get("ticket") or None)
        except QueueRefused as refused:
            self._desk_page({}, flash=refused.message, ok=False, status=HTTPStatus.CONFLICT)
            return
        logger.debug("desk %s %s in %.1f ms", session.desk.login, action,
                     (time.monotonic() - started) * 1000)
        number = result.ticket.number if result.ticket else ""
        self._redirect(f"/desk?done={result.action}&n={quote(number)}")


def _too_many() -> Message:
    return N_("Too many wrong sign-ins from this computer. Try again in 15 minutes.")


def _stale() -> Message:
    return N_("The page was out of date, so nothing was done. Press the button again.")


def _done(query: dict[str, list[str]], room: str) -> Message | None:
    """The line saying what the last action did (after the redirect)."""
    action = (query.get("done") or [""])[0]
    number = (query.get("n") or [""])[0][:12]
    messages = {
        "call": N_("Ticket {number} is called to room {room}.", number=number, room=room),
        "recall": N_("Ticket {number} is called again.", number=number),
        "serve": N_("Ticket {number} is served.", number=number),
        "no_show": N_("Ticket {number}: marked as did not come.", number=number),
        "transfer": N_("Ticket {number} is sent to the other department.", number=number),
        "pause": N_("Your desk is paused."),
        "resume": N_("Your desk is open again."),
    }
    return messages.get(action)
