"""Inside /staff every answer is a page a clerk can act on, never raw JSON."""

from __future__ import annotations

from tests.sync.server.console.conftest import World


def test_an_unknown_address_is_the_console_404_page(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    answer = clerk.get("/staff/appealz?lang=en")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "There is no such page" in answer.text and "detail" not in answer.text


def test_a_forms_address_opened_by_a_link_goes_to_its_page(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    # what a language link on a refused form's page, or the sign-in after it, opens
    answer = clerk.http.get(f"/staff/appeals/{record_id}/status?lang=ru")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/staff/appeals/{record_id}"


def test_a_form_sent_after_the_session_ended_says_so_and_returns_to_its_page(
        world: World) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    token = clerk.csrf()
    world.clock.advance(minutes=31)
    answer = clerk.post(f"/staff/appeals/{record_id}/status",
                        {"status": "in_progress", "reply": "Қаралуда"}, token=token)
    assert answer.status_code == 303
    target = answer.headers["location"]
    assert target == f"/staff/login?next=%2Fstaff%2Fappeals%2F{record_id}&expired=1"
    page = clerk.http.get(target + "&lang=en")
    assert "Your session has ended" in page.text


def test_the_api_keeps_its_json_errors(world: World) -> None:
    answer = world.client().get("/api/v1/nowhere")
    assert answer.status_code == 404 and answer.json() == {"detail": "Not Found"}
