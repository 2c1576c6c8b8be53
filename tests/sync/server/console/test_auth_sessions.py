"""Sessions end: after 30 idle minutes, 10 hours after sign-in, on sign-out, on "sign out
everywhere", when the account is disabled or its password reset (the CLI, at once)."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest

from sync.server.cli import main
from sync.server.console.web import COOKIE
from tests.sync.server.console.conftest import PASSWORD, Staff, World

NEW_PASSWORD = "Reset-By-The-Admin-42"


def sent_to_sign_in(staff: Staff, path: str = "/staff/appeals") -> bool:
    """True when the cookie no longer opens ``path`` and the browser goes to the login page."""
    answer = staff.get(path)
    if answer.status_code != 303:
        assert answer.status_code == 200, (path, answer.status_code)
        return False
    # "expired" tells the sign-in page to say why (the browser still held a cookie)
    assert answer.headers["location"] in (f"/staff/login?next={quote(path, safe='')}",
                                          f"/staff/login?next={quote(path, safe='')}&expired=1")
    return True


def same_browser(world: World, staff: Staff) -> Staff:
    """Another client presenting the same cookie (a copy of it, as a thief would)."""
    http = world.client()
    http.cookies.set(COOKIE, staff.cookie)
    return Staff(http, staff.login, staff.cookie)


def test_a_session_idle_for_30_minutes_ends(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    world.clock.advance(minutes=29, seconds=59)
    assert not sent_to_sign_in(clerk)  # still there, and the visit counts as activity
    world.clock.advance(minutes=29, seconds=59)
    assert not sent_to_sign_in(clerk)
    world.clock.advance(minutes=30)
    assert sent_to_sign_in(clerk)
    assert world.sessions_of("clerk.a") == 0
    world.clock.advance(minutes=-30)  # even if the clock went back, the session is gone
    assert sent_to_sign_in(clerk)


def test_a_session_ends_10_hours_after_sign_in_however_busy(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    for _ in range(29):  # a page every 20 minutes until 9 h 40 min
        world.clock.advance(minutes=20)
        assert not sent_to_sign_in(clerk, "/staff/")
    world.clock.advance(minutes=19, seconds=59)
    assert not sent_to_sign_in(clerk, "/staff/")
    world.clock.advance(seconds=1)
    assert sent_to_sign_in(clerk, "/staff/")
    assert world.sign_in("clerk.a")  # signing in again works


def test_sign_out_ends_the_session_and_not_others(world: World) -> None:
    clerk, elsewhere = world.sign_in("clerk.a"), world.sign_in("clerk.a")
    colleague = world.sign_in("clerk.b")
    copy = same_browser(world, clerk)
    assert clerk.post("/staff/logout", {}).status_code == 303
    assert sent_to_sign_in(copy)  # the old cookie value no longer works anywhere
    assert not sent_to_sign_in(elsewhere) and not sent_to_sign_in(colleague)
    assert world.sessions_of("clerk.a") == 1


def test_sign_out_everywhere_ends_the_sessions_on_other_devices(world: World) -> None:
    phone, office_pc, laptop = (world.sign_in("clerk.a") for _ in range(3))
    colleague = world.sign_in("clerk.b")
    assert world.sessions_of("clerk.a") == 3
    answer = phone.post("/staff/logout-everywhere", {})
    assert (answer.status_code, answer.headers["location"]) == (303, "/staff/login")
    for device in (phone, office_pc, laptop):
        assert sent_to_sign_in(device)
    assert world.sessions_of("clerk.a") == 0
    assert not sent_to_sign_in(colleague)


def test_disabling_an_account_ends_its_sessions_at_once(world: World,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    devices = [world.sign_in("clerk.a"), world.sign_in("clerk.a")]
    colleague = world.sign_in("clerk.b")
    assert main(["--lang", "en", "staff", "disable", "clerk.a", "--db", world.db_url]) == 0
    assert "clerk.a is disabled" in capsys.readouterr().out
    for device in devices:
        assert sent_to_sign_in(device)
    assert not sent_to_sign_in(colleague)
    refused = world.client().post("/staff/login?lang=en",
                                  data={"login": "clerk.a", "password": PASSWORD})
    assert refused.status_code == 401 and "Wrong login or password" in refused.text


def test_resetting_a_password_ends_its_sessions_at_once(world: World,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    devices = [world.sign_in("clerk.a"), world.sign_in("clerk.a")]
    colleague = world.sign_in("clerk.b")
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    assert main(["--lang", "en", "staff", "reset-password", "clerk.a", "--password-stdin",
                 "--db", world.db_url]) == 0
    for device in devices:
        assert sent_to_sign_in(device)
    assert not sent_to_sign_in(colleague)
    old = world.client().post("/staff/login", data={"login": "clerk.a", "password": PASSWORD})
    assert old.status_code == 401
    assert not sent_to_sign_in(world.sign_in("clerk.a", NEW_PASSWORD))


def test_changing_ones_password_signs_out_the_other_devices_only(world: World) -> None:
    here, there = world.sign_in("clerk.a"), world.sign_in("clerk.a")
    answer = here.post("/staff/password?lang=en",
                       {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert answer.status_code == 200 and "The password is changed" in answer.text
    fresh = next(h for h in answer.headers.get_list("set-cookie") if h.startswith(COOKIE))
    assert fresh.split(";")[0] != f"{COOKIE}={here.cookie}"  # a new session id
    assert sent_to_sign_in(here) and sent_to_sign_in(there)  # the old cookies are dead
    assert world.sessions_of("clerk.a") == 1


@pytest.mark.parametrize(("fields", "problem"), [
    ({"current": "not-the-password", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
     "The current password is wrong."),
    ({"current": PASSWORD, "new": "short1", "repeat": "short1"}, "at least 10 characters"),
    ({"current": PASSWORD, "new": "aaaaaaaaaaaaaaab", "repeat": "aaaaaaaaaaaaaaab"},
     "not repeat one or two characters"),
    ({"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD + "x"},
     "The two new passwords differ."),
])
def test_a_refused_password_change_changes_nothing(world: World, fields: dict[str, str],
                                                   problem: str) -> None:
    here, there = world.sign_in("clerk.a"), world.sign_in("clerk.a")
    stored = world.store.db.query("SELECT password_hash FROM staff_accounts "
                                  "WHERE login = 'clerk.a'")
    answer = here.post("/staff/password?lang=en", fields)
    assert answer.status_code == 400 and problem in answer.text
    assert world.store.db.query("SELECT password_hash FROM staff_accounts "
                                "WHERE login = 'clerk.a'") == stored
    assert not sent_to_sign_in(here) and not sent_to_sign_in(there)


def test_an_unknown_or_forged_cookie_is_no_session(world: World) -> None:
    world.sign_in("clerk.a")
    for value in ("x", "A" * 43, "A" * 101, ""):
        http = world.client()
        http.cookies.set(COOKIE, value)
        assert sent_to_sign_in(Staff(http, "nobody", value))
