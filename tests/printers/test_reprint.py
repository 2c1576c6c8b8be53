"""Reprints: the stored record's receipt again, marked as a copy, in the citizen's language."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.bookings import book_slot, free_slots
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from kiosk.storage import utc_iso
from kiosk.tickets import issue_ticket
from kiosk.tracking import format_tracking_code
from printers.profiles import PrinterProfile, load_profile
from printers.receipts import ReceiptContext, reprint_document
from printers.render import render_document
from sync.retention import erase_personal_data
from tests.conftest import OPEN_MORNING
from tests.printers.helpers import decode

NAME = "Әлия Нұрланқызы"
PERSON = Applicant.parse(NAME, "900101400003", "8 701 234 56 78")


def _records(db: Database, catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """A ticket, an appeal and a booking taken in Kazakh: kind → (uuid, what the copy shows)."""
    ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    draft = prepare_draft(catalogue, appeal_type="application", topic="Көше жарығы",
                          text="Абай көшесінде шам жанбайды.", applicant=PERSON, consent=True,
                          language=Language.KK, text_max=3000)
    appeal = submit_appeal(db, catalogue, "karasu-01", draft, OPEN_MORNING)
    booking = book_slot(db, catalogue, slot_start=free_slots(db, catalogue, OPEN_MORNING)[0].start,
                        topic="Жер учаскесі", applicant=PERSON, language=Language.KK,
                        now=OPEN_MORNING)
    return {"ticket": (ticket.uuid, ticket.number),
            "appeal": (appeal.uuid, appeal.registration_number),
            "booking": (booking.uuid, format_tracking_code(booking.tracking_code))}


@pytest.fixture
def ru_ctx(catalogue: Catalogue, translator: Translator) -> ReceiptContext:
    """The technician's screen is in Russian; the citizens chose Kazakh."""
    return ReceiptContext(catalogue, translator, Language.RU, "http://127.0.0.1:8470",
                          "karasu-01")


def _printed(db: Database, kind: str, uuid: str, ctx: ReceiptContext,
             profile: PrinterProfile) -> str:
    [receipt] = decode(render_document(reprint_document(db, kind, uuid, ctx), profile), profile)
    return receipt.text()


@pytest.mark.parametrize("kind", ["ticket", "appeal", "booking"])
def test_a_copy_in_kazakh_is_marked_and_carries_the_number(
        db: Database, catalogue: Catalogue, ru_ctx: ReceiptContext, profile: PrinterProfile,
        kind: str) -> None:
    uuid, number = _records(db, catalogue)[kind]
    text = _printed(db, kind, uuid, ru_ctx, profile)
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "КӨШІРМЕ" and lines[-1] == "КӨШІРМЕ", text
    assert number in text and "КОПИЯ" not in text
    assert "\ufffd" not in text
    if kind != "ticket":
        assert PERSON.masked_iin in text and PERSON.iin not in text


def test_a_copy_after_retention_erased_the_person(db: Database, catalogue: Catalogue,
                                                 ru_ctx: ReceiptContext) -> None:
    records = _records(db, catalogue)
    db.execute("UPDATE outbox SET state = 'sent', sent_at = ?", [utc_iso(OPEN_MORNING)])
    assert erase_personal_data(db, OPEN_MORNING + dt.timedelta(days=31), 30) == 2
    profile = load_profile("epson-tm-t20iii")
    for kind in ("appeal", "booking"):
        uuid, number = records[kind]
        text = _printed(db, kind, uuid, ru_ctx, profile)
        assert "КӨШІРМЕ" in text and number in text
        assert NAME not in text and PERSON.masked_iin not in text
        assert "************" in text, "the IIN prints fully masked"


def test_an_unknown_record_is_a_lookup_error(db: Database, ru_ctx: ReceiptContext) -> None:
    uuid = "00000000-0000-4000-8000-000000000404"
    with pytest.raises(LookupError, match=f"no appeal with uuid {uuid} on this kiosk"):
        reprint_document(db, "appeal", uuid, ru_ctx)
    with pytest.raises(ValueError, match="only ticket, appeal, booking"):
        reprint_document(db, "rating", uuid, ru_ctx)
