"""Printing from the UI: the job runs on a worker thread; the screen hears back by signal.

The record is already committed when printing starts. On any fault the job result says
so, the record's ``print_error`` is set (staff reprint it later) and the screen shows the
number and QR instead, with :func:`plain_problem` saying why — for a line that failed, the
same words ``kiosk printer status`` prints.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from kiosk.clock import system_clock
from kiosk.i18n import Message
from printers.printer import JobResult
from printers.status import PrinterState
from printers.transport import PrinterConnectionError, describe_failure, describe_state
from ui.tasks import Task

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kiosk.maintenance import PaperRoll
    from printers.document import Document
    from printers.printer import Printer

logger = logging.getLogger(__name__)
T = TypeVar("T")

PrinterOpener = Callable[[], AbstractContextManager["Printer"]]
_TABLES = {"ticket": "tickets", "appeal": "appeals", "booking": "bookings"}


@dataclass(frozen=True)
class PrintRequest:
    """A committed record and the document to print for it."""

    kind: str
    uuid: str
    document: Document


@dataclass(frozen=True)
class PrintOutcome(JobResult):
    """A job result with the plain words for why it failed (the line's or the driver's)."""

    problem: Message | None = None

    @classmethod
    def failed(cls, problem: Message) -> PrintOutcome:
        """Nothing printed: the printer could not be used at all."""
        return cls(printed=False, state=PrinterState.NOT_RESPONDING, bytes_sent=0,
                   seconds=0.0, error=problem.english(), problem=problem)

    @classmethod
    def of(cls, result: JobResult, problem: Message | None) -> PrintOutcome:
        """``result`` as the driver gave it, with ``problem`` added."""
        values = {f.name: getattr(result, f.name) for f in fields(JobResult)}
        return cls(**values, problem=problem)


def plain_problem(result: JobResult) -> Message:
    """What to tell a person about a job that did not print: the line's failure (the words
    ``kiosk printer`` prints), else the printer's state (paper out, cover open ...)."""
    if isinstance(result, PrintOutcome) and result.problem is not None:
        return result.problem
    return result.state.message


#: Seconds a printer state stays fresh enough for the heartbeat without asking again.
HEALTH_MAX_AGE = 300.0
#: Written to a record whose job may still print by itself (staff read it before a reprint).
HELD_NOTE = "may still print when the fault is cleared: look at the printer before reprinting"


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
        #: Why the printer could not be used the last time (None: the line worked).
        self.last_problem: Message | None = None
        #: The last job may still be in the printer (not confirmed, not cleared): the next
        #: job clears it first, so it never prints as a second copy after a reprint.
        self._held = False

    def print_now(self, request: PrintRequest) -> JobResult:
        """Print and record the outcome on the record's row (blocking: call from a worker).

        Whatever goes wrong, the row gets ``printed_at`` or ``print_error`` and the cause is
        logged: the citizen was already told the record is saved.
        """
        try:
            result: JobResult = self.print_document(request.document)
        except Exception as exc:  # a fault in rendering or the driver must not lose the mark
            logger.exception("printing %s %s failed", request.kind, request.uuid)
            result = PrintOutcome.failed(describe_failure(exc))
        self._mark(request, result)
        return result

    def print_document(self, document: Document) -> JobResult:
        """Print one document, not tied to a record (test page); blocking."""
        from printers.paper import paper_length_mm
        from printers.render import render_document

        with self._lock:
            try:
                with self._open() as printer:
                    data = render_document(document, printer.profile)
                    job = printer.print_job(data, clear_first=self._held)
                    self._held = job.held
                    result = PrintOutcome.of(job, None if job.printed else
                                             describe_state(job.state, printer.line.failure))
                    if result.printed and self.paper is not None:
                        self.paper.add_printed(paper_length_mm(data, printer.profile))
            except (PrinterConnectionError, OSError, ValueError) as exc:
                logger.error("printer unavailable: %s", exc)
                result = PrintOutcome.failed(describe_failure(exc))
                self._held = self._held or isinstance(exc, PrinterConnectionError)
            self.last_problem = result.problem
            self.last_state = (result.state, system_clock())
            return result

    def status(self) -> PrinterState:
        """Ask the printer for its state now (blocking; waits for a job in progress)."""
        with self._lock:
            problem: Message | None = None
            try:
                with self._open() as printer:
                    if self._held:  # a job cut off mid-way may leave it deaf to requests
                        printer.resync()
                        printer.clear_buffers()
                        self._held = False
                    state = printer.status()
            except (PrinterConnectionError, OSError, ValueError) as exc:
                logger.warning("printer status not available: %s", exc)
                problem = describe_failure(exc)
                state = PrinterState.NOT_RESPONDING
            self.last_problem = problem
            self.last_state = (state, system_clock())
            return state

    def health(self) -> tuple[str, str]:
        """The printer's last known state and the paper, for the heartbeat (any thread).

        Paper: ``out`` or ``near_end`` as the printer last said, else ``replace_soon`` when
        the roll counter says so, else ``ok``; ``unknown`` before anything was printed or asked.
        """
        from printers.status import PrinterState

        last = self.last_state
        if last is None or (system_clock() - last[1]).total_seconds() > HEALTH_MAX_AGE:
            self.status()  # nothing printed lately: ask (blocking; the sync thread calls this)
            last = self.last_state
        state = last[0] if last is not None else None
        if state is PrinterState.PAPER_OUT:
            paper = "out"
        elif state is PrinterState.PAPER_NEAR_END:
            paper = "near_end"
        elif self.paper is not None and self.paper.usage().replace_soon:
            paper = "replace_soon"
        else:
            paper = "ok" if state is not None else "unknown"
        return (state.value if state is not None else "unknown"), paper

    def use_printer(self, work: Callable[[Printer], T]) -> T:
        """Run ``work`` with the printer, between jobs (the setup wizard); blocking.

        :raises printers.transport.PrinterConnectionError: when the line fails.
        :raises printers.profiles.ProfileError: when the profile cannot be loaded.
        """
        with self._lock, self._open() as printer:
            return work(printer)

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
                if result.held and result.bytes_sent:
                    reason += f" ({HELD_NOTE})"
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
