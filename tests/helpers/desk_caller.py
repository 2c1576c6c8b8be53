"""A desk in its own process: ``python -m tests.helpers.desk_caller DB CATALOGUE LOGIN``.

Presses Call next then Served until the line is empty; prints each called ticket's uuid.
Waits for a start file so both desks begin at the same moment.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.catalogue.loader import load_catalogue
from kiosk.queue.actions import perform
from kiosk.queue.errors import QueueRefused
from kiosk.storage import open_database
from tests.conftest import OPEN_MORNING


def main() -> int:
    """Call until empty; one uuid per line on stdout."""
    db_path, catalogue_dir, login, start_file = sys.argv[1:5]
    catalogue = load_catalogue(Path(catalogue_dir))
    db = open_database(Path(db_path))
    Path(f"{start_file}.{login}.ready").touch()
    while not Path(start_file).exists():
        time.sleep(0.005)
    while True:
        try:
            result = perform(db, catalogue, login, "call", OPEN_MORNING)
        except QueueRefused as refused:
            if refused.reason == "empty":
                return 0
            raise
        assert result.ticket is not None
        print(result.ticket.uuid, flush=True)
        perform(db, catalogue, login, "serve", OPEN_MORNING)
        time.sleep(0.001)  # a specialist is never this fast; it lets the other desk in


if __name__ == "__main__":
    sys.exit(main())
