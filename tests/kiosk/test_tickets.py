"""Queue tickets: numbering, people ahead, limits, closed hours, durability across restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.errors import ServiceUnavailable
from kiosk.i18n import Language
from kiosk.storage import open_database
from kiosk.tickets import format_ticket_number, issue_ticket
from tests.conftest import OPEN_MORNING, at


def test_number_is_prefix_and_three_digits() -> None:
    assert format_ticket_number("Ә", 17) == "Ә-017"
    assert format_ticket_number("Ж", 1) == "Ж-001"


def test_first_ticket_of_the_day(db: Database, catalogue: Catalogue) -> None:
    ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    assert ticket.number == f"{catalogue.department('social').prefix}-001"
    assert ticket.people_ahead == 0
    assert ticket.day.isoformat() == "2026-12-01"


def test_numbers_follow_on_and_count_people_ahead(db: Database, catalogue: Catalogue) -> None:
    tickets = [issue_ticket(db, catalogue, "land", OPEN_MORNING, Language.RU) for _ in range(3)]
    assert [t.seq for t in tickets] == [1, 2, 3]
    assert [t.people_ahead for t in tickets] == [0, 1, 2]


def test_served_tickets_are_not_ahead(db: Database, catalogue: Catalogue) -> None:
    first = issue_ticket(db, catalogue, "land", OPEN_MORNING, Language.KK)
    db.execute("UPDATE tickets SET status = 'served' WHERE uuid = ?", [first.uuid])
    assert issue_ticket(db, catalogue, "land", OPEN_MORNING, Language.KK).people_ahead == 0


def test_each_department_counts_separately(db: Database, catalogue: Catalogue) -> None:
    issue_ticket(db, catalogue, "land", OPEN_MORNING, Language.KK)
    assert issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK).seq == 1


def test_numbering_restarts_each_day(db: Database, catalogue: Catalogue) -> None:
    issue_ticket(db, catalogue, "land", OPEN_MORNING, Language.KK)
    assert issue_ticket(db, catalogue, "land", at(2026, 12, 2, 10), Language.KK).seq == 1


def test_numbers_continue_after_a_restart(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "k.sqlite3"
    first = open_database(path)
    issue_ticket(db=first, catalogue=catalogue, department_id="farm", now=OPEN_MORNING,
                 language=Language.KK)
    first.close()
    second = open_database(path)
    assert issue_ticket(second, catalogue, "farm", OPEN_MORNING, Language.KK).seq == 2


def test_ticket_and_outbox_row_are_written_together(db: Database, catalogue: Catalogue) -> None:
    ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.EN)
    row = db.execute("SELECT kind, payload, state FROM outbox WHERE record_uuid = ?",
                     [ticket.uuid]).fetchone()
    assert row[0] == "ticket" and row[2] == "pending"
    assert json.loads(row[1])["number"] == ticket.number


def test_closed_hours_refuse_with_reason(db: Database, catalogue: Catalogue) -> None:
    with pytest.raises(ServiceUnavailable) as info:
        issue_ticket(db, catalogue, "social", at(2026, 11, 29, 11), Language.KK)
    assert info.value.reason == "day_off"
    assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0


def test_daily_limit_refuses_and_points_to_the_next_day(db: Database,
                                                        catalogue: Catalogue) -> None:
    limit = catalogue.department("military").daily_ticket_limit
    for _ in range(limit):
        issue_ticket(db, catalogue, "military", OPEN_MORNING, Language.KK)
    with pytest.raises(ServiceUnavailable) as info:
        issue_ticket(db, catalogue, "military", OPEN_MORNING, Language.KK)
    assert info.value.reason == "daily_limit"
    assert "Wednesday, 2 December, 09:00" in str(info.value)  # days away: no year
    # the refused attempt did not use up a number
    assert db.execute("SELECT max(value) FROM counters").fetchone()[0] == limit


def test_unknown_department_is_a_key_error(db: Database, catalogue: Catalogue) -> None:
    with pytest.raises(KeyError):
        issue_ticket(db, catalogue, "post-office", OPEN_MORNING, Language.KK)
