"""A USB printer class device (``/dev/usb/lp0``, the kernel's ``usblp`` driver).

Opened non-blocking; writes wait for ``poll`` to say the device takes data, with a deadline;
reads wait for ``poll`` too (a bidirectional printer answers ``DLE EOT`` through the same
node; a unidirectional one never does, and the status is then "not responding"). Unplugging
makes the node fail with ENODEV/EIO: a :class:`PrinterConnectionError` that says so.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import time

from printers.profiles import PrinterProfile
from printers.transports.base import (
    CHECK_CABLE,
    CHECK_PAPER,
    DENIED,
    GONE,
    HANGUP,
    USB_ACCESS,
    Line,
    PrinterConnectionError,
    cannot_open,
    connection_lost,
    drain,
    error_text,
    stalled,
    unplugged,
    wait_for,
)

logger = logging.getLogger(__name__)

SCHEME = "usblp:"
#: Device nodes of the usblp driver (and udev symlinks named like them) need no scheme.
DEVICE_PREFIX = "/dev/usb/lp"
#: Seconds between polls of a node that says "readable" but gives nothing (a plain file).
IDLE_PAUSE = 0.02


def usb_path(url: str) -> str:
    """The device path of ``usblp:/dev/usb/lp0`` or ``/dev/usb/lp0``."""
    return url.removeprefix(SCHEME)


class UsbLine(Line):
    """An open USB printer class device node."""

    def __init__(self, url: str, profile: PrinterProfile, *, baudrate: int = 0,
                 write_timeout: float = 5.0) -> None:
        super().__init__(url, profile, baudrate=baudrate, write_timeout=write_timeout)
        self.path = usb_path(url)
        #: False once the device said it has no back channel (EINVAL on read).
        self.bidirectional = True
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError as exc:
            advice = USB_ACCESS if exc.errno in DENIED else CHECK_CABLE
            raise self._fail(cannot_open(self.path, error_text(exc), advice), exc) from exc

    def close(self) -> None:
        """Close the device (safe to call twice)."""
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            try:
                os.close(fd)
            except OSError as exc:
                logger.debug("closing %s: %s", self.path, exc)

    def discard_input(self) -> None:
        """Drop whatever the printer sent that nobody asked for."""
        if self.bidirectional:
            drain(self._read_some, self.url)

    def read_bytes(self, count: int, timeout: float) -> bytes:
        """Up to ``count`` bytes that arrive within ``timeout`` seconds (maybe fewer)."""
        deadline = time.monotonic() + timeout
        data = bytearray()
        while len(data) < count and self.bidirectional:
            remaining = deadline - time.monotonic()
            chunk = self._read_some(count - len(data), remaining)
            data += chunk
            if not chunk:
                if remaining <= 0:
                    break
                # "Readable" yet empty (a plain file, a printer with nothing to say): wait
                # a little instead of spinning.
                time.sleep(min(IDLE_PAUSE, max(0.0, deadline - time.monotonic())))
        return bytes(data)

    def _checked_fd(self) -> int:
        """The descriptor, or a clear error when the line was closed already."""
        if self._fd < 0:
            raise self._fail(connection_lost(self.path, "the device was closed", CHECK_CABLE))
        return self._fd

    def _read_some(self, count: int, timeout: float) -> bytes:
        """One read when ``poll`` says there is something; b"" if nothing came in time."""
        fd = self._checked_fd()
        events = wait_for(fd, select.POLLIN | HANGUP, timeout)
        chunk = b""
        if events & select.POLLIN:
            try:
                chunk = os.read(fd, count)
            except BlockingIOError:
                chunk = b""
            except OSError as exc:
                if exc.errno == errno.EINVAL:  # usblp: a printer without a back channel
                    logger.info("%s cannot report its status (unidirectional)", self.path)
                    self.bidirectional = False
                    return b""
                raise self._os_failure(exc) from exc
        if not chunk and events & HANGUP:
            raise self._fail(unplugged(self.path, "the device hung up"))
        return chunk

    def _send(self, piece: bytes, sent: int, total: int) -> None:
        fd = self._checked_fd()
        deadline = time.monotonic() + self.write_timeout
        view = memoryview(piece)
        done = 0
        while done < len(view):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._fail(stalled(self.path, sent + done, total, CHECK_CABLE))
            events = wait_for(fd, select.POLLOUT, remaining)
            if events & HANGUP:
                raise self._fail(unplugged(self.path, "the device hung up"))
            if not events & select.POLLOUT:
                continue
            try:
                done += os.write(fd, view[done:])
            except (BlockingIOError, InterruptedError):
                time.sleep(IDLE_PAUSE)  # poll said "writable" but the device is still busy
                continue
            except OSError as exc:
                if exc.errno == errno.ENOSPC:  # usblp: out of paper, nothing more fits
                    raise self._fail(stalled(self.path, sent + done, total, CHECK_PAPER),
                                     exc) from exc
                raise self._os_failure(exc) from exc

    def _os_failure(self, exc: OSError) -> PrinterConnectionError:
        if exc.errno in GONE:
            return self._fail(unplugged(self.path, error_text(exc)), exc)
        return self._fail(connection_lost(self.path, error_text(exc), CHECK_CABLE), exc)
