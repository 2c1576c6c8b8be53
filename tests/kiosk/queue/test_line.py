"""The order of the line: priority first, capped; people ahead agree with the order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.queue.actions import perform
from kiosk.queue.line import line_order
from kiosk.queue.position import position_of
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from tests.conftest import OPEN_MORNING
from tests.kiosk.queue.conftest import PASSWORD

LATER = OPEN_MORNING + dt.timedelta(hours=1)


def _issue_many(db: Database, catalogue: Catalogue, kinds: str) -> list[str]:
    """``kinds`` like "RRPRP": regular or priority tickets, one minute apart; their numbers."""
    return [issue_ticket(db, catalogue, "social", OPEN_MORNING + dt.timedelta(minutes=i),
                         Language.KK, priority=kind == "P").number
            for i, kind in enumerate(kinds)]


def _call_all(db: Database, catalogue: Catalogue) -> list[str]:
    called = []
    while db.execute("SELECT count(*) FROM tickets WHERE status = 'waiting'").fetchone()[0]:
        result = perform(db, catalogue, "social-1", "call", LATER)
        assert result.ticket is not None
        called.append(result.ticket.number)
        perform(db, catalogue, "social-1", "serve", LATER)
    return called


def test_priority_tickets_are_called_first(desks: Database, catalogue: Catalogue) -> None:
    numbers = _issue_many(desks, catalogue, "RRP")
    assert _call_all(desks, catalogue) == [numbers[2], numbers[0], numbers[1]]


def test_the_cap_lets_a_regular_ticket_through(desks: Database, catalogue: Catalogue) -> None:
    cap = catalogue.queue.priority_in_a_row
    assert cap == 3
    numbers = _issue_many(desks, catalogue, "R" + "P" * 5)
    order = _call_all(desks, catalogue)
    # three priority tickets, then the waiting regular one, then the rest of the priority ones
    assert order == [numbers[1], numbers[2], numbers[3], numbers[0], numbers[4], numbers[5]]


def test_people_ahead_count_only_waiting_tickets(desks: Database, catalogue: Catalogue) -> None:
    tickets = [issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
               for _ in range(4)]
    assert [t.people_ahead for t in tickets] == [0, 1, 2, 3]
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "serve", LATER)
    perform(desks, catalogue, "social-2", "call", LATER)
    last = position_of(desks, catalogue, tickets[3].uuid)
    assert last is not None and last.ahead == 1  # ticket 1 served, ticket 2 at a desk


def test_the_estimate_uses_today_s_measured_service_time(desks: Database,
                                                         catalogue: Catalogue) -> None:
    tickets = [issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
               for _ in range(5)]
    default = position_of(desks, catalogue, tickets[4].uuid)
    assert default is not None and not default.measured
    assert default.wait_minutes == 4 * catalogue.queue.default_service_minutes
    perform(desks, catalogue, "social-1", "call", LATER)
    perform(desks, catalogue, "social-1", "serve", LATER + dt.timedelta(minutes=20))
    measured = position_of(desks, catalogue, tickets[4].uuid)
    assert measured is not None and measured.measured
    assert (measured.ahead, measured.wait_minutes) == (3, 60)  # 3 people x 20 minutes


def test_a_printed_ticket_shows_its_expected_wait(desks: Database, catalogue: Catalogue) -> None:
    issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    second = issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    assert (second.people_ahead, second.wait_minutes) == (1, 10)
    priority = issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK, priority=True)
    assert priority.priority and priority.people_ahead == 0


@settings(max_examples=40, deadline=None)
@given(kinds=st.text(alphabet="RP", min_size=1, max_size=14),
       called=st.integers(min_value=0, max_value=6))
def test_people_ahead_match_the_order_desks_call(tmp_path_factory: pytest.TempPathFactory,
                                                 kinds: str, called: int,
                                                 catalogue: Catalogue) -> None:
    from kiosk.queue.desks import add_desk

    folder = tmp_path_factory.mktemp("line")
    db = open_database(folder / "k.sqlite3")
    add_desk(db, catalogue, "social-1", department="social", room="103", specialist="S",
             now=OPEN_MORNING, password=PASSWORD)
    uuids = [issue_ticket(db, catalogue, "social", OPEN_MORNING + dt.timedelta(minutes=i),
                          Language.KK, priority=k == "P").uuid for i, k in enumerate(kinds)]
    for _ in range(min(called, len(kinds))):
        perform(db, catalogue, "social-1", "call", LATER)
        perform(db, catalogue, "social-1", "serve", LATER)
    order = [t.uuid for t in line_order(db, OPEN_MORNING.date(), "social",
                                        catalogue.queue.priority_in_a_row)]
    for ticket_uuid in uuids:
        position = position_of(db, catalogue, ticket_uuid)
        if ticket_uuid in order:
            assert position is not None and position.ahead == order.index(ticket_uuid)
        else:
            assert position is None
    # and the desk really calls in that order
    called_order = []
    while True:
        waiting = db.execute("SELECT count(*) FROM tickets WHERE status = 'waiting'").fetchone()
        if not waiting[0]:
            break
        result = perform(db, catalogue, "social-1", "call", LATER)
        assert result.ticket is not None
        called_order.append(result.ticket.uuid)
        perform(db, catalogue, "social-1", "serve", LATER)
    assert called_order == order
    db.close()
