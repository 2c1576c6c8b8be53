"""Desk actions: call next, recall, served, no-show, transfer, pause; one event per action."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.queue.actions import current_ticket, perform
from kiosk.queue.desks import get_desk
from kiosk.queue.errors import QueueRefused
from kiosk.tickets import Ticket, issue_ticket
from tests.conftest import OPEN_MORNING

LATER = OPEN_MORNING + dt.timedelta(minutes=7)


def _issue(db: Database, catalogue: Catalogue, department: str = "social", *,
           priority: bool = False, minutes: int = 0) -> Ticket:
    return issue_ticket(db, catalogue, department, OPEN_MORNING + dt.timedelta(minutes=minutes),
                        Language.KK, priority=priority)


def _status(db: Database, ticket: Ticket) -> tuple[str, str | None, str | None]:
    row = db.execute("SELECT status, desk, room FROM tickets WHERE uuid = ?",
                     [ticket.uuid]).fetchone()
    return str(row[0]), row[1], row[2]


def test_call_next_calls_the_oldest_ticket_to_the_desk_s_room(
        desks: Database, catalogue: Catalogue) -> None:
    first, second = _issue(desks, catalogue), _issue(desks, catalogue, minutes=1)
    result = perform(desks, catalogue, "social-2", "call", LATER)
    assert result.ticket is not None and result.ticket.number == first.number
    assert _status(desks, first) == ("called", "social-2", "105")
    assert _status(desks, second) == ("waiting", None, None)


def test_every_action_is_an_event_with_its_outbox_row(desks: Database,
                                                       catalogue: Catalogue) -> None:
    ticket = _issue(desks, catalogue)
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "serve", LATER + dt.timedelta(minutes=4))
    events = desks.execute("SELECT uuid, action, wait_seconds, service_seconds, ticket_status "
                           "FROM queue_events ORDER BY id").fetchall()
    assert [(e[1], e[2], e[3], e[4]) for e in events] == [
        ("call", 7 * 60, None, "called"), ("serve", None, 4 * 60, "served")]
    for event_uuid, *_ in events:
        kind, payload = desks.execute("SELECT kind, payload FROM outbox WHERE record_uuid = ?",
                                      [event_uuid]).fetchone()
        assert kind == "queue"
        assert json.loads(payload)["ticket_uuid"] == ticket.uuid


def test_call_next_on_an_empty_queue_says_so(desks: Database, catalogue: Catalogue) -> None:
    with pytest.raises(QueueRefused) as caught:
        perform(desks, catalogue, "social-1", "call", LATER)
    assert caught.value.reason == "empty"
    assert "No one is waiting" in str(caught.value)
    assert desks.execute("SELECT count(*) FROM queue_events").fetchone()[0] == 0


def test_call_next_with_a_ticket_still_at_the_desk_is_refused(desks: Database,
                                                              catalogue: Catalogue) -> None:
    first = _issue(desks, catalogue)
    _issue(desks, catalogue, minutes=1)
    perform(desks, catalogue, "social-1", "call", LATER)
    with pytest.raises(QueueRefused) as caught:
        perform(desks, catalogue, "social-1", "call", LATER)
    assert caught.value.reason == "busy" and first.number in str(caught.value)


def test_recall_keeps_the_ticket_called_and_counts_the_calls(desks: Database,
                                                             catalogue: Catalogue) -> None:
    ticket = _issue(desks, catalogue)
    perform(desks, catalogue, "social-1", "call", LATER)
    result = perform(desks, catalogue, "social-1", "recall", LATER)
    assert result.ticket is not None and result.ticket.calls == 2
    assert _status(desks, ticket)[0] == "called"


def test_no_show_marks_the_ticket_missed(desks: Database, catalogue: Catalogue) -> None:
    ticket = _issue(desks, catalogue)
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "no_show", LATER)
    assert _status(desks, ticket)[0] == "missed"
    assert current_ticket(desks, get_desk(desks, "social-1")) is None  # type: ignore[arg-type]


def test_served_frees_the_desk_for_the_next_call(desks: Database, catalogue: Catalogue) -> None:
    first, second = _issue(desks, catalogue), _issue(desks, catalogue, minutes=1)
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "serve", LATER)
    result = perform(desks, catalogue, "social-1", "call", LATER)
    assert _status(desks, first)[0] == "served"
    assert result.ticket is not None and result.ticket.uuid == second.uuid


def test_transfer_keeps_the_place_by_issue_time(desks: Database, catalogue: Catalogue) -> None:
    early = _issue(desks, catalogue, "social")
    later_land = [_issue(desks, catalogue, "land", minutes=m) for m in (1, 2)]
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "transfer", LATER, to_department="land")
    assert _status(desks, early) == ("waiting", None, None)
    called = perform(desks, catalogue, "land-1", "call", LATER)
    assert called.ticket is not None and called.ticket.uuid == early.uuid
    assert called.ticket.number == early.number  # it keeps its number
    assert all(_status(desks, t)[0] == "waiting" for t in later_land)


def test_transfer_needs_another_known_department(desks: Database, catalogue: Catalogue) -> None:
    _issue(desks, catalogue)
    perform(desks, catalogue, "social-1", "call", LATER)
    for target in ("", "nowhere", "social"):
        with pytest.raises(QueueRefused):
            perform(desks, catalogue, "social-1", "transfer", LATER, to_department=target)


def test_a_paused_desk_calls_no_one_until_resumed(desks: Database, catalogue: Catalogue) -> None:
    _issue(desks, catalogue)
    perform(desks, catalogue, "social-1", "pause", LATER)
    with pytest.raises(QueueRefused) as caught:
        perform(desks, catalogue, "social-1", "call", LATER)
    assert caught.value.reason == "paused"
    perform(desks, catalogue, "social-1", "resume", LATER)
    assert perform(desks, catalogue, "social-1", "call", LATER).ticket is not None


def test_the_same_action_id_twice_acts_once(desks: Database, catalogue: Catalogue) -> None:
    _issue(desks, catalogue)
    _issue(desks, catalogue, minutes=1)
    action_id = str(uuid.uuid4())
    first = perform(desks, catalogue, "social-1", "call", LATER, action_id=action_id)
    again = perform(desks, catalogue, "social-1", "call", LATER, action_id=action_id)
    assert again.repeated and again.ticket == first.ticket
    assert desks.execute("SELECT count(*) FROM tickets WHERE status = 'called'").fetchone()[0] == 1


def test_a_garbled_action_id_is_refused_in_words(desks: Database, catalogue: Catalogue) -> None:
    with pytest.raises(QueueRefused, match="Reload"):
        perform(desks, catalogue, "social-1", "call", LATER, action_id="not-a-uuid")


def test_desks_only_call_their_own_department(desks: Database, catalogue: Catalogue) -> None:
    _issue(desks, catalogue, "social")
    with pytest.raises(QueueRefused):
        perform(desks, catalogue, "land-1", "call", LATER)


def test_yesterday_s_tickets_are_not_called_today(desks: Database, catalogue: Catalogue) -> None:
    _issue(desks, catalogue)
    with pytest.raises(QueueRefused):
        perform(desks, catalogue, "social-1", "call", LATER + dt.timedelta(days=1))


def test_a_press_on_an_out_of_date_page_does_not_act_on_the_next_person(
        desks: Database, catalogue: Catalogue) -> None:
    first, second = _issue(desks, catalogue), _issue(desks, catalogue, minutes=1)
    perform(desks, catalogue, "social-1", "call", LATER)
    # the phone still shows the first ticket; on the PC it was served and the next called
    perform(desks, catalogue, "social-1", "serve", LATER, ticket_uuid=first.uuid)
    perform(desks, catalogue, "social-1", "call", LATER)
    with pytest.raises(QueueRefused) as caught:
        perform(desks, catalogue, "social-1", "no_show", LATER, ticket_uuid=first.uuid)
    assert caught.value.reason == "stale" and second.number in str(caught.value)
    assert _status(desks, second)[0] == "called"
    assert _status(desks, first)[0] == "served"


def test_a_transferred_ticket_starts_its_calls_again(desks: Database,
                                                     catalogue: Catalogue) -> None:
    _issue(desks, catalogue)
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "recall", LATER)
    perform(desks, catalogue, "social-1", "transfer", LATER, to_department="land")
    called = perform(desks, catalogue, "land-1", "call", LATER)
    assert called.ticket is not None and called.ticket.calls == 1


def test_another_desks_action_id_gives_nothing_back(desks: Database,
                                                     catalogue: Catalogue) -> None:
    _issue(desks, catalogue)
    action_id = str(uuid.uuid4())
    perform(desks, catalogue, "social-1", "call", LATER, action_id=action_id)
    with pytest.raises(QueueRefused, match="Reload"):
        perform(desks, catalogue, "social-2", "call", LATER, action_id=action_id)
