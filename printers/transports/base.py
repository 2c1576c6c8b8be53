"""What every line to a printer shares: the interface, paced writes, and the plain words for
a failure that the kiosk screen, the maintenance page and the CLI all show."""

from __future__ import annotations

import errno
import logging
import os
import select
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

from kiosk.i18n import N_, Message
from printers.profiles import PrinterProfile, ProfileError
from printers.status import PrinterState

logger = logging.getLogger(__name__)

#: Bytes read per try when dropping stray input.
DRAIN = 4096
#: Stray input dropped at most before giving up (a device that never stops sending).
DRAIN_LIMIT = 64 * 1024

# What a technician should check, appended to each failure ({advice}).
CHECK_CABLE = N_("Check that the printer is switched on and its cable is plugged in.")
CHECK_FLOW_CONTROL = N_("Check the cable and the flow-control setting.")
CHECK_PAPER = N_("Check that the printer has paper and its cover is closed.")
CHECK_NETWORK = N_("Check the printer's power, its network cable and that its IP address "
                   "matches printer.url.")
CHECK_URL = N_("Set printer.url to a serial port (/dev/ttyUSB0), a USB printer "
               "(usblp:/dev/usb/lp0) or a network printer (tcp://192.168.1.50:9100).")
SERIAL_ACCESS = N_("Add the kiosk user to the dialout group (usermod -aG dialout kiosk) and "
                   "restart the kiosk.")
USB_ACCESS = N_("Add the kiosk user to the lp group (usermod -aG lp kiosk), install the udev "
                "rule 70-kiosk-printer.rules from docs/DEPLOY.md and restart the kiosk.")

#: errno values of a device that went away (USB unplugged, printer switched off).
GONE = frozenset({errno.ENODEV, errno.EIO, errno.ENXIO, errno.ESHUTDOWN, errno.EPIPE})
DENIED = frozenset({errno.EACCES, errno.EPERM})
HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL


class PrinterConnectionError(Exception):
    """The line to the printer cannot be opened, written or read."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.english())
        self.message = message


def cannot_open(port: str, error: str, advice: Message) -> Message:
    """The port could not be opened."""
    return N_("Cannot open the printer port {port}: {error}. {advice}",
              port=port, error=error, advice=advice)


def connection_lost(port: str, error: str, advice: Message) -> Message:
    """The line broke while in use."""
    return N_("The connection to the printer on {port} was lost: {error}. {advice}",
              port=port, error=error, advice=advice)


def unplugged(port: str, error: str) -> Message:
    """The device node went away under us (USB unplugged, printer switched off)."""
    return N_("The printer on {port} was unplugged or switched off ({error}). {advice}",
              port=port, error=error, advice=CHECK_CABLE)


def stalled(port: str, sent: int, total: int, advice: Message) -> Message:
    """The printer stopped taking bytes within the write timeout."""
    return N_("The printer on {port} stopped taking data (write timed out after {sent} of "
              "{total} bytes). {advice}", port=port, sent=sent, total=total, advice=advice)


def error_text(exc: BaseException) -> str:
    """The operating system's words for ``exc`` (``Input/output error``), else its text."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code > 0:
        return os.strerror(code)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror  # socket.gaierror: "Name or service not known"
    args = exc.args
    if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):
        return args[1]  # termios.error(5, 'Input/output error')
    return str(exc) or type(exc).__name__


def describe_failure(exc: BaseException) -> Message:
    """Plain words for why the printer could not be used: one text for screen, page and CLI."""
    if isinstance(exc, PrinterConnectionError):
        return exc.message
    if isinstance(exc, ProfileError):
        return N_("Printer profile problem: {error}", error=str(exc))
    error = type(exc).__name__ + ": " + error_text(exc)
    return N_("Printing failed: {error}", error=error)


def describe_state(state: PrinterState, failure: PrinterConnectionError | None) -> Message:
    """Why a job did not print: the line's failure if the printer went silent, else its state."""
    if failure is not None and state is PrinterState.NOT_RESPONDING:
        return failure.message
    return state.message


def wait_for(fd: int, events: int, timeout: float) -> int:
    """``poll`` one descriptor: the events that happened within ``timeout`` s (0 if none)."""
    poller = select.poll()
    poller.register(fd, events)
    ready = poller.poll(max(0.0, timeout) * 1000)
    return ready[0][1] if ready else 0


class Line(ABC):
    """An open channel to a printer: serial port, USB printer class device or TCP socket.

    Writes go in chunks of half the printer's receive buffer; every failure is raised as a
    :class:`PrinterConnectionError` and kept in :attr:`failure` for whoever reports it.
    """

    def __init__(self, url: str, profile: PrinterProfile, *, baudrate: int = 0,
                 write_timeout: float = 5.0) -> None:
        self.url = url
        self.profile = profile
        #: Bits per second, for pacing maths (the profile's own for USB and TCP).
        self.baudrate = baudrate or profile.baudrate
        self.write_timeout = write_timeout
        #: The last failure of this line, with its message (None while all is well).
        self.failure: PrinterConnectionError | None = None

    def __enter__(self) -> Line:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def chunk_size(self) -> int:
        """Bytes per write: half the printer's receive buffer, at least 16."""
        return max(16, self.profile.receive_buffer // 2)

    def write(self, data: bytes, progress: Callable[[int], None] | None = None) -> None:
        """Send ``data`` in chunks no larger than half the printer's buffer.

        :raises PrinterConnectionError: when the line is gone or the printer takes no data.
        """
        sent = 0
        while sent < len(data):
            piece = data[sent:sent + self.chunk_size]
            self._send(piece, sent, len(data))
            sent += len(piece)
            if progress is not None:
                progress(sent)

    def read_matching(self, accept: Callable[[int], bool], timeout: float) -> int | None:
        """The first byte ``accept`` takes within ``timeout`` seconds (others are skipped)."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            data = self.read_bytes(1, remaining)
            if not data:
                return None
            if accept(data[0]):
                return data[0]
            logger.debug("skipped stray byte %02x from %s", data[0], self.url)
        return None

    @abstractmethod
    def read_bytes(self, count: int, timeout: float) -> bytes:
        """Up to ``count`` bytes that arrive within ``timeout`` seconds (maybe fewer)."""

    @abstractmethod
    def discard_input(self) -> None:
        """Drop stray bytes waiting on the line (old replies, noise)."""

    @abstractmethod
    def close(self) -> None:
        """Close the line (safe to call twice)."""

    @abstractmethod
    def _send(self, piece: bytes, sent: int, total: int) -> None:
        """Write all of ``piece`` (``sent`` of ``total`` bytes went before) or raise."""

    def _fail(self, message: Message, cause: BaseException | None = None
              ) -> PrinterConnectionError:
        """Remember and log a failure; the caller raises it (``from`` the cause)."""
        error = PrinterConnectionError(message)
        self.failure = error
        logger.warning("printer line %s: %s (cause: %r)", self.url, error, cause)
        return error


def drain(read_some: Callable[[int, float], bytes], url: str) -> None:
    """Drop stray input with ``read_some(count, timeout)``, at most :data:`DRAIN_LIMIT`
    bytes: a device that never stops sending (``/dev/zero``) must not hang the caller."""
    for _ in range(DRAIN_LIMIT // DRAIN):
        if not read_some(DRAIN, 0.0):
            return
    logger.warning("%s keeps sending data nobody asked for; stopped draining after %d bytes",
                   url, DRAIN_LIMIT)
