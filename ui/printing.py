"""Printing from the UI: the job runs on a worker thread; the screen hears back by signal.

The record is already committed when printing starts. On any fault the job result says
so, the record's ``print_error`` is set (staff reprint it later) and the screen shows the
number and QR instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal
from sqlite_utils import Database

from kiosk.clock import system_clock
from kiosk.storage import utc_iso, write_transaction
from printers.document import Document
from printers.printer import JobResult, Printer
from printers.render import render_document
from printers.status import PrinterState

logger = logging.getLogger(__name__)

PrinterOpener = Callable[[], AbstractContextManager[Printer]]
_TABLES = {"ticket": "tickets", "appeal": "appeals", "booking": "bookings"}


@dataclass(frozen=True)
class PrintRequest:
    """A committed record and the document to print for it."""

    kind: str
    uuid: str
    document: Document


class PrintService:
    """Prints documents one at a time on the configured printer (thread-safe)."""

    def __init__(self, open_printer: PrinterOpener, db: Database) -> None:
        self._open = open_printer
        self._db = db
        self._lock = threading.Lock()

    def print_now(self, request: PrintRequest) -> JobResult:
        """Print and record the outcome on the record's row (blocking: call from a worker)."""
        with self._lock:
            try:
                with self._open() as printer:
                    result = printer.print_job(render_document(request.document,
                                                               printer.profile))
            except (OSError, ValueError) as exc:
                logger.error("printer unavailable: %s", exc)
                result = JobResult(False, PrinterState.NOT_RESPONDING, 0, 0.0, str(exc))
            self._mark(request, result)
            return result

    def _mark(self, request: PrintRequest, result: JobResult) -> None:
        table = _TABLES.get(request.kind)
        if table is None:
            return
        with write_transaction(self._db):
            if result.printed:
                self._db.execute(f"UPDATE {table} SET printed_at = ?, print_error = NULL "
                                 "WHERE uuid = ?", [utc_iso(system_clock()), request.uuid])
            else:
                reason = result.state.value + (f": {result.error}" if result.error else "")
                self._db.execute(f"UPDATE {table} SET print_error = ? WHERE uuid = ?",
                                 [reason, request.uuid])


class _PrintThread(QThread):
    done = Signal(object)

    def __init__(self, service: PrintService, request: PrintRequest) -> None:
        super().__init__()
        self.service = service
        self.request = request

    def run(self) -> None:
        self.done.emit(self.service.print_now(self.request))


class PrintJob(QObject):
    """Runs one print request off the GUI thread; ``finished`` carries the JobResult."""

    finished = Signal(object)

    def __init__(self, service: PrintService, request: PrintRequest) -> None:
        super().__init__()
        self._thread = _PrintThread(service, request)
        self._thread.done.connect(self.finished.emit)

    def start(self) -> None:
        """Start printing."""
        self._thread.start()

    def wait(self, ms: int = 10_000) -> bool:
        """Block until done (for tests and shutdown)."""
        return self._thread.wait(ms)
