"""Printing from the UI: the job runs on a worker thread; the screen hears back by signal.

The record is already committed when printing starts. On any fault the job result says
so, the record's ``print_error`` is set (staff reprint it later) and the screen shows the
number and QR instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from kiosk.clock import system_clock
from ui.tasks import Task

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kiosk.maintenance import PaperRoll
    from printers.document import Document
    from printers.printer import JobResult, Printer
    from printers.status import PrinterState

logger = logging.getLogger(__name__)

PrinterOpener = Callable[[], AbstractContextManager["Printer"]]
_TABLES = {"ticket": "tickets", "appeal": "appeals", "booking": "bookings"}


@dataclass(frozen=True)
class PrintRequest:
    """A committed record and the document to print for it."""

    kind: str
    uuid: str
    document: Document


class PrintService:
    """Prints documents one at a time on the configured printer (thread-safe)."""

    def __init__(self, open_printer: PrinterOpener, db: Callable[[], Database],
                 paper: PaperRoll | None = None) -> None:
        self._open = open_printer
        self._get_db = db
        self._lock = threading.Lock()
        #: Counts the paper each printed job used ("replace soon" in maintenance).
        self.paper = paper
        #: The last state the printer reported, and when (UTC), for the heartbeat and screens.
        self.last_state: tuple[PrinterState, dt.datetime] | None = None

    def print_now(self, request: PrintRequest) -> JobResult:
        """Print and record the outcome on the record's row (blocking: call from a worker)."""
        result = self.print_document(request.document)
        self._mark(request, result)
        return result

    def print_document(self, document: Document) -> JobResult:
        """Print one document, not tied to a record (test page); blocking."""
        from printers.paper import paper_length_mm
        from printers.printer import JobResult
        from printers.render import render_document
        from printers.status import PrinterState

        with self._lock:
            try:
                with self._open() as printer:
                    data = render_document(document, printer.profile)
                    result = printer.print_job(data)
                    if result.printed and self.paper is not None:
                        self.paper.add_printed(paper_length_mm(data, printer.profile))
            except (OSError, ValueError) as exc:
                logger.error("printer unavailable: %s", exc)
                result = JobResult(False, PrinterState.NOT_RESPONDING, 0, 0.0, str(exc))
            self.last_state = (result.state, system_clock())
            return result

    def status(self) -> PrinterState:
        """Ask the printer for its state now (blocking; waits for a job in progress)."""
        from printers.status import PrinterState
        from printers.transport import PrinterConnectionError

        with self._lock:
            try:
                with self._open() as printer:
                    state = printer.status()
            except (OSError, ValueError, PrinterConnectionError) as exc:
                logger.warning("printer status not available: %s", exc)
                state = PrinterState.NOT_RESPONDING
            self.last_state = (state, system_clock())
            return state

    def _mark(self, request: PrintRequest, result: JobResult) -> None:
        from kiosk.storage import utc_iso, write_transaction

        table = _TABLES.get(request.kind)
        if table is None:
            return
        db = self._get_db()
        with write_transaction(db):
            if result.printed:
                db.execute(f"UPDATE {table} SET printed_at = ?, print_error = NULL "
                                 "WHERE uuid = ?", [utc_iso(system_clock()), request.uuid])
            else:
                reason = result.state.value + (f": {result.error}" if result.error else "")
                db.execute(f"UPDATE {table} SET print_error = ? WHERE uuid = ?",
                                 [reason, request.uuid])


class PrintJob(Task["JobResult"]):
    """Runs one print request on the printing thread; ``finished`` carries the JobResult.

    One printing thread for the whole app: jobs print one after another, and a slow or
    hung printer never blocks the screen.
    """

    _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printing")

    def __init__(self, service: PrintService, request: PrintRequest) -> None:
        super().__init__(self._executor, partial(service.print_now, request))
