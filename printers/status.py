"""Printer states the UI can show, decoded from real-time status bytes (``DLE EOT n``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.i18n import N_, Message


class PrinterState(StrEnum):
    """What a person at the kiosk or a technician needs to know about the printer."""

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    NOT_RESPONDING = "not_responding"

    @property
    def can_print(self) -> bool:
        """True when a job may be sent (near end still prints)."""
        return self in (PrinterState.READY, PrinterState.PAPER_NEAR_END)

    @property
    def message(self) -> Message:
        """Plain words for the state."""
        return _MESSAGES[self]


_MESSAGES = {
    PrinterState.READY: N_("The printer is ready."),
    PrinterState.PAPER_NEAR_END: N_("The paper roll is nearly finished: replace it soon."),
    PrinterState.PAPER_OUT: N_("The printer is out of paper."),
    PrinterState.COVER_OPEN: N_("The printer cover is open."),
    PrinterState.OFFLINE: N_("The printer is offline."),
    PrinterState.ERROR: N_("The printer reports an error (cutter jam or overheating)."),
    PrinterState.NOT_RESPONDING: N_("The printer does not respond: check its power and cable."),
}


def is_status_reply(byte: int) -> bool:
    """A ``DLE EOT`` reply has bits 1 and 4 set and bits 0 and 7 clear (``0xx1xx10``)."""
    return byte & 0x93 == 0x12


def is_job_reply(byte: int) -> bool:
    """A ``GS r 1`` reply has bits 4 and 7 clear (``0xx0xxxx``)."""
    return byte & 0x90 == 0x00


@dataclass(frozen=True)
class StatusBytes:
    """Replies to ``DLE EOT`` 1 (printer), 2 (offline cause), 3 (error cause), 4 (paper)."""

    printer: int
    offline_cause: int
    error_cause: int
    paper: int

    def state(self) -> PrinterState:
        """The most important state these bytes show."""
        if self.offline_cause & 0x04:
            return PrinterState.COVER_OPEN
        if self.paper & 0x60 or self.offline_cause & 0x20:
            return PrinterState.PAPER_OUT
        if self.offline_cause & 0x40 or self.error_cause & 0x68:
            return PrinterState.ERROR
        if self.printer & 0x08:
            return PrinterState.OFFLINE
        if self.paper & 0x0C:
            return PrinterState.PAPER_NEAR_END
        return PrinterState.READY
