"""The serial line to the printer: pyserial ``serial_for_url``, paced writes, tolerant reads.

``loop://``, ``socket://host:port``, ``spy://`` and real ``/dev/tty*`` all work. Every
failure becomes a :class:`PrinterConnectionError` whose message a technician can act on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import serial

from kiosk.i18n import N_, Message
from printers.profiles import Handshake, PrinterProfile

logger = logging.getLogger(__name__)


class PrinterConnectionError(Exception):
    """The line to the printer cannot be opened, written or read."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.english())
        self.message = message


class SerialLine:
    """An open serial channel with the profile's flow control and the configured timeouts."""

    def __init__(self, url: str, profile: PrinterProfile, *, baudrate: int = 0,
                 write_timeout: float = 5.0) -> None:
        self.url = url
        self.profile = profile
        self.baudrate = baudrate or profile.baudrate
        try:
            self._port = serial.serial_for_url(
                url, baudrate=self.baudrate, timeout=0.05, write_timeout=write_timeout,
                rtscts=profile.handshake is Handshake.RTSCTS,
                dsrdtr=profile.handshake is Handshake.DSRDTR,
                xonxoff=profile.handshake is Handshake.XONXOFF)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterConnectionError(N_("Cannot open the printer port {port}: {error}",
                                            port=url, error=str(exc))) from exc

    def close(self) -> None:
        """Close the port (safe to call twice)."""
        try:
            self._port.close()
        except (serial.SerialException, OSError) as exc:
            logger.debug("closing %s: %s", self.url, exc)

    def __enter__(self) -> SerialLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def discard_input(self) -> None:
        """Drop stray bytes waiting on the line (old replies, noise)."""
        try:
            self._port.reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise self._lost(exc) from exc

    def write(self, data: bytes, progress: Callable[[int], None] | None = None) -> None:
        """Send ``data`` in chunks no larger than half the printer's buffer, draining each.

        :raises PrinterConnectionError: when the port is gone or the printer takes no data.
        """
        chunk = max(16, self.profile.receive_buffer // 2)
        sent = 0
        while sent < len(data):
            piece = data[sent:sent + chunk]
            try:
                written = self._port.write(piece)
                self._port.flush()
            except serial.SerialTimeoutException as exc:
                raise PrinterConnectionError(N_(
                    "The printer stopped taking data (write timed out after {sent} of {total} "
                    "bytes): check the cable and the flow-control setting.",
                    sent=sent, total=len(data))) from exc
            except (serial.SerialException, OSError) as exc:
                raise self._lost(exc) from exc
            sent += written or len(piece)
            if progress:
                progress(sent)

    def read_matching(self, accept: Callable[[int], bool], timeout: float) -> int | None:
        """The first byte ``accept`` takes within ``timeout`` seconds (others are skipped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self._port.read(1)
            except (serial.SerialException, OSError, TypeError) as exc:
                raise self._lost(exc) from exc
            if data:
                if accept(data[0]):
                    return data[0]
                logger.debug("skipped stray byte %02x from %s", data[0], self.url)
        return None

    def _lost(self, exc: BaseException) -> PrinterConnectionError:
        return PrinterConnectionError(N_("The connection to the printer on {port} was lost: "
                                         "{error}", port=self.url, error=str(exc) or "closed"))
