"""Printing from the UI: the job runs on a worker thread; the screen hears back by signal.

The record is already committed when printing starts. On any fault the job result says
so, the record's ``print_error`` is set (staff reprint it later) and the screen shows the
number and QR instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.clock import system_clock

if TYPE_CHECKING:
    from sqlite_utils import Database

    from printers.document import Document
    from printers.printer import JobResult, Printer

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

    def __init__(self, open_printer: PrinterOpener, db: Callable[[], Database]) -> None:
        self._open = open_printer
        self._get_db = db
        self._lock = threading.Lock()

    def print_now(self, request: PrintRequest) -> JobResult:
        """Print and record the outcome on the record's row (blocking: call from a worker)."""
        from printers.printer import JobResult
        from printers.render import render_document
        from printers.status import PrinterState

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


class PrintJob(QObject):
    """Runs one print request on the printing thread; ``finished`` carries the JobResult.

    The result comes back to the GUI thread by polling the future from a GUI-thread timer
    (no signal crosses threads), so a slow or hung printer never blocks the screen.
    """

    finished = Signal(object)
    _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printing")

    def __init__(self, service: PrintService, request: PrintRequest) -> None:
        super().__init__()
        self._service = service
        self._request = request
        self._future: Future[JobResult] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        """Start printing."""
        self._future = self._executor.submit(self._service.print_now, self._request)
        self._timer.start()

    def _poll(self) -> None:
        if self._future is not None and self._future.done():
            self._timer.stop()
            self.finished.emit(self._future.result())

    def wait(self, ms: int = 10_000) -> bool:
        """Block until done (for tests and shutdown)."""
        if self._future is None:
            return True
        try:
            self._future.result(timeout=ms / 1000)
        except TimeoutError:
            return False
        return True
