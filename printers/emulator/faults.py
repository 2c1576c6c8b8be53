"""Faults a test or a technician can set on the emulated printer, and the status bytes they give."""

from __future__ import annotations

from enum import StrEnum


class Fault(StrEnum):
    """A condition of the emulated printer."""

    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    SILENT = "silent"


#: Faults that stop printing (the engine holds the data until they clear).
STOPPING = frozenset({Fault.PAPER_OUT, Fault.COVER_OPEN, Fault.OFFLINE, Fault.ERROR})


def status_byte(request: int, faults: frozenset[Fault]) -> int:
    """The reply to ``DLE EOT request`` under ``faults``."""
    value = 0x12
    if request == 1 and faults & STOPPING:
        value |= 0x08
    elif request == 2:
        if Fault.COVER_OPEN in faults:
            value |= 0x04
        if Fault.PAPER_OUT in faults:
            value |= 0x20
        if Fault.ERROR in faults:
            value |= 0x40
    elif request == 3 and Fault.ERROR in faults:
        value |= 0x08
    elif request == 4:
        if Fault.PAPER_NEAR_END in faults:
            value |= 0x0C
        if Fault.PAPER_OUT in faults:
            value |= 0x60
    return value


def job_reply(faults: frozenset[Fault]) -> int:
    """The reply to ``GS r 1`` (paper sensors) once the job before it was printed."""
    return (0x03 if Fault.PAPER_NEAR_END in faults else 0) | (0x0C if Fault.PAPER_OUT in faults
                                                               else 0)
