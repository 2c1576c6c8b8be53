"""Fixed demo records for every receipt kind: the same bytes on every run and machine.

The golden receipt tests (``tests/printers/receipts_fixtures.py`` re-exports these) and the
receipt gallery (``scripts/render_receipts.py``) print the same records, so the pictures in
``docs/receipts/`` are of the receipts the tests check byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from kiosk.appeals import Appeal
from kiosk.applicant import Applicant
from kiosk.bookings import Booking, Slot
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.tickets import Ticket
from printers.document import Document
from printers.profiles import PrinterProfile
from printers.receipts.checklist import service_checklist
from printers.receipts.citizen import appeal_talon, booking_confirmation, queue_ticket
from printers.receipts.context import ReceiptContext
from printers.receipts.test_page import printer_test_page

#: The akimat's time zone (the default catalogue's).
ZONE = ZoneInfo("Asia/Almaty")
#: A Tuesday morning when the akimat is open (1 December 2026, 10:00).
MOMENT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZONE)
#: The server address and kiosk id printed on the demo receipts.
PUBLIC_URL = "http://127.0.0.1:8470"
KIOSK_ID = "karasu-01"

PERSON = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78")


def ticket() -> Ticket:
    """Ticket Ә-017 of the social desk, three people ahead, about 30 minutes to wait."""
    return Ticket("00000000-0000-4000-8000-000000000017", "Ә-017", "social", MOMENT.date(),
                  17, "KX7MQ4RT9C", MOMENT, 3, Language.KK, wait_minutes=30)


def priority_ticket() -> Ticket:
    """Priority ticket Ә-018 of the social desk, no one ahead."""
    return Ticket("00000000-0000-4000-8000-000000000018", "Ә-018", "social", MOMENT.date(),
                  18, "PW3NX7KD4W", MOMENT, 0, Language.KK, priority=True)


def appeal() -> Appeal:
    """A registered application about street lighting."""
    return Appeal("00000000-0000-4000-8000-000000000042", "KARASU-01-2026-00042", "P3RT7MXQ9D",
                  "application", "Көше жарығы", "Абай көшесінде шам жанбайды.", PERSON,
                  Language.KK, MOMENT, MOMENT.date(), dt.date(2026, 12, 22))


def booking(catalogue: Catalogue) -> Booking:
    """The first Tuesday slot of the akim's reception."""
    session = catalogue.reception.sessions[0]
    start = dt.datetime(2026, 12, 8, 10, 15, tzinfo=ZONE)
    return Booking("00000000-0000-4000-8000-000000000099", "HM4K7TP2XC",
                   Slot(start, start + dt.timedelta(minutes=session.slot_minutes), session),
                   "Жер учаскесі", PERSON, Language.KK, MOMENT)


CHECKLIST_SERVICE = "targeted-social-assistance"

Builder = Callable[[Catalogue, ReceiptContext, PrinterProfile], Document]
#: Every receipt kind, built from the fixed records above.
RECEIPTS: dict[str, Builder] = {
    "ticket": lambda c, ctx, p: queue_ticket(ticket(), ctx),
    "ticket-priority": lambda c, ctx, p: queue_ticket(priority_ticket(), ctx),
    "talon": lambda c, ctx, p: appeal_talon(appeal(), ctx),
    "booking": lambda c, ctx, p: booking_confirmation(booking(c), ctx),
    "checklist": lambda c, ctx, p: service_checklist(c.services[CHECKLIST_SERVICE], ctx),
    "testpage": lambda c, ctx, p: printer_test_page(p, ctx, MOMENT),
}
