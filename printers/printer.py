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
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.i18n import N_
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
#: Unexpected bytes tolerated while waiting for one answer; more means the device on the
#: line is not an ESC/POS printer (a web server on port 80, a modem, a wrong baud rate).
STRAY_LIMIT = 16
#: NULs that finish an image an interrupted job left half-sent (until it is complete the
#: printer takes our status requests for image dots); outside an image NUL is ignored.
RESYNC_FILL = 4096
#: First bytes of the printer's multi-byte answers (``DLE DC4 8``: 37 25 00; ``GS I``:
#: 5F .. 00): skipped up to their NUL, never taken for a one-byte answer.
_BLOCK_HEADERS = (0x37, 0x5F)


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
        return 2 * poll + len(commands.end_of_job_marker())  # before; GS r 1; after
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
            reply = self._read_answer(is_status_reply, wait)
            if reply is None:
                return PrinterState.NOT_RESPONDING
            replies[request] = reply
            if request is StatusRequest.PRINTER and reply & 0x08:
                asked[:0] = [StatusRequest.OFFLINE_CAUSE, StatusRequest.ERROR_CAUSE]
        return StatusBytes(*(replies[request] for request in StatusRequest)).state()

    def _read_answer(self, accept: Callable[[int], bool], timeout: float) -> int | None:
        """The first one-byte answer ``accept`` takes within ``timeout`` seconds.

        A block answer (``37 .. 00``, ``5F .. 00``) arriving late is skipped whole, so its
        bytes are never taken for a status or a job answer.

        :raises PrinterConnectionError: when more than :data:`STRAY_LIMIT` other bytes
            come: whatever answers is not an ESC/POS printer.
        """
        deadline = time.monotonic() + timeout
        stray = 0
        in_block = False
        while (remaining := deadline - time.monotonic()) > 0:
            data = self.line.read_bytes(1, remaining)
            if not data:
                return None
            byte = data[0]
            if in_block:
                in_block = byte != 0
            elif byte in _BLOCK_HEADERS:
                in_block = True
            elif accept(byte):
                return byte
            else:
                stray += 1
                if stray > STRAY_LIMIT:
                    raise PrinterConnectionError(N_(
                        "The device on {port} does not answer like a receipt printer "
                        "({count} unexpected bytes): check the address, the port and the baud "
                        "rate.", port=self.line.url, count=stray))
        return None

    def resync(self) -> None:
        """Finish any image an interrupted job left half-sent, so status requests are heard.

        :raises PrinterConnectionError: when the line fails.
        """
        self.line.write(bytes(RESYNC_FILL) + commands.initialize())

    def wire_seconds(self, size: int) -> float:
        """Seconds ``size`` bytes take on the line (8N1: 10 bits a byte)."""
        return size * 10 / self.line.baudrate

    def print_job(self, data: bytes, *, clear_first: bool = False) -> JobResult:
        """Send a rendered receipt and wait for the printer to confirm it.

        The job is refused up front when the printer cannot print. ``clear_first`` drops
        whatever an earlier, unconfirmed job left in the printer before this one.
        """
        started = time.monotonic()
        sent = 0

        def count(done: int) -> None:
            nonlocal sent
            sent = done

        try:
            if clear_first:
                self.resync()
                self.clear_buffers()
            before = self.status()
            if not before.can_print:
                return JobResult(False, before, 0, time.monotonic() - started)
            self.line.write(data, progress=count)
            if self.profile.job_confirmation is JobConfirmation.GS_R:
                result = self._confirm_by_marker(data, started)
            else:
                result = self._confirm_by_status(data, started)
        except PrinterConnectionError as exc:
            logger.error("print job failed after %d of %d bytes: %s", sent, len(data), exc)
            return JobResult(False, PrinterState.NOT_RESPONDING, sent,
                             time.monotonic() - started, error=str(exc), held=sent > 0)
        if not result.printed:
            result = self._after_failure(result)
        return result

    def _confirm_by_marker(self, data: bytes, started: float) -> JobResult:
        self.line.discard_input()  # stale answers and noise are not the job's answer
        self.line.write(commands.end_of_job_marker())
        wire = self.wire_seconds(len(data) + 3)
        reply = self._read_answer(is_job_reply, wire + PRINT_MARGIN)
        # A second witness: line noise can look like the answer, but cannot also make the
        # printer say it is ready.
        after = self.status()
        elapsed = time.monotonic() - started
        if reply is not None and not reply & 0x0C and after.can_print:
            # The answer carries the paper sensors: printed, and near end or not.
            near_end = reply & 0x03 or after is PrinterState.PAPER_NEAR_END
            state = PrinterState.PAPER_NEAR_END if near_end else PrinterState.READY
            return JobResult(True, state, len(data), elapsed, confirmed_by="gs_r")
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
        logger.warning("job of %d bytes not confirmed (answer %s): %s", len(data),
                       f"{reply:02x}", after.value)
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
        if self.profile.buffer_clear is BufferClear.NONE or not result.bytes_sent:
            if result.bytes_sent:
                logger.warning("the unconfirmed job may print when the fault is cleared: %s "
                               "cannot clear its buffer", self.profile.id)
            return JobResult(result.printed, result.state, result.bytes_sent, result.seconds,
                             result.error, held=result.bytes_sent > 0)
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
