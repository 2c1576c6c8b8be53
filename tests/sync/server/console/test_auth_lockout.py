"""Login lockout: five wrong passwords lock an account for 15 minutes, counted in the
database so that every server worker honours it; a wrong login reads like a wrong password."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import Translator
from sync.server.accounts import Accounts
from tests.sync.server.console.conftest import PASSWORD, World, another_worker, session_cookie

_ALERT = re.compile(r'<p class="error" role="alert">(.*?)</p>', re.S)


@pytest.fixture
def second(world: World, translator: Translator, catalogue: Catalogue
           ) -> Iterator[httpx.Client]:
    """A client of a second app over the same database, as a second server worker."""
    with another_worker(world.db_url, translator, world.clock, catalogue) as base, \
            httpx.Client(base_url=base, timeout=30) as http:
        yield http


def attempt(http: httpx.Client, login: str, password: str, lang: str = "en"
            ) -> tuple[int, str, bool]:
    """(status, the alert's words, whether a session cookie was set) of one sign-in."""
    answer = http.post(f"/staff/login?lang={lang}", data={"login": login, "password": password})
    alert = _ALERT.search(answer.text)
    return answer.status_code, alert.group(1).strip() if alert else "", \
        session_cookie(answer) is not None


def test_five_wrong_passwords_over_two_workers_lock_the_account(world: World,
                                                                 second: httpx.Client) -> None:
    first = world.client()
    for index in range(5):  # alternately through each worker
        status, words, signed_in = attempt(first if index % 2 else second, "clerk.a", "wrong-1")
        assert (status, signed_in) == (401, False)
        assert "Wrong login or password" in words
    for http in (first, second):
        status, words, signed_in = attempt(http, "clerk.a", PASSWORD)
        assert (status, signed_in) == (401, False)
        assert "Too many wrong passwords" in words and "locked until" in words
    assert world.sessions_of("clerk.a") == 0
    assert attempt(first, "clerk.b", PASSWORD)[0] == 303  # the others are not locked
    world.clock.advance(minutes=14, seconds=59)
    assert "Too many wrong passwords" in attempt(second, "clerk.a", PASSWORD)[1]
    world.clock.advance(seconds=1)
    assert attempt(second, "clerk.a", PASSWORD)[0] == 303
    assert attempt(first, "clerk.a", PASSWORD)[0] == 303


def test_the_lock_shows_when_it_lifts_in_the_akimats_time(world: World) -> None:
    http = world.client()
    for _ in range(5):
        attempt(http, "clerk.a", "wrong-1")
    # Locked at 10:00 Almaty time (05:00 UTC) for 15 minutes.
    assert "10:15" in attempt(http, "clerk.a", PASSWORD)[1]


def test_wrong_passwords_in_parallel_lock_the_account_too(world: World,
                                                          second: httpx.Client) -> None:
    """Many guesses at the same moment over both workers must not slip past the count."""
    first = world.client()
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda i: attempt((first, second)[i % 2], "clerk.a",
                                                  f"wrong-{i}")[0], range(12)))
    assert answers == [401] * 12
    status, words, _ = attempt(first, "clerk.a", PASSWORD)
    assert status == 401 and "Too many wrong passwords" in words


def test_a_right_password_resets_the_count(world: World) -> None:
    http = world.client()
    for _ in range(4):
        attempt(http, "clerk.a", "wrong-1")
    assert attempt(http, "clerk.a", PASSWORD)[0] == 303
    for _ in range(4):
        attempt(http, "clerk.a", "wrong-1")
    assert attempt(http, "clerk.a", PASSWORD)[0] == 303


def test_wrong_passwords_after_the_lock_lifts_lock_it_again(world: World) -> None:
    http = world.client()
    for _ in range(5):
        attempt(http, "clerk.a", "wrong-1")
    world.clock.advance(minutes=15)
    for _ in range(5):
        assert "Wrong login or password" in attempt(http, "clerk.a", "wrong-2")[1]
    assert "Too many wrong passwords" in attempt(http, "clerk.a", PASSWORD)[1]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_wrong_login_reads_exactly_like_a_wrong_password(world: World, lang: str) -> None:
    Accounts(world.store.db, world.clock).disable("clerk.b")
    http = world.client()
    wrong_password = attempt(http, "clerk.a", "wrong-1", lang)
    unknown_login = attempt(http, "nobody.here", PASSWORD, lang)
    disabled = attempt(http, "clerk.b", PASSWORD, lang)  # the right password, disabled
    assert wrong_password[0] == unknown_login[0] == disabled[0] == 401
    assert wrong_password[1] and wrong_password[1] == unknown_login[1] == disabled[1]
    # And the login form keeps what was typed as the login, never the password.
    page = http.post(f"/staff/login?lang={lang}",
                     data={"login": "nobody.here", "password": PASSWORD}).text
    assert 'value="nobody.here"' in page and PASSWORD not in page
