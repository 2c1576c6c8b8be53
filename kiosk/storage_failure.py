"""What a failed write means, in words: for the visitor (nothing was registered, ask staff)
and for the technician (the cause, e.g. the disk is full).

The touch UI commits every record before printing; when that commit fails (a full disk, a
damaged or locked database) the visitor must see a plain message instead of a silent screen,
and maintenance must learn why.
"""

from __future__ import annotations

import errno
import logging
from dataclasses import dataclass

from kiosk.i18n import N_, Message

logger = logging.getLogger(__name__)

#: SQLite's result codes for "the disk is full" and "disk I/O error".
_SQLITE_FULL = 13
_SQLITE_IOERR = 10
_SQLITE_BUSY = 5
_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@dataclass(frozen=True)
class StorageFailure:
    """A write that failed: ``visitor`` is shown (and spoken), ``technician`` is logged and
    shown in maintenance mode."""

    kind: str
    visitor: Message
    technician: str


def describe_failure(exc: BaseException) -> StorageFailure:
    """The plain words for ``exc`` (an error from committing a visitor's record)."""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc) or type(exc).__name__
    full = (code is not None and code & 0xFF == _SQLITE_FULL) or "disk is full" in text or \
        (isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS)
    if full:
        return StorageFailure("disk_full", N_(
            "The kiosk cannot save your request right now: its memory is full. Nothing was "
            "registered or printed. Please ask the staff at the reception desk."),
            f"Saving a visitor's record failed: the disk is full ({text}). Free space on the "
            "kiosk's disk (old logs, receipts), then check the database in maintenance.")
    if (code is not None and code & 0xFF == _SQLITE_BUSY) or "locked" in text:
        return StorageFailure("busy", N_(
            "The kiosk is busy and could not save your request. Nothing was registered. "
            "Please try again in a moment."),
            f"Saving a visitor's record failed: the database was busy ({text}).")
    if code is not None and code & 0xFF == _SQLITE_IOERR:
        cause = (f"the disk refused the write ({text}): it may be full, read-only or failing. "
                 "Check free space and the database in maintenance (System).")
    else:
        cause = (f"{type(exc).__name__}: {text}. Run the database check in maintenance "
                 "(System).")
    return StorageFailure("broken", N_(
        "The kiosk cannot save your request right now. Nothing was registered or printed. "
        "Please ask the staff at the reception desk."),
        f"Saving a visitor's record failed: {cause}")
