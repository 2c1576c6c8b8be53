"""Log lines on stderr, with journald priorities when stderr is the journal.

systemd connects a service's stderr to the journal and says so in ``$JOURNAL_STREAM``
(``device:inode`` of that stream). A line that starts with ``<N>`` then gets syslog priority
N (sd-daemon(3)), so ``journalctl -p err`` shows the kiosk's errors alone; in a terminal or a
file the lines stay as they are.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import TextIO

FORMAT = "%(levelname)s %(name)s: %(message)s"


def syslog_priority(levelno: int) -> int:
    """The sd-daemon(3) priority of a logging level: 3 error (and worse), 4 warning, 6 info,
    7 debug."""
    if levelno >= logging.ERROR:
        return 3
    if levelno >= logging.WARNING:
        return 4
    if levelno >= logging.INFO:
        return 6
    return 7


def stream_is_journal(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``stream`` is the journal stream systemd named in ``$JOURNAL_STREAM``."""
    env = os.environ if environ is None else environ
    expected = env.get("JOURNAL_STREAM", "")
    if not expected:
        return False
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's StringIO)
        return False
    return expected == f"{status.st_dev}:{status.st_ino}"


class JournalFormatter(logging.Formatter):
    """Prefixes every line of a record with its ``<N>`` syslog priority."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as usual, each line (tracebacks too) with the priority in front."""
        prefix = f"<{syslog_priority(record.levelno)}>"
        return "\n".join(prefix + line for line in super().format(record).splitlines())


def stderr_prefix(stream: TextIO, level: int = logging.ERROR,
                  environ: Mapping[str, str] | None = None) -> str:
    """``<N>`` for a line written straight to ``stream`` (not through logging), else ""."""
    return f"<{syslog_priority(level)}>" if stream_is_journal(stream, environ) else ""


def configure_logging(level: int, stream: TextIO,
                      environ: Mapping[str, str] | None = None) -> logging.Handler:
    """Send log records of ``level`` and up to ``stream``, with priorities in the journal."""
    handler = _ConsoleHandler(stream)
    journal = stream_is_journal(stream, environ)
    handler.setFormatter(JournalFormatter(FORMAT) if journal else logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _ConsoleHandler)]:
        root.removeHandler(old)  # a second command in the same process replaces it
    root.addHandler(handler)
    root.setLevel(level)
    return handler


class _ConsoleHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The command's own stderr handler (told apart from handlers others installed).

    Given ``sys.stderr``, it writes to whatever ``sys.stderr`` is when a record comes: a
    command run inside another program (a test, the console calling ``kiosk-server``) may
    have its stderr swapped and closed afterwards, and the handler outlives it.
    """

    def __init__(self, stream: TextIO) -> None:
        self._follows_stderr = stream is sys.stderr
        super().__init__(stream)

    @property
    def stream(self) -> TextIO:
        return sys.stderr if self._follows_stderr else self._stream

    @stream.setter
    def stream(self, value: TextIO) -> None:
        self._stream = value
