"""Talking to a printer: read its state, send a job, and count it printed only when it says so.

A job is confirmed by the printer's answer to ``GS r 1`` sent after the last byte: the
printer answers only after it has processed everything before it. A fault during the job
(paper out, cover open) holds that answer back; the status is then read to say why.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from printers import commands
from printers.commands import StatusRequest
from printers.profiles import PrinterProfile
from printers.status import PrinterState, StatusBytes, is_job_reply, is_status_reply
from printers.transport import PrinterConnectionError, SerialLine

logger = logging.getLogger(__name__)

#: Seconds to wait for one real-time status reply.
STATUS_TIMEOUT = 0.5
#: Extra seconds a printer may take to print after the last byte arrived.
PRINT_MARGIN = 3.0


@dataclass(frozen=True)
class JobResult:
    """Whether the printer confirmed the job, and the state it was in at the end."""

    printed: bool
    state: PrinterState
    bytes_sent: int
    seconds: float
    error: str = ""


class Printer:
    """One printer on a :class:`SerialLine`."""

    def __init__(self, line: SerialLine, profile: PrinterProfile, *,
                 status_timeout: float = STATUS_TIMEOUT) -> None:
        self.line = line
        self.profile = profile
        self.status_timeout = status_timeout

    def status(self) -> PrinterState:
        """Ask the printer (``DLE EOT`` 1-4) and return its state; silence → not responding."""
        self.line.discard_input()
        replies: list[int] = []
        for request in StatusRequest:
            self.line.write(commands.status_request(request))
            reply = self.line.read_matching(is_status_reply, self.status_timeout)
            if reply is None:
                return PrinterState.NOT_RESPONDING
            replies.append(reply)
        return StatusBytes(*replies).state()

    def print_job(self, data: bytes) -> JobResult:
        """Send a rendered receipt and wait for the printer to confirm it.

        The job is refused up front when the printer cannot print; it counts as printed
        only when the end-of-job answer arrives and the printer is still able to print.
        """
        started = time.monotonic()
        try:
            before = self.status()
            if not before.can_print:
                return JobResult(False, before, 0, time.monotonic() - started)
            self.line.write(data)
            self.line.write(commands.end_of_job_marker())
            wire = (len(data) + 3) / (self.line.baudrate / 10)
            reply = self.line.read_matching(is_job_reply, wire + PRINT_MARGIN)
            after = self.status()
        except PrinterConnectionError as exc:
            logger.error("print job failed: %s", exc)
            return JobResult(False, PrinterState.NOT_RESPONDING, 0,
                             time.monotonic() - started, error=str(exc))
        elapsed = time.monotonic() - started
        if reply is None:
            state = after if after is not PrinterState.READY else PrinterState.NOT_RESPONDING
            logger.warning("job of %d bytes not confirmed: %s", len(data), state.value)
            return JobResult(False, state, len(data), elapsed)
        printed = not reply & 0x0C  # the paper sensors at the end of the job saw paper
        return JobResult(printed, after, len(data), elapsed)
