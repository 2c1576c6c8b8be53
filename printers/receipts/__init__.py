"""Receipt layouts: records → :class:`~printers.document.Document` in the citizen's language."""

from printers.receipts.checklist import service_checklist
from printers.receipts.citizen import appeal_talon, booking_confirmation, queue_ticket
from printers.receipts.context import ReceiptContext
from printers.receipts.reprint import reprint_document
from printers.receipts.test_page import printer_test_page

__all__ = [
    "ReceiptContext",
    "appeal_talon",
    "booking_confirmation",
    "printer_test_page",
    "queue_ticket",
    "reprint_document",
    "service_checklist",
]
