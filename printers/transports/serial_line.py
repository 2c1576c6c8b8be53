"""The serial line: pyserial ``serial_for_url``, paced writes, tolerant reads.

``/dev/tty*``, ``loop://``, ``socket://host:port``, ``spy://`` and ``rfc2217://`` all work.
A USB-serial adapter pulled out mid-job makes pyserial raise ``SerialException``, ``OSError``
or, from ``tcdrain``/``tcflush``, ``termios.error`` (which is neither): all of them become a
:class:`PrinterConnectionError`.
"""

from __future__ import annotations

import logging
import termios
import time

import serial

from printers.profiles import Handshake, PrinterProfile
from printers.transports.base import (
    CHECK_CABLE,
    CHECK_FLOW_CONTROL,
    CHECK_URL,
    DENIED,
    SERIAL_ACCESS,
    Line,
    PrinterConnectionError,
    cannot_open,
    connection_lost,
    error_text,
    stalled,
)

logger = logging.getLogger(__name__)

#: Seconds one pyserial read waits; reads loop on it up to the caller's timeout.
READ_SLICE = 0.05
#: What pyserial raises when the port dies under it (ValueError/TypeError: a descriptor
#: closed by another thread reaches ``select`` as -1 or None).
LINE_ERRORS: tuple[type[BaseException], ...] = (
    serial.SerialException, OSError, termios.error, ValueError, TypeError)


class SerialLine(Line):
    """An open serial channel with the profile's flow control and the configured timeouts."""

    def __init__(self, url: str, profile: PrinterProfile, *, baudrate: int = 0,
                 write_timeout: float = 5.0) -> None:
        super().__init__(url, profile, baudrate=baudrate, write_timeout=write_timeout)
        try:
            self._port = serial.serial_for_url(
                url, baudrate=self.baudrate, timeout=READ_SLICE, write_timeout=write_timeout,
                rtscts=profile.handshake is Handshake.RTSCTS,
                dsrdtr=profile.handshake is Handshake.DSRDTR,
                xonxoff=profile.handshake is Handshake.XONXOFF)
        except ValueError as exc:  # an unknown URL scheme or setting
            raise self._fail(cannot_open(url, str(exc), CHECK_URL), exc) from exc
        except (serial.SerialException, OSError, termios.error) as exc:
            advice = SERIAL_ACCESS if getattr(exc, "errno", None) in DENIED else CHECK_CABLE
            raise self._fail(cannot_open(url, error_text(exc), advice), exc) from exc

    def close(self) -> None:
        """Close the port (safe to call twice; a dead port is logged, not raised)."""
        try:
            self._port.close()
        except LINE_ERRORS as exc:
            logger.debug("closing %s: %s", self.url, exc)

    def discard_input(self) -> None:
        """Drop stray bytes waiting on the line (old replies, noise)."""
        try:
            self._port.reset_input_buffer()
        except LINE_ERRORS as exc:
            raise self._lost(exc) from exc

    def read_bytes(self, count: int, timeout: float) -> bytes:
        """Up to ``count`` bytes that arrive within ``timeout`` seconds (at least one try)."""
        deadline = time.monotonic() + timeout
        data = bytearray()
        while True:
            try:
                data += self._port.read(count - len(data))
            except LINE_ERRORS as exc:
                raise self._lost(exc) from exc
            if len(data) >= count or time.monotonic() >= deadline:
                return bytes(data)

    def _send(self, piece: bytes, sent: int, total: int) -> None:
        try:
            self._port.write(piece)
            self._port.flush()
        except serial.SerialTimeoutException as exc:
            raise self._fail(stalled(self.url, sent, total, CHECK_FLOW_CONTROL), exc) from exc
        except LINE_ERRORS as exc:
            raise self._lost(exc) from exc

    def _lost(self, exc: BaseException) -> PrinterConnectionError:
        return self._fail(connection_lost(self.url, error_text(exc) or "closed", CHECK_CABLE),
                          exc)
