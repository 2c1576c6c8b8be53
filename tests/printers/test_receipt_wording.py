"""Words on the paper that the wording review (#14) corrected."""

from __future__ import annotations

from kiosk.catalogue import Catalogue
from printers.document import Pair
from printers.receipts import ReceiptContext, booking_confirmation
from printers.receipts.samples import booking


def test_the_booking_names_the_person_booked_not_an_applicant(catalogue: Catalogue,
                                                              ctx: ReceiptContext) -> None:
    """A booking is not an appeal: its person is not "Өтініш беруші" / «Заявитель»."""
    paper = booking_confirmation(booking(catalogue), ctx)
    labels = [block.label for block in paper.blocks if isinstance(block, Pair)]
    expected = {"kk": "Қабылдауға жазылған", "ru": "Записан(а)", "en": "Booked for"}
    assert labels[0] == expected[ctx.lang.value]
