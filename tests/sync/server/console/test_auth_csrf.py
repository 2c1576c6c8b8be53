"""CSRF: every form of the console is refused (403, nothing changed) without its session's
token, and accepted with it; a cross-site sign-in is refused; the session cookie's attributes.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

import pytest

from sync.server.console.web import COOKIE
from tests.sync.server.console.conftest import PASSWORD, Staff, World, session_cookie

NEW_PASSWORD = "Another-Long-Password-7"


def forms(world: World) -> dict[str, tuple[str, dict[str, str]]]:
    """Every POST form behind a session: (path, fields without the token)."""
    return {
        "status": (f"/staff/appeals/{world.ids['a_new']}/status",
                   {"status": "in_progress", "reply": "Қаралуда", "reason": ""}),
        "logout": ("/staff/logout", {}),
        "logout-everywhere": ("/staff/logout-everywhere", {}),
        "password": ("/staff/password",
                     {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}),
    }


def snapshot(world: World) -> tuple[Any, ...]:
    """Everything a console form could change."""
    db = world.store.db
    return (world.record(world.ids["a_new"]),
            sorted(db.query("SELECT id_hash, login, csrf FROM staff_sessions")),
            db.query("SELECT password_hash, failed_logins, locked_until FROM staff_accounts "
                     "ORDER BY login"),
            db.query("SELECT count(*) FROM status_history"),
            db.query("SELECT login, action, record_id FROM staff_audit ORDER BY id"))


def still_signed_in(staff: Staff) -> bool:
    """True when the staff member's cookie still opens the console."""
    return staff.get("/staff/").status_code == 200


TOKENS: dict[str, Callable[[World, Staff], str | None]] = {
    "missing": lambda world, staff: None,
    "empty": lambda world, staff: "",
    "random": lambda world, staff: secrets.token_urlsafe(32),
    "truncated": lambda world, staff: staff.csrf()[:-1],
    "another account's": lambda world, staff: world.sign_in("clerk.b").csrf(),
    "own other device's": lambda world, staff: world.sign_in("clerk.a").csrf(),
}


@pytest.mark.parametrize("form", ["status", "logout", "logout-everywhere", "password"])
def test_a_form_without_the_sessions_token_is_refused(world: World, form: str) -> None:
    clerk = world.sign_in("clerk.a")
    other_device = world.sign_in("clerk.a")
    path, fields = forms(world)[form]
    for token, make in TOKENS.items():
        presented = make(world, clerk)
        before = snapshot(world)
        answer = clerk.post(f"{path}?lang=en", fields, token=presented)
        assert answer.status_code == 403, (token, answer.text[:300])
        assert "The form has expired" in answer.text
        assert session_cookie(answer) is None
        assert snapshot(world) == before, token
        assert still_signed_in(clerk) and still_signed_in(other_device)
    assert world.sign_in("clerk.a", PASSWORD)


def test_every_form_works_with_its_token(world: World) -> None:
    """The counterpart of the refusals: the same forms with the right token do their work."""
    clerk, other_device = world.sign_in("clerk.a"), world.sign_in("clerk.a")
    path, fields = forms(world)["status"]
    assert clerk.post(path, fields).status_code == 303
    assert world.record(world.ids["a_new"])[:2] == ("in_progress", "Қаралуда")

    path, fields = forms(world)["password"]
    answer = clerk.post(f"{path}?lang=en", fields)
    assert answer.status_code == 200 and "The password is changed" in answer.text
    assert not still_signed_in(other_device)
    assert world.sign_in("clerk.a", NEW_PASSWORD)

    path, fields = forms(world)["logout-everywhere"]
    first, second = world.sign_in("clerk.a", NEW_PASSWORD), world.sign_in("clerk.a", NEW_PASSWORD)
    assert first.post(path, fields).status_code == 303
    assert not still_signed_in(first) and not still_signed_in(second)

    path, fields = forms(world)["logout"]
    third = world.sign_in("clerk.a", NEW_PASSWORD)
    answer = third.post(path, fields)
    assert (answer.status_code, answer.headers["location"]) == (303, "/staff/login")
    assert not still_signed_in(third)


def test_a_token_of_an_ended_session_is_refused(world: World) -> None:
    old = world.sign_in("clerk.a")
    token = old.csrf()
    assert old.post("/staff/logout", {}, token=token).status_code == 303
    fresh = world.sign_in("clerk.a")
    path, fields = forms(world)["status"]
    before = snapshot(world)
    assert fresh.post(path, fields, token=token).status_code == 403
    assert snapshot(world) == before


# --- signing in from another site ---------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://kiosk.evil.example"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
])
def test_a_cross_site_sign_in_is_refused(world: World, headers: dict[str, str]) -> None:
    """Login CSRF: a page elsewhere must not sign a clerk's browser into the attacker's
    account (whose inbox the clerk would then fill with replies). The login form has no
    session and so no token; the browser's Fetch Metadata (or, from older browsers, its
    Origin) says where the form came from."""
    http = world.client()
    answer = http.post("/staff/login?lang=en", headers=headers,
                       data={"login": "clerk.a", "password": PASSWORD, "next": "/staff/"})
    assert answer.status_code == 403
    assert session_cookie(answer) is None
    assert world.sessions_of("clerk.a") == 0
    assert world.audit_rows() == []


@pytest.mark.parametrize("headers", [
    {},  # no browser (a script, curl): nothing to forge
    {"Sec-Fetch-Site": "same-origin", "Origin": "https://console.example"},
    {"Sec-Fetch-Site": "none"},  # typed or bookmarked
    "same origin",
])
def test_a_same_site_sign_in_goes_through(world: World, headers: dict[str, str] | str) -> None:
    http = world.client()
    if headers == "same origin":  # an older browser: Origin only, naming this very server
        headers = {"Origin": world.url}
    assert isinstance(headers, dict)
    answer = http.post("/staff/login", headers=headers,
                       data={"login": "clerk.a", "password": PASSWORD, "next": "/staff/"})
    assert answer.status_code == 303
    assert world.sessions_of("clerk.a") == 1


# --- the cookie ---------------------------------------------------------------------------

def _cookie(header: str) -> Any:
    jar: SimpleCookie = SimpleCookie()
    jar.load(header)
    return jar[COOKIE]


def test_the_session_cookie_is_secure_httponly_samesite_and_scoped(world: World) -> None:
    answer = world.client().post("/staff/login",
                                 data={"login": "clerk.a", "password": PASSWORD})
    headers = [h for h in answer.headers.get_list("set-cookie") if h.startswith(COOKIE + "=")]
    assert len(headers) == 1
    cookie = _cookie(headers[0])
    assert cookie["secure"] is True and cookie["httponly"] is True
    assert cookie["samesite"].lower() in ("lax", "strict")
    assert cookie["path"] == "/staff"
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    assert not cookie["domain"]  # this host only
    # The database keeps only a digest of the cookie's value.
    stored = world.store.db.query("SELECT id_hash, csrf FROM staff_sessions")
    assert len(stored) == 1 and cookie.value not in stored[0]
    assert len(cookie.value) >= 40


def test_sign_out_removes_the_cookie_with_the_same_attributes(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    answer = clerk.post("/staff/logout", {})
    cookie = _cookie(next(h for h in answer.headers.get_list("set-cookie")
                          if h.startswith(COOKIE + "=")))
    assert cookie.value in ("", '""')
    assert cookie["max-age"] == "0" and cookie["path"] == "/staff"
    assert cookie["secure"] is True and cookie["httponly"] is True


def test_pages_are_not_cached_nor_framed(world: World) -> None:
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{world.ids['a_new']}")
    assert answer.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
