"""The audit trail: every view of an appeal (personal data), every export and every status
change is a row of ``staff_audit`` (who, when, which record, from where); a status change
also writes its ``status_history`` row in the same transaction; refusals write nothing."""

from __future__ import annotations

import pytest

from sync.server.audit import audit_trail
from sync.server.console.web import COOKIE
from tests.sync.server.console.conftest import START, World

CLIENT = "127.0.0.1"


def record_rows(world: World, name: str) -> list[tuple[object, ...]]:
    """The audit rows of one of the fixture's appeals."""
    return [tuple(row) for row in world.audit_rows(world.ids[name])]


def history_rows(world: World, record_id: int) -> list[tuple[object, ...]]:
    """(login, old, new, reply, reason) of a record's status history, oldest first."""
    return [tuple(row) for row in world.store.db.query(
        "SELECT login, old_status, new_status, reply, reason FROM status_history "
        "WHERE record_id = ? ORDER BY id", (record_id,))]


def test_opening_an_appeal_writes_a_view_row(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    assert world.audit_rows() == [("clerk.a", "sign-in", None, CLIENT)]
    world.clock.advance(minutes=3)
    assert clerk.get(f"/staff/appeals/{world.ids['a_new']}").status_code == 200
    assert record_rows(world, "a_new") == [("clerk.a", "view", world.ids["a_new"], CLIENT)]
    entry = audit_trail(world.store.db, world.ids["a_new"])[0]
    assert (entry.at, entry.action) == (world.store.now(), "view")
    assert entry.at != START.isoformat()
    # Each opening is a row of its own; the other appeals have none.
    assert clerk.get(f"/staff/appeals/{world.ids['a_new']}").status_code == 200
    assert len(record_rows(world, "a_new")) == 2
    assert record_rows(world, "a_overdue") == []


def test_the_json_export_writes_an_export_row(world: World) -> None:
    clerk = world.sign_in("office.a")
    assert clerk.get(f"/staff/appeals/{world.ids['a_overdue']}/json").status_code == 200
    assert record_rows(world, "a_overdue") == [
        ("office.a", "export-json", world.ids["a_overdue"], CLIENT)]


def test_a_status_change_writes_a_status_row_and_a_history_row(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    world.clock.advance(minutes=20)
    answer = clerk.post(f"/staff/appeals/{record_id}/status",
                        {"status": "forwarded", "reply": "Облыстық әкімдікке жіберілді.",
                         "confirm": "yes", "reason": "Облыс әкімдігінің құзыреті"})
    assert answer.status_code == 303
    assert record_rows(world, "a_new") == [("clerk.a", "status", record_id, CLIENT)]
    entry = audit_trail(world.store.db, record_id)[0]
    assert (entry.detail, entry.at) == ("registered -> forwarded", world.store.now())
    assert history_rows(world, record_id) == [
        ("clerk.a", "registered", "forwarded", "Облыстық әкімдікке жіберілді.",
         "Облыс әкімдігінің құзыреті")]
    at = world.store.db.query("SELECT at FROM status_history WHERE record_id = ?",
                              (record_id,))[0][0]
    assert at == entry.at == world.record(record_id)[2]
    # The page then shows the step (and opening it is a view of its own).
    page = clerk.get(f"/staff/appeals/{record_id}?lang=en").text
    assert "Облыс әкімдігінің құзыреті" in page
    assert [row[1] for row in record_rows(world, "a_new")] == ["status", "view"]


@pytest.mark.parametrize("login", ["clerk.a", "office.a"])
def test_refused_access_to_another_akimats_appeal_writes_nothing(world: World,
                                                                 login: str) -> None:
    staff = world.sign_in(login)
    before = world.audit_rows()
    for name in ("b_overdue", "c_overdue"):
        record_id = world.ids[name]
        assert staff.get(f"/staff/appeals/{record_id}").status_code == 404
        assert staff.get(f"/staff/appeals/{record_id}/json").status_code == 404
        assert staff.post(f"/staff/appeals/{record_id}/status",
                          {"status": "answered", "reply": "x"}).status_code == 404
        assert record_rows(world, name) == []
        assert history_rows(world, record_id) == []
    assert world.audit_rows() == before


def test_without_a_session_nothing_is_written(world: World) -> None:
    http = world.client()
    http.cookies.set(COOKIE, "forged")
    for path in (f"/staff/appeals/{world.ids['a_new']}",
                 f"/staff/appeals/{world.ids['a_new']}/json"):
        assert http.get(path).status_code == 303
    assert world.audit_rows() == []


def test_a_refused_transition_writes_no_status_row(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    assert clerk.post(f"/staff/appeals/{record_id}/status",
                      {"status": "answered", "reply": "Жауап",
                       "confirm": "yes"}).status_code == 303
    answer = clerk.post(f"/staff/appeals/{record_id}/status", {"status": "in_progress"})
    assert answer.status_code == 400
    assert [row[1] for row in world.audit_rows(record_id)].count("status") == 1
    assert len(history_rows(world, record_id)) == 1


def test_the_page_shown_after_a_refused_status_is_a_view_too(world: World) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    assert clerk.post(f"/staff/appeals/{record_id}/status",
                      {"status": "rejected", "reason": "Анонимді", "reply": "Анонимді",
                       "confirm": "yes"}).status_code == 303
    answer = clerk.post(f"/staff/appeals/{record_id}/status", {"status": "answered"})
    assert answer.status_code == 400 and "880512450017" in answer.text  # the IIN is shown
    assert [row[1] for row in world.audit_rows(record_id)] == ["status", "view"]
