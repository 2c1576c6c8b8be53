"""What maintenance works on in the running kiosk: the sync worker, restart/exit, USB folders.

Kept apart from the screens (no widgets here) so the UI context can carry it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.clock import system_clock
from kiosk.maintenance.content import USB_ROOTS

if TYPE_CHECKING:
    from kiosk.speech import Synthesizer
    from sync.worker import SyncWorker

logger = logging.getLogger(__name__)

#: How many visitor-facing failures the System page lists.
PROBLEMS_KEPT = 20


def _no_action() -> None:
    logger.warning("no handler for this maintenance action in this run mode")


@dataclass
class MaintenanceServices:
    """The parts of the running kiosk a technician works on (set up by ``kiosk run``)."""

    started_at: dt.datetime = field(default_factory=system_clock)
    sync_worker: SyncWorker | None = None
    restart: Callable[[], None] = _no_action
    exit_to_desktop: Callable[[], None] = _no_action
    usb_roots: Sequence[Path] = USB_ROOTS
    #: Extra folders offered for export/import next to USB sticks (the state folder's one).
    local_folders: list[Path] = field(default_factory=list)
    #: The call-sound check's audio player, "{file}" for the clip (None: aplay, play or paplay).
    player_command: Sequence[str] | None = None
    #: The call-sound check's speech engine (None: espeak-ng).
    speech: Synthesizer | None = None
    #: What went wrong for visitors since the start (newest last): when, and the cause in
    #: words for the technician (the System page shows them).
    problems: list[tuple[dt.datetime, str]] = field(default_factory=list)

    def report_problem(self, text: str, at: dt.datetime) -> None:
        """Remember a failure a visitor met (the latest :data:`PROBLEMS_KEPT`)."""
        logger.error("visitor-facing failure: %s", text)
        self.problems.append((at, text))
        del self.problems[:-PROBLEMS_KEPT]
