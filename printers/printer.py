"""Talking to a printer: read its state, send a job, and count it printed only when it says so.

How a job is confirmed is the profile's ``job_confirmation``:

* ``gs_r`` — ``GS r 1`` after the last byte: the printer answers only after it has
  printed everything before it. A fault during the job holds that answer back.
* ``status`` — for printers that never answer ``GS r``: real-time status (``DLE EOT``)
  once the job is on the wire (the request queues behind the job's bytes), and again
  after ``settle_seconds``; the job counts as printed only when both say the printer can
  print. A ``gs_r`` printer that stays silent is judged the same way, never assumed.

A job that was not confirmed because of a fault is cleared from the printer at once
(``DLE DC4 8`` where the profile has it), so it does not print by itself when the
paper is changed: the reprint staff make later is the only copy.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from printers import commands
from printers.commands import StatusRequest
from printers.profiles import BufferClear, JobConfirmation, PrinterProfile
from printers.status import PrinterState, StatusBytes, is_job_reply, is_status_reply
from printers.transport import Line, PrinterConnectionError

logger = logging.getLogger(__name__)

#: Seconds to wait for one real-time status reply.
STATUS_TIMEOUT = 0.5
#: Extra seconds a printer may take to print after the last byte arrived.
PRINT_MARGIN = 3.0
#: Seconds to wait for the answer to ``DLE DC4 8`` or ``GS I``.
ANSWER_TIMEOUT = 1.0


@dataclass(frozen=True)
class JobResult:
    """Whether the printer confirmed the job, and the state it was in at the end."""

    printed: bool
    state: PrinterState
    bytes_sent: int
    seconds: float
    error: str = ""
    #: How the job was confirmed: "gs_r", "status", or "" when it was not.
    confirmed_by: str = ""
    #: The unconfirmed job may still be in the printer (it could not be cleared) and
    #: print by itself when the fault is cleared.
    held: bool = False


def protocol_overhead(profile: PrinterProfile) -> int:
    """Bytes :meth:`Printer.print_job` sends around a job when nothing goes wrong."""
    poll = 2 * len(commands.status_request(StatusRequest.PRINTER))  # DLE EOT 1 and 4
    if profile.job_confirmation is JobConfirmation.GS_R:
        return poll + len(commands.end_of_job_marker())
    return 3 * poll  # before, when received, after settle_seconds


class Printer:
    """One printer on a line (serial, USB or TCP)."""

    def __init__(self, line: Line, profile: PrinterProfile, *,
                 status_timeout: float = STATUS_TIMEOUT) -> None:
        self.line = line
        self.profile = profile
        self.status_timeout = status_timeout

    def status(self, timeout: float | None = None) -> PrinterState:
        """Ask the printer (``DLE EOT``) and return its state; silence → not responding.

        ``DLE EOT 1`` (offline?) and ``4`` (paper) always; ``2`` and ``3`` (why offline)
        only when the printer says it is offline. ``timeout`` is for the first reply (it
        may queue behind a job still on the wire).
        """
        self.line.discard_input()
        healthy = 0x12
        replies = {request: healthy for request in StatusRequest}
        asked: list[StatusRequest] = [StatusRequest.PRINTER, StatusRequest.PAPER]
        first = True
        while asked:
            request = asked.pop(0)
            self.line.write(commands.status_request(request))
            wait = timeout if timeout is not None and first else self.status_timeout
            first = False
            reply = self.line.read_matching(is_status_reply, wait)
            if reply is None:
                return PrinterState.NOT_RESPONDING
            replies[request] = reply
            if request is StatusRequest.PRINTER and reply & 0x08:
                asked[:0] = [StatusRequest.OFFLINE_CAUSE, StatusRequest.ERROR_CAUSE]
        return StatusBytes(*(replies[request] for request in StatusRequest)).state()

    def wire_seconds(self, size: int) -> float:
        """Seconds ``size`` bytes take on the line (8N1: 10 bits a byte)."""
        return size * 10 / self.line.baudrate

    def print_job(self, data: bytes, *, clear_first: bool = False) -> JobResult:
        """Send a rendered receipt and wait for the printer to confirm it.

        The job is refused up front when the printer cannot print. ``clear_first`` drops
        whatever an earlier, unconfirmed job left in the printer before this one.
        """
        started = time.monotonic()
        try:
            if clear_first:
                self.clear_buffers()
            before = self.status()
            if not before.can_print:
                return JobResult(False, before, 0, time.monotonic() - started)
            self.line.write(data)
            if self.profile.job_confirmation is JobConfirmation.GS_R:
                result = self._confirm_by_marker(data, started)
            else:
                result = self._confirm_by_status(data, started)
        except PrinterConnectionError as exc:
            logger.error("print job failed: %s", exc)
            return JobResult(False, PrinterState.NOT_RESPONDING, 0,
                             time.monotonic() - started, error=str(exc), held=True)
        if not result.printed and result.state is not PrinterState.NOT_RESPONDING:
            result = self._after_failure(result)
        return result

    def _confirm_by_marker(self, data: bytes, started: float) -> JobResult:
        self.line.write(commands.end_of_job_marker())
        wire = self.wire_seconds(len(data) + 3)
        reply = self.line.read_matching(is_job_reply, wire + PRINT_MARGIN)
        if reply is not None and not reply & 0x0C:
            # The answer carries the paper sensors: printed, and near end or not.
            state = PrinterState.PAPER_NEAR_END if reply & 0x03 else PrinterState.READY
            return JobResult(True, state, len(data), time.monotonic() - started,
                             confirmed_by="gs_r")
        after = self.status()
        elapsed = time.monotonic() - started
        if reply is None:
            if after.can_print:
                # Silent on GS r but healthy after the job and the margin: the profile is
                # wrong about the marker; the status is the evidence, as in "status" mode.
                logger.warning("%s did not answer GS r 1; confirmed by its status instead "
                               "(set job_confirmation = \"status\" in its profile)",
                               self.profile.id)
                return JobResult(True, after, len(data), elapsed, confirmed_by="status")
            logger.warning("job of %d bytes not confirmed: %s", len(data), after.value)
            return JobResult(False, after, len(data), elapsed)
        logger.warning("job of %d bytes ended without paper: %s", len(data), after.value)
        return JobResult(False, after, len(data), elapsed)

    def _confirm_by_status(self, data: bytes, started: float) -> JobResult:
        # The request queues behind the job on the line: its answer means "all received".
        received = self.status(timeout=self.wire_seconds(len(data)) + PRINT_MARGIN)
        if received.can_print:
            time.sleep(self.profile.settle_seconds)
            after = self.status()
        else:
            after = received
        elapsed = time.monotonic() - started
        if not after.can_print:
            logger.warning("job of %d bytes not confirmed: %s", len(data), after.value)
            return JobResult(False, after, len(data), elapsed)
        return JobResult(True, after, len(data), elapsed, confirmed_by="status")

    def _after_failure(self, result: JobResult) -> JobResult:
        """Clear an unconfirmed job from the printer so it cannot print by itself later."""
        if self.profile.buffer_clear is BufferClear.NONE:
            logger.warning("the unconfirmed job may print when the fault is cleared: %s "
                           "cannot clear its buffer", self.profile.id)
            return JobResult(result.printed, result.state, result.bytes_sent, result.seconds,
                             result.error, held=True)
        try:
            cleared = self.clear_buffers()
        except PrinterConnectionError as exc:
            logger.error("could not clear the printer's buffer: %s", exc)
            cleared = False
        return JobResult(result.printed, result.state, result.bytes_sent, result.seconds,
                         result.error, held=not cleared)

    def clear_buffers(self) -> bool:
        """Drop held print data (``DLE DC4 8``); True when the printer confirmed it.

        :raises PrinterConnectionError: when the line fails.
        """
        if self.profile.buffer_clear is BufferClear.NONE:
            return False
        self.line.discard_input()
        self.line.write(commands.clear_buffers())
        answer = self.line.read_bytes(len(commands.CLEAR_BUFFERS_REPLY), ANSWER_TIMEOUT)
        self.line.discard_input()
        if answer != commands.CLEAR_BUFFERS_REPLY:
            logger.warning("no answer to DLE DC4 8 (got %s)", answer.hex() or "nothing")
            return False
        logger.info("held print data cleared from %s", self.line.url)
        return True

    def identify(self) -> dict[str, str]:
        """What the printer says about itself (``GS I`` 66 maker, 67 model, 65 firmware).

        Many cheap printers do not answer: the result is then empty, never a guess.
        """
        found: dict[str, str] = {}
        for key, n in (("maker", 66), ("model", 67), ("firmware", 65)):
            self.line.discard_input()
            self.line.write(commands.transmit_printer_id(n))
            answer = self.line.read_bytes(64, ANSWER_TIMEOUT)
            if answer.startswith(b"_") and b"\x00" in answer:
                text = answer[1:answer.index(b"\x00")].decode("ascii", "replace").strip()
                if text:
                    found[key] = text
        return found
