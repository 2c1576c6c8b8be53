"""What every console page shares: who is signed in, forms with CSRF, templates, language.

Pages are server-rendered Jinja2 templates with autoescaping; every action is a plain HTML
form, so the console works without JavaScript. Responses carry a strict
Content-Security-Policy (no scripts at all) and ``Cache-Control: no-store`` because they
show personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
import urllib.parse
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.catalogue.model import Catalogue, Holidays
from kiosk.i18n import LANGUAGES, Language, Message, Translator, format_date, format_datetime
from kiosk.i18n.formatting import kept_together
from kiosk.kinds import status_tone, status_word
from sync.server.accounts import Accounts
from sync.server.console.ui_words import NAV, role_word
from sync.server.http_io import client_address, read_body
from sync.server.ratelimit import RateLimit
from sync.server.sessions import Session, Sessions, csrf_matches
from sync.server.store import ServerStore

logger = logging.getLogger(__name__)

COOKIE = "kiosk_staff"
LANG_COOKIE = "kiosk_staff_lang"
FORM_LIMIT = 64 * 1024
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
LANGUAGE_NAMES = {Language.KK: "Қазақша", Language.RU: "Русский", Language.EN: "English"}


class PageError(Exception):
    """Stop and answer with an error page: 403 (CSRF), 404 (not found or not yours), 400."""

    def __init__(self, status_code: int, message: Message | str) -> None:
        super().__init__(str(message))
        self.status_code = status_code
        self.message = message


class SignIn(Exception):
    """No live session: send the browser to the login page (and back afterwards)."""

    def __init__(self, next_url: str, *, expired: bool = False) -> None:
        super().__init__(next_url)
        self.next_url = next_url
        self.expired = expired


@dataclass
class Console:
    """The console's parts, shared by every page module."""

    store: ServerStore
    accounts: Accounts
    sessions: Sessions
    translator: Translator
    zone: zoneinfo.ZoneInfo
    catalogue: Catalogue
    secure_cookies: bool
    env: jinja2.Environment
    #: Failed sign-ins per client address (besides the per-account lockout).
    login_limit: RateLimit

    @property
    def holidays(self) -> Holidays:
        """Kazakhstan's days off and working weekends (the same for every akimat)."""
        return self.catalogue.holidays

    def now(self) -> dt.datetime:
        """The server's clock (the store's, so tests can move it)."""
        return dt.datetime.fromisoformat(self.store.now())

    def today(self) -> dt.date:
        """Today in the akimats' time zone."""
        return self.now().astimezone(self.zone).date()

    def session(self, request: Request) -> Session | None:
        """The signed-in staff member, or None."""
        return self.sessions.find(request.cookies.get(COOKIE))

    def require(self, request: Request, capability: str = "appeals") -> Session:
        """The session; without one, :class:`SignIn`; without the capability, 404."""
        session = self.session(request)
        if session is None:
            if request.method == "GET":
                target = request.url.path + (f"?{request.url.query}" if request.url.query
                                             else "")
            else:  # back to the page the form was on, never to the form's own address
                target = page_of(request.url.path)
            raise SignIn(target, expired=COOKIE in request.cookies)
        if not session.account.scope.may(capability):
            raise PageError(404, "page not found")
        return session

    def language(self, request: Request) -> Language:
        """``?lang=`` when given, else the language cookie, else Kazakh."""
        for raw in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
            for lang in LANGUAGES:
                if raw and raw.strip().lower() == lang.value:
                    return lang
        return Language.KK

    def render(self, request: Request, template: str, session: Session | None,
               status_code: int = 200, **context: Any) -> HTMLResponse:
        """A page in the request's language with the header, navigation and CSRF token."""
        lang = self.language(request)
        page = self.env.get_template(template).render(
            **self.words(lang), session=session, account=session.account if session else None,
            csrf=session.csrf if session else "", lang=lang.value, path=request.url.path,
            languages=[(code.value, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            lang_url=lambda code: _with_query(request, lang=code),
            page_url=lambda **changes: _with_query(request, **changes),
            nav=[(url, self.translator.render(label, lang)) for url, label, cap in NAV
                 if session is not None and session.account.scope.may(cap)],
            **context)
        response = HTMLResponse(page, status_code=status_code, headers=HEADERS)
        if request.query_params.get("lang") in {code.value for code in LANGUAGES}:
            response.set_cookie(LANG_COOKIE, lang.value, max_age=365 * 86400,
                                secure=self.secure_cookies, httponly=True, samesite="lax")
        return response

    def words(self, lang: Language) -> dict[str, Callable[..., str]]:
        """The translation and formatting functions templates call."""
        def t(message: str, **values: Any) -> str:
            return self.translator.render(Message(message, values), lang)

        def status(kind: str, code: str) -> str:
            word = status_word(kind, code)
            return self.translator.render(word, lang) if word else code

        def day(text: str) -> str:
            try:
                return kept_together(format_date(dt.date.fromisoformat(text[:10]), lang))
            except ValueError:
                return text

        def moment(text: str) -> str:
            try:
                return kept_together(format_datetime(
                    dt.datetime.fromisoformat(text).astimezone(self.zone), lang))
            except ValueError:
                return text

        def role(code: str) -> str:
            return self.translator.render(role_word(code), lang)

        def type_name(code: str) -> str:
            found = self.catalogue.appeal_types.get(code)
            return found.name.text(lang) if found else code

        def language_name(code: str) -> str:
            return next((LANGUAGE_NAMES[item] for item in LANGUAGES if item.value == code),
                        code or "—")

        return {"t": t, "status": status, "tone": status_tone, "day": day, "moment": moment,
                "role": role, "type_name": type_name, "language_name": language_name}

    async def form(self, request: Request, session: Session | None, *,
                   max_fields: int = 50) -> dict[str, str]:
        """A posted urlencoded form (at most 64 KB and ``max_fields`` fields); with a session,
        its CSRF token is checked.

        :raises PageError: 403 when the token is missing or wrong, 400 for a bad body.
        """
        body = await read_body(request, FORM_LIMIT)
        try:
            pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                                           strict_parsing=False, max_num_fields=max_fields)
        except (UnicodeDecodeError, ValueError) as exc:
            raise PageError(400, "the form could not be read") from exc
        data = {key: value for key, value in pairs}
        if session is not None and not csrf_matches(session, data.get("csrf")):
            logger.warning("CSRF token missing or wrong from %s (%s)", client_address(request),
                           session.account.login)
            raise PageError(403, "This form has expired. Go back, reload the page and try "
                                 "again.")
        return data

    def redirect(self, url: str) -> RedirectResponse:
        """See other (303) after a form, so reloading does not post it twice."""
        return RedirectResponse(url, status_code=303, headers=HEADERS)


def _with_query(request: Request, **changes: Any) -> str:
    query = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = urllib.parse.urlencode(query)
    return request.url.path + (f"?{encoded}" if encoded else "")


def page_of(path: str) -> str:
    """The page a form's address belongs to: ``/staff/appeals/5/status`` → ``/staff/appeals/5``."""
    parent = path.rstrip("/").rsplit("/", 1)[0]
    return parent if parent.startswith("/staff/") and parent != "/staff" else "/staff/"


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in (never another site)."""
    if not target or not target.startswith("/staff") or target.startswith("//") \
            or "\\" in target or any(ord(ch) < 0x20 for ch in target):
        return "/staff/"
    return target


def make_env() -> jinja2.Environment:
    """The template environment: files from ``templates/``, autoescaped, strict undefined."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=jinja2.select_autoescape(("html",)),
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def plain(response: Response) -> Response:
    """``response`` with the console's security headers."""
    response.headers.update(HEADERS)
    return response


_CONTROL = {i: None for i in (*range(0x20), *range(0x7F, 0xA0)) if chr(i) not in "\t"}


def field(data: Mapping[str, str], key: str, limit: int = 200) -> str:
    """A one-line form field without control characters (PostgreSQL refuses NUL), stripped
    and cut to ``limit`` characters."""
    return (data.get(key) or "").translate(_CONTROL).strip()[:limit]
