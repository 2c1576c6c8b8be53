"""Appeals: registration number, tracking code, working-day deadline, consent, durability."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlite_utils import Database

from kiosk.appeals import AppealDraft, prepare_draft, registration_number, submit_appeal
from kiosk.applicant import Applicant
from kiosk.catalogue import Catalogue
from kiosk.errors import ValidationError
from kiosk.i18n import Language
from kiosk.tracking import normalize_tracking_code
from tests.conftest import OPEN_MORNING, at

PERSON = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78",
                         "Қарасу ауылы, Абай көшесі, 5")


def _draft(catalogue: Catalogue, appeal_type: str = "application") -> AppealDraft:
    return prepare_draft(catalogue, appeal_type=appeal_type, topic="Көше жарығы",
                         text="Абай көшесінде шам жанбайды.", applicant=PERSON, consent=True,
                         language=Language.KK, text_max=3000)


def test_registration_number_format() -> None:
    assert registration_number("karasu-01", 2026, 17) == "KARASU-01-2026-00017"


def test_submitted_appeal_is_stored_with_its_outbox_row(db: Database,
                                                        catalogue: Catalogue) -> None:
    appeal = submit_appeal(db, catalogue, "karasu-01", _draft(catalogue), OPEN_MORNING)
    assert appeal.registration_number == "KARASU-01-2026-00001"
    assert normalize_tracking_code(appeal.tracking_code) == appeal.tracking_code
    row = db.execute("SELECT iin, phone, full_name, deadline FROM appeals").fetchone()
    assert row == ("900101400003", "+77012345678", "Әлия Нұрланқызы",
                   appeal.deadline.isoformat())
    payload = json.loads(db.execute("SELECT payload FROM outbox WHERE record_uuid = ?",
                                    [appeal.uuid]).fetchone()[0])
    assert payload["registration_number"] == appeal.registration_number


def test_numbers_are_unique_and_consecutive(db: Database, catalogue: Catalogue) -> None:
    numbers = [submit_appeal(db, catalogue, "k1", _draft(catalogue), OPEN_MORNING)
               .registration_number for _ in range(5)]
    assert numbers == [f"K1-2026-{n:05d}" for n in range(1, 6)]


def test_deadline_in_working_days_skips_the_holiday(db: Database, catalogue: Catalogue) -> None:
    # Monday 14 Dec 2026 + 15 working days; 16 Dec (Independence Day), 1-2 Jan, 4 Jan
    # (transferred) and 7 Jan (Christmas) are days off.
    appeal = submit_appeal(db, catalogue, "k1", _draft(catalogue), at(2026, 12, 14, 11))
    assert appeal.registered_on == dt.date(2026, 12, 14)
    assert appeal.deadline == dt.date(2027, 1, 8)


def test_complaints_get_twenty_working_days(db: Database, catalogue: Catalogue) -> None:
    appeal = submit_appeal(db, catalogue, "k1", _draft(catalogue, "complaint"),
                           at(2026, 11, 2, 11))
    assert appeal.deadline == dt.date(2026, 11, 30)


def test_weekend_appeal_is_registered_next_working_day(db: Database,
                                                       catalogue: Catalogue) -> None:
    appeal = submit_appeal(db, catalogue, "k1", _draft(catalogue), at(2026, 11, 29, 12))
    assert appeal.registered_on == dt.date(2026, 11, 30)
    assert appeal.submitted_at == at(2026, 11, 29, 12)


def test_consent_is_required(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as info:
        prepare_draft(catalogue, appeal_type="application", topic="тақырып", text="мәтін",
                      applicant=PERSON, consent=False, language=Language.KK, text_max=3000)
    assert info.value.field == "consent"


def test_unknown_type_and_empty_text_are_rejected(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError):
        prepare_draft(catalogue, appeal_type="petition", topic="т", text="м", applicant=PERSON,
                      consent=True, language=Language.KK, text_max=3000)
    with pytest.raises(ValidationError) as info:
        prepare_draft(catalogue, appeal_type="application", topic="т", text="  ",
                      applicant=PERSON, consent=True, language=Language.KK, text_max=3000)
    assert info.value.field == "text"


def test_too_long_text_is_refused_not_cut(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as info:
        prepare_draft(catalogue, appeal_type="application", topic="т", text="ә" * 3001,
                      applicant=PERSON, consent=True, language=Language.KK, text_max=3000)
    assert info.value.rule == "too_long"


def test_applicant_masks_for_receipts() -> None:
    assert PERSON.masked_iin == "9001******03"
    assert PERSON.masked_phone == "+7 (701) ***-**-78"
