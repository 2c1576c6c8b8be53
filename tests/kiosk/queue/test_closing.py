"""At closing time the tickets left are closed as not served, with a reason and an event."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.queue.actions import perform
from kiosk.queue.closing import close_finished_days, closing_time
from kiosk.tickets import issue_ticket
from tests.conftest import OPEN_MORNING, at


def _statuses(db: Database) -> list[tuple[str, str | None]]:
    return [(str(r[0]), r[1]) for r in
            db.execute("SELECT status, close_reason FROM tickets ORDER BY id")]


def test_nothing_closes_while_the_akimat_is_open(desks: Database, catalogue: Catalogue) -> None:
    issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    assert close_finished_days(desks, catalogue, OPEN_MORNING + dt.timedelta(hours=2)) == 0
    assert _statuses(desks) == [("waiting", None)]


def test_after_closing_the_waiting_tickets_are_closed_not_the_one_at_a_desk(
        desks: Database, catalogue: Catalogue) -> None:
    for _ in range(4):
        issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    perform(desks, catalogue, "social-1", "call", OPEN_MORNING)
    perform(desks, catalogue, "social-1", "serve", OPEN_MORNING)
    perform(desks, catalogue, "social-1", "call", OPEN_MORNING)
    evening = closing_time(catalogue, OPEN_MORNING.date())
    assert close_finished_days(desks, catalogue, evening) == 2
    assert _statuses(desks) == [("served", None), ("called", None), ("missed", "closed"),
                                ("missed", "closed")]
    events = desks.execute("SELECT action, reason, ticket_status FROM queue_events "
                           "WHERE action = 'close'").fetchall()
    assert events == [("close", "closed", "missed")] * 2
    assert close_finished_days(desks, catalogue, evening) == 0  # once only
    # the specialist finishes the person at the desk after closing time
    perform(desks, catalogue, "social-1", "serve", evening)
    assert _statuses(desks)[1] == ("served", None)


def test_a_ticket_left_at_a_desk_is_closed_the_next_day(desks: Database,
                                                        catalogue: Catalogue) -> None:
    issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    perform(desks, catalogue, "social-1", "call", OPEN_MORNING)
    assert close_finished_days(desks, catalogue, at(2026, 12, 2, 8)) == 1
    assert _statuses(desks) == [("missed", "closed")]


def test_a_kiosk_off_overnight_closes_yesterday_at_start(desks: Database,
                                                         catalogue: Catalogue) -> None:
    issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    assert close_finished_days(desks, catalogue, at(2026, 12, 2, 8)) == 1


def test_many_open_tickets_close_in_batches(desks: Database, catalogue: Catalogue) -> None:
    desks.execute("UPDATE counters SET value = value")  # nothing; keep the fixture's desks
    for index in range(450):
        desks.execute("INSERT INTO tickets (uuid, number, department, line, day, seq, "
                      "tracking_code, language, issued_at, people_ahead) VALUES "
                      "(?, ?, 'social', 'social', '2026-11-30', ?, ?, 'kk', "
                      "'2026-11-30T05:00:00+00:00', 0)",
                      [f"u{index}", f"Ә-{index}", index + 1, f"code{index}"])
    assert close_finished_days(desks, catalogue, OPEN_MORNING) == 450
    assert desks.execute("SELECT count(*) FROM queue_events").fetchone()[0] == 450


def test_a_clock_run_years_ahead_does_not_close_the_day(desks: Database,
                                                        catalogue: Catalogue) -> None:
    issue_ticket(desks, catalogue, "social", OPEN_MORNING, Language.KK)
    assert close_finished_days(desks, catalogue, at(2031, 1, 6, 10)) == 0
    assert _statuses(desks) == [("waiting", None)]
    assert close_finished_days(desks, catalogue, at(2026, 12, 2, 8)) == 1  # the clock is back
