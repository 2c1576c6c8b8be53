"""Recent records for reprints: tickets, appeals and bookings together, newest first."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.bookings import book_slot
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.maintenance import recent_records
from kiosk.tickets import issue_ticket
from tests.conftest import OPEN_MORNING, at

PERSON = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78")


def _create_three(db: Database, catalogue: Catalogue) -> tuple[str, str, str]:
    ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    draft = prepare_draft(catalogue, appeal_type="complaint", topic="Жарық", text="Шам жанбайды.",
                          applicant=PERSON, consent=True, language=Language.KK, text_max=3000)
    appeal = submit_appeal(db, catalogue, "karasu-01", draft, at(2026, 12, 1, 10, 5))
    booking = book_slot(db, catalogue, slot_start=at(2026, 12, 3, 15, 30), topic="Жер",
                        applicant=PERSON, language=Language.RU, now=at(2026, 12, 1, 10, 10))
    return ticket.uuid, appeal.uuid, booking.uuid


def test_newest_first_across_kinds(db: Database, catalogue: Catalogue) -> None:
    ticket, appeal, booking = _create_three(db, catalogue)
    records = recent_records(db)
    assert [(r.kind, r.uuid) for r in records] == [("booking", booking), ("appeal", appeal),
                                                   ("ticket", ticket)]
    labels = [r.label for r in records]
    assert labels[0] == "2026-12-03 15:30"
    assert labels[1] == "KARASU-01-2026-00001"
    assert labels[2] == f"{catalogue.department('social').prefix}-001"
    assert records[2].created_at == OPEN_MORNING
    assert records[2].created_at.tzinfo is not None
    assert records[2].created_at.utcoffset() == dt.timedelta(0)


def test_print_outcome_and_needs_reprint(db: Database, catalogue: Catalogue) -> None:
    ticket, appeal, booking = _create_three(db, catalogue)
    db.execute("UPDATE tickets SET printed_at = ? WHERE uuid = ?",
               ["2026-12-01T05:00:30.000000+00:00", ticket])
    db.execute("UPDATE appeals SET print_error = ? WHERE uuid = ?", ["paper_out", appeal])
    by_uuid = {r.uuid: r for r in recent_records(db)}
    assert by_uuid[ticket].printed_at == dt.datetime(2026, 12, 1, 5, 0, 30, tzinfo=dt.UTC)
    assert not by_uuid[ticket].needs_reprint
    assert by_uuid[appeal].print_error == "paper_out" and by_uuid[appeal].needs_reprint
    assert by_uuid[booking].print_error is None and by_uuid[booking].needs_reprint


def test_limit_keeps_the_newest(db: Database, catalogue: Catalogue) -> None:
    for minute in range(5):
        issue_ticket(db, catalogue, "land", at(2026, 12, 1, 10, minute), Language.KK)
    records = recent_records(db, limit=3)
    assert [r.label.split("-")[1] for r in records] == ["005", "004", "003"]
    assert recent_records(db, limit=0) == []


def test_empty_database_has_no_records(db: Database) -> None:
    assert recent_records(db) == []
