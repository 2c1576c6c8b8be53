"""The appeal's reply form keeps a clerk from closing an appeal by mistake or in silence."""

from __future__ import annotations

import html

from tests.sync.server.console.conftest import World as _World  # the fixture's type

STATUS = "/staff/appeals/{}/status?lang=en"


def _history(world: _World, record_id: int) -> list[tuple[str, str, str]]:
    return [(str(a), str(b), str(c)) for a, b, c in world.store.db.query(
        "SELECT old_status, new_status, reply FROM status_history WHERE record_id = ? "
        "ORDER BY id", (record_id,))]


def test_no_status_chosen_is_refused_and_nothing_changes(world: _World) -> None:
    clerk = world.sign_in("clerk.a")
    [record_id] = world.send_appeals("karasu-01", 1)
    answer = clerk.post(STATUS.format(record_id), {"status": "", "reply": "Сәлеметсіз бе"})
    assert answer.status_code == 400 and "Choose the new status." in answer.text
    assert world.record(record_id)[0] == "registered" and _history(world, record_id) == []


def test_closing_needs_a_reply_the_citizen_reads(world: _World) -> None:
    clerk = world.sign_in("clerk.a")
    [record_id] = world.send_appeals("karasu-01", 1)
    for status, words in (("answered", "Write the reply the citizen will read"),
                          ("forwarded", "which body the appeal was forwarded to"),
                          ("rejected", "why the appeal is left without consideration")):
        answer = clerk.post(STATUS.format(record_id), {"status": status, "reply": "  ",
                                                       "confirm": "yes"})
        assert answer.status_code == 400 and words in answer.text, status
    assert world.record(record_id)[0] == "registered"


def test_closing_needs_the_confirmation_and_keeps_what_was_written(world: _World) -> None:
    clerk = world.sign_in("clerk.a")
    [record_id] = world.send_appeals("karasu-01", 1)
    answer = clerk.post(STATUS.format(record_id), {"status": "answered",
                                                   "reply": "Шам ауыстырылды.",
                                                   "reason": "Жұмыс актісі №5"})
    assert answer.status_code == 400 and "Tick the box to confirm" in answer.text
    assert '<option value="answered" selected>' in answer.text  # the choice is kept
    assert "Шам ауыстырылды." in answer.text and 'value="Жұмыс актісі №5"' in answer.text
    assert world.record(record_id)[0] == "registered"
    # an interim status needs neither a reply nor the box
    assert clerk.post(STATUS.format(record_id), {"status": "in_progress"}).status_code == 303


def test_a_closed_appeal_takes_a_corrected_reply_kept_in_the_history(world: _World) -> None:
    clerk = world.sign_in("clerk.a")
    [record_id] = world.send_appeals("karasu-01", 1)
    assert clerk.post(STATUS.format(record_id), {"status": "answered", "reply": "Қате жауап",
                                                 "confirm": "yes"}).status_code == 303
    page = clerk.get(f"/staff/appeals/{record_id}?lang=en").text
    assert "You can correct the reply" in page
    assert clerk.post(STATUS.format(record_id), {"status": "answered",
                                                 "reply": "Дұрыс жауап"}).status_code == 303
    assert world.record(record_id)[:2] == ("answered", "Дұрыс жауап")
    assert _history(world, record_id) == [("registered", "answered", "Қате жауап"),
                                          ("answered", "answered", "Дұрыс жауап")]


def test_a_reply_of_the_limit_with_line_breaks_as_browsers_send_them_is_kept(
        world: _World) -> None:
    clerk = world.sign_in("clerk.a")
    [record_id] = world.send_appeals("karasu-01", 1)
    lines = ["ж" * 99] * 40  # 40 lines: 3,960 letters and 39 breaks = 3,999 as typed
    reply = "\r\n".join(lines)  # a browser sends each break as two characters
    answer = clerk.post(STATUS.format(record_id), {"status": "in_progress", "reply": reply})
    assert answer.status_code == 303, html.unescape(answer.text)[:300]
    assert world.record(record_id)[1] == "\n".join(lines)
