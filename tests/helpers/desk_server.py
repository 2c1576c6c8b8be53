"""The kiosk's desk server on loopback for tests: stopped and started again on the same port."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from kiosk.i18n import Translator
from kiosk.web.desk_server import DeskServer
from kiosk.web.desk_service import DeskService


class LoopbackDesks:
    """A :class:`DeskServer` on 127.0.0.1 that keeps its port across a stop and a start.

    ``make_service`` builds the desk service on the first start, and again after a stop
    that closed it (a kiosk switched off and on).
    """

    def __init__(self, make_service: Callable[[], DeskService], translator: Translator) -> None:
        self.make_service = make_service
        self.translator = translator
        self.service: DeskService | None = None
        self.server: DeskServer | None = None
        self.port = 0

    def start(self) -> None:
        """Serve on loopback (the same port as before after a stop)."""
        if self.service is None:
            self.service = self.make_service()
        self.server = DeskServer(self.service, self.translator, "127.0.0.1", self.port).start()
        self.port = int(self.server.httpd.server_address[1])

    def stop(self, *, close_service: bool = False) -> None:
        """Stop serving; with ``close_service`` also close the service's connections."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        if close_service and self.service is not None:
            self.service.close()
            self.service = None

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def desks(self) -> DeskService:
        """The desk service (started on first use)."""
        if self.service is None:
            self.service = self.make_service()
        return self.service


class DeskBrowser:
    """A specialist's browser on the desk page (httpx): signs in, presses the page's buttons."""

    def __init__(self, url: str, login: str, password: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=True, timeout=30)
        page = self.http.post("/desk/login", data={"login": login, "password": password})
        assert page.status_code == 200 and "/desk" in str(page.url), page.text
        self.page = page.text

    def press(self, action: str, **extra: str) -> str:
        """Press a desk button as the page offers it (its CSRF token and action id)."""
        csrf = re.search(r'name="csrf" value="([^"]+)"', self.page)
        action_id = re.search(r'name="action_id" value="([^"]+)"><button type="submit" '
                              rf'name="action" value="{action}"', self.page)
        assert csrf and action_id, f"no {action} button on the desk page"
        answer = self.http.post("/desk/action", data={
            "csrf": csrf.group(1), "action_id": action_id.group(1), "action": action, **extra})
        assert answer.status_code == 200, answer.text
        self.page = answer.text
        return answer.text

    def close(self) -> None:
        """Close the browser."""
        self.http.close()
