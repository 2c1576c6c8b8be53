"""The kiosk's side of the akimat's reception document: pull, check, install, apply.

The regional server republishes the ``reception`` document of an akimat whenever staff
change its schedule or cancel or move one of its bookings (see
:mod:`kiosk.reception`). The kiosk pulls it like every published document
(:class:`~sync.documents.DocumentPuller`: conditional GET, a refused version remembered),
checks it with the one checker every route uses
(:func:`kiosk.published.check_published_files`), installs it in
``<state_dir>/reception`` and applies its booking changes to the bookings table in one
transaction: a booking cancelled by staff stops holding its slot, so the kiosk offers the
slot again; a moved booking holds its new slot.

The schedule itself reaches the kiosk inside its catalogue: the server serves a kiosk's
catalogue with the akimat's published ``reception.toml`` in it, so the booking screens,
the home screen and the receipts all read the one schedule in use.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlite_utils import Database

from kiosk.bookings import AppliedChanges, apply_booking_changes
from kiosk.published import check_published_files
from kiosk.reception import ReceptionDocument, describe, load_reception
from sync.documents import DocumentPuller
from sync.http import ServerClient

logger = logging.getLogger(__name__)

KIND = "reception"
FOLDER = "reception"


def reception_folder(state_dir: Path) -> Path:
    """Where a kiosk installs its akimat's reception document."""
    return state_dir / FOLDER


def check_reception_folder(folder: Path) -> ReceptionDocument:
    """Check a staged reception folder with the publishing checker, then read it.

    :raises CatalogueError: naming the file, the item and the field a kiosk refuses.
    :raises ValueError: for a file that is not UTF-8 text.
    """
    files = {path.name: path.read_text(encoding="utf-8")
             for path in sorted(folder.iterdir()) if path.is_file()}
    check_published_files(KIND, files)
    return load_reception(folder)


def apply_reception(db: Database, folder: Path) -> AppliedChanges:
    """Apply the booking changes of the installed reception document in ``folder``.

    :raises CatalogueError: when the installed folder no longer reads (changed on disk).
    """
    document = load_reception(folder)
    applied = apply_booking_changes(db, document.changes)
    logger.info("reception document applied (%s): %d cancelled, %d moved, %d not applied",
                describe(document), applied.cancelled, applied.moved, len(applied.conflicts))
    return applied


def reception_puller(client: ServerClient, state_dir: Path, db: Database) -> DocumentPuller:
    """The puller of the akimat's reception document for a kiosk with this state folder."""
    return DocumentPuller(client, KIND, reception_folder(state_dir), check_reception_folder,
                          lambda folder: apply_reception(db, folder))
