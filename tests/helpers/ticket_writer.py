"""A process that issues tickets as fast as it can, printing each number after its commit.

Used by the crash and concurrency tests: ``python -m tests.helpers.ticket_writer DB CATALOGUE
[COUNT|- [DEPARTMENT|- [DAY_OFFSET]]]``; DAY_OFFSET picks the n-th working day after
1 December 2026 so long runs stay under the daily limit. A line is printed only after
the ticket's transaction committed, so every printed number is a promise the database
must keep even if this process is killed right after.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.catalogue import load_catalogue
from kiosk.errors import ServiceUnavailable
from kiosk.i18n import Language
from kiosk.storage import open_database
from kiosk.tickets import issue_ticket
from kiosk.workdays import add_working_days
from tests.conftest import OPEN_MORNING


def main() -> int:
    """Issue tickets round-robin over the departments (or COUNT for one department)."""
    db = open_database(Path(sys.argv[1]))
    catalogue = load_catalogue(Path(sys.argv[2]))
    args = [*sys.argv[3:], "-", "-", "0"]
    count = None if args[0] == "-" else int(args[0])
    departments = list(catalogue.departments) if args[1] == "-" else [args[1]]
    day = add_working_days(catalogue.holidays, OPEN_MORNING.date(), int(args[2]))
    now = OPEN_MORNING.replace(year=day.year, month=day.month, day=day.day)
    print("ready", flush=True)
    issued = 0
    full: set[str] = set()
    while count is None or issued < count:
        dept = departments[issued % len(departments)]
        issued += 1
        if dept in full:
            continue
        try:
            ticket = issue_ticket(db, catalogue, dept, now, Language.KK)
        except ServiceUnavailable as exc:
            if exc.reason != "daily_limit" or count is not None:
                raise
            # A slow sibling on a loaded machine can leave this writer running long enough
            # to fill a desk's day: the limit is the kiosk working, not a crash.
            full.add(dept)
            if full == set(departments):
                print("all desks full", flush=True)
                time.sleep(3600)  # the test kills it
            continue
        print(f"{ticket.day} {ticket.department} {ticket.seq} {ticket.uuid}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
