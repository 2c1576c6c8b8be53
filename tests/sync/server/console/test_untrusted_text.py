"""Text from a kiosk or an upload is shown as it is, never run as a format template."""

from __future__ import annotations

import pytest

from kiosk.i18n import Language, plain_text
from sync.protocol import Heartbeat
from tests.sync.server.console.conftest import World


@pytest.mark.parametrize("state", ["{x}", "{0}", "{n:>300000000}", "{n.__class__.__mro__}"])
def test_braces_in_a_heartbeat_do_not_break_the_kiosks_page(world: World, state: str) -> None:
    world.store.save_heartbeat(Heartbeat("karasu-01", "1.0", state, state, 10**9,
                                         {"pending": 0}, last_error=state))
    admin = world.sign_in("district.arshaly")
    for path in ("/staff/fleet?lang=en", "/staff/fleet.json"):
        answer = admin.get(path)
        assert answer.status_code == 200, (path, answer.text[:200])
        assert "<class 'object'>" not in answer.text  # shown, not evaluated
    page = admin.get("/staff/fleet?lang=en").text
    assert len(page) < 200_000  # "{n:>300000000}" once made a 300 MB page


def test_plain_text_is_never_formatted(translator: object) -> None:
    from kiosk.i18n import Translator

    assert isinstance(translator, Translator)
    for text in ("{x}", "{0}", "{n:>30}", "{{}}", "50 % {"):
        assert translator.render(plain_text(text), Language.KK) == text


def test_braces_in_a_refused_file_name_are_a_400_with_the_reason(world: World) -> None:
    admin = world.sign_in("district.arshaly")
    token = admin.csrf("/staff/publish")
    answer = admin.http.post("/staff/publish?lang=en", data={
        "csrf": token, "kind": "announcements", "version": "1", "target": "district:arshaly"},
        files=[("files", (".{x}.toml", b'[[announcement]]\nid = "a"\n', "text/plain"))])
    assert answer.status_code == 400, answer.text[:300]
    assert ".{x}.toml" in answer.text


def test_a_nul_in_a_filter_or_the_login_is_dropped_not_a_500(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    for key in ("akimat", "kiosk", "category", "status", "query"):
        answer = clerk.get(f"/staff/appeals?{key}=a%00b")
        assert answer.status_code == 200, (key, answer.status_code)
    answer = world.client().post("/staff/login", data={"login": "clerk.a\x00",
                                                       "password": "wrong-password-1"})
    assert answer.status_code == 401


def test_opening_the_inbox_with_its_names_is_audited(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    clerk.get("/staff/appeals?query=%D0%90%D1%81")
    rows = world.store.db.query("SELECT login, detail FROM staff_audit WHERE action = 'list'")
    assert rows and rows[-1][0] == "clerk.a" and "query=" in str(rows[-1][1])
