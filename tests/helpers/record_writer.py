"""The kiosk app's part in the sync chaos test: writes records until killed.

``python -m tests.helpers.record_writer DB COUNT`` — audit events and ratings, each in its
own transaction with its outbox row, as the app writes them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.assets import assets_dir
from kiosk.audit import record_audit
from kiosk.catalogue import load_catalogue
from kiosk.clock import system_clock
from kiosk.i18n import Language
from kiosk.ratings import submit_rating
from kiosk.storage import open_database


def main() -> int:
    """Write COUNT records (alternating kinds), then exit."""
    db = open_database(Path(sys.argv[1]))
    catalogue = load_catalogue(assets_dir() / "catalogue")
    for index in range(int(sys.argv[2])):
        if index % 2:
            record_audit(db, "kiosk", "chaos.write", {"index": index}, system_clock())
        else:
            submit_rating(db, catalogue, score=index % 5 + 1, reasons=[], comment=f"№{index}",
                          department=None, language=Language.KK, now=system_clock(),
                          comment_max=500)
    return 0


if __name__ == "__main__":
    sys.exit(main())
