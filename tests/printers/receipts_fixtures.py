"""Fixed records for golden receipts: the same bytes on every run and machine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.appeals import Appeal
from kiosk.applicant import Applicant
from kiosk.bookings import Booking, Slot
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.tickets import Ticket
from printers.document import Document
from printers.profiles import PrinterProfile
from printers.receipts import (
    ReceiptContext,
    appeal_talon,
    booking_confirmation,
    printer_test_page,
    queue_ticket,
    service_checklist,
)
from tests.conftest import OPEN_MORNING, at

PERSON = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78")


def ticket() -> Ticket:
    """Ticket Ә-017 of the social desk, three people ahead."""
    return Ticket("00000000-0000-4000-8000-000000000017", "Ә-017", "social", OPEN_MORNING.date(),
                  17, "KX7MQ4RT9C", OPEN_MORNING, 3, Language.KK)


def appeal() -> Appeal:
    """A registered application about street lighting."""
    return Appeal("00000000-0000-4000-8000-000000000042", "KARASU-01-2026-00042", "P3RT7MXQ9D",
                  "application", "Көше жарығы", "Абай көшесінде шам жанбайды.", PERSON,
                  Language.KK, OPEN_MORNING, OPEN_MORNING.date(), dt.date(2026, 12, 22))


def booking(catalogue: Catalogue) -> Booking:
    """The first Tuesday slot of the akim's reception."""
    session = catalogue.reception.sessions[0]
    start = at(2026, 12, 8, 10, 15)
    return Booking("00000000-0000-4000-8000-000000000099", "HM4K7TP2XC",
                   Slot(start, start + dt.timedelta(minutes=session.slot_minutes), session),
                   "Жер учаскесі", PERSON, Language.KK, OPEN_MORNING)


CHECKLIST_SERVICE = "targeted-social-assistance"

Builder = Callable[[Catalogue, ReceiptContext, PrinterProfile], Document]
#: Every receipt kind, built from the fixed records above.
RECEIPTS: dict[str, Builder] = {
    "ticket": lambda c, ctx, p: queue_ticket(ticket(), ctx),
    "talon": lambda c, ctx, p: appeal_talon(appeal(), ctx),
    "booking": lambda c, ctx, p: booking_confirmation(booking(c), ctx),
    "checklist": lambda c, ctx, p: service_checklist(c.services[CHECKLIST_SERVICE], ctx),
    "testpage": lambda c, ctx, p: printer_test_page(p, ctx, OPEN_MORNING),
}
