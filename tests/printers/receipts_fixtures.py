"""Fixed records for golden receipts: the same bytes on every run and machine.

The records live in :mod:`printers.receipts.samples` (the receipt gallery script prints them
too); this module keeps the names the tests use.
"""

from __future__ import annotations

from printers.receipts.samples import (
    CHECKLIST_SERVICE,
    MOMENT,
    PERSON,
    RECEIPTS,
    Builder,
    appeal,
    booking,
    ticket,
)
from tests.conftest import OPEN_MORNING

# The samples' moment is the tests' open morning (golden bytes depend on it).
assert MOMENT == OPEN_MORNING

__all__ = ["CHECKLIST_SERVICE", "PERSON", "RECEIPTS", "Builder", "appeal", "booking", "ticket"]
