"""Signing in, in a real browser (Debian's Chromium driven by Playwright): a form on another
site cannot sign the browser into an account (login CSRF), the console's own form can."""

from __future__ import annotations

from html import escape

import pytest
from playwright.sync_api import Browser

from tests.sync.server.console.conftest import PASSWORD, World


def attacker_page(world: World, login: str) -> str:
    """A page elsewhere that posts the sign-in form to the console with its own account."""
    action = escape(f"{world.url}/staff/login?lang=en")
    return (f'<form method="post" action="{action}" id="f">'
            f'<input name="login" value="{escape(login)}">'
            f'<input name="password" value="{escape(PASSWORD)}">'
            '<input name="next" value="/staff/appeals"><button id="go">Win a prize</button>'
            "</form>")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_form_on_another_site_cannot_sign_the_browser_in(world: World,
                                                            browser: Browser) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(attacker_page(world, "clerk.b"))
        with page.expect_navigation():
            page.click("#go")
        assert "The form has expired" in page.content()
        assert world.sessions_of("clerk.b") == 0
        assert not [c for c in context.cookies() if c["name"] == "kiosk_staff"]
        page.goto(f"{world.url}/staff/appeals?lang=en")
        assert page.url.startswith(f"{world.url}/staff/login?next=")
    finally:
        context.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_consoles_own_form_signs_in(world: World, browser: Browser) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{world.url}/staff/appeals?lang=en")
        page.fill("#login", "clerk.a")
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("button.primary")
        assert page.url == f"{world.url}/staff/appeals?lang=en"
        assert "KARASU-01-2026-00001" in page.content()
        assert world.sessions_of("clerk.a") == 1
        cookie = next(c for c in context.cookies() if c["name"] == "kiosk_staff")
        assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"], cookie["path"]) == \
            (True, True, "Lax", "/staff")
    finally:
        context.close()
