"""A network printer on raw TCP (``tcp://host:port``, port 9100 by default, "JetDirect").

Connect with a timeout, send each chunk with a deadline, read replies when ``poll`` says
they are there. Refused, reset, timed out or closed by the printer: a
:class:`PrinterConnectionError` naming ``host:port`` and what to check.
"""

from __future__ import annotations

import logging
import select
import socket
import time
from urllib.parse import urlsplit

from kiosk.i18n import N_, Message
from printers.profiles import PrinterProfile
from printers.transports.base import (
    CHECK_NETWORK,
    CHECK_URL,
    HANGUP,
    Line,
    cannot_open,
    connection_lost,
    drain,
    error_text,
    stalled,
    wait_for,
)

logger = logging.getLogger(__name__)

SCHEME = "tcp://"
DEFAULT_PORT = 9100
#: Seconds to wait for the printer to accept the connection.
CONNECT_TIMEOUT = 3.0
#: Bytes drained at a time by :meth:`TcpLine.discard_input`.


def cannot_connect(address: str, error: str) -> Message:
    """The network printer did not accept the connection."""
    return N_("Cannot connect to the network printer at {address}: {error}. {advice}",
              address=address, error=error, advice=CHECK_NETWORK)


def parse_tcp_url(url: str) -> tuple[str, int]:
    """``tcp://host[:port]`` → (host, port); port 9100 when not given.

    :raises ValueError: when the URL has no host or a bad port.
    """
    parts = urlsplit(url)
    port = parts.port  # raises ValueError for a port that is not 0..65535
    if parts.scheme != "tcp" or not parts.hostname:
        raise ValueError(f"{url!r} is not tcp://host:port")
    return parts.hostname, port or DEFAULT_PORT


class TcpLine(Line):
    """A raw TCP connection to a network receipt printer."""

    def __init__(self, url: str, profile: PrinterProfile, *, baudrate: int = 0,
                 write_timeout: float = 5.0, connect_timeout: float = CONNECT_TIMEOUT) -> None:
        super().__init__(url, profile, baudrate=baudrate, write_timeout=write_timeout)
        try:
            host, port = parse_tcp_url(url)
        except ValueError as exc:
            raise self._fail(cannot_open(url, str(exc), CHECK_URL), exc) from exc
        self.address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self._sock: socket.socket | None = None
        try:
            sock = socket.create_connection((host, port), timeout=connect_timeout)
        except TimeoutError as exc:
            raise self._fail(cannot_connect(self.address, "no answer within "
                                            f"{connect_timeout:g} s"), exc) from exc
        except OSError as exc:  # refused, no route, unknown host
            raise self._fail(cannot_connect(self.address, error_text(exc)), exc) from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # status requests go now
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.settimeout(write_timeout)  # sendall: the whole chunk within the timeout
        self._sock = sock

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        if self._sock is not None:
            sock, self._sock = self._sock, None
            try:
                sock.close()
            except OSError as exc:
                logger.debug("closing %s: %s", self.address, exc)

    def discard_input(self) -> None:
        """Drop whatever the printer sent that nobody asked for."""
        drain(self._recv, self.url)

    def read_bytes(self, count: int, timeout: float) -> bytes:
        """Up to ``count`` bytes that arrive within ``timeout`` seconds (maybe fewer)."""
        deadline = time.monotonic() + timeout
        data = bytearray()
        while len(data) < count:
            chunk = self._recv(count - len(data), deadline - time.monotonic())
            if not chunk:
                break
            data += chunk
        return bytes(data)

    def _open_socket(self) -> socket.socket:
        """The socket, or a clear error when the line was closed already."""
        if self._sock is None:
            raise self._fail(connection_lost(self.address, "the connection was closed",
                                             CHECK_NETWORK))
        return self._sock

    def _recv(self, count: int, timeout: float) -> bytes:
        """What is there within ``timeout`` (b"" if nothing); the printer hanging up raises."""
        sock = self._open_socket()
        try:
            events = wait_for(sock.fileno(), select.POLLIN | HANGUP, timeout)
            if not events:
                return b""
            chunk = sock.recv(count)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError as exc:  # reset by the printer, network down
            raise self._fail(connection_lost(self.address, error_text(exc), CHECK_NETWORK),
                             exc) from exc
        if not chunk:  # an orderly close: the printer (or a switch in between) hung up
            raise self._fail(connection_lost(self.address, "closed by the printer",
                                             CHECK_NETWORK))
        return chunk

    def _send(self, piece: bytes, sent: int, total: int) -> None:
        sock = self._open_socket()
        try:
            sock.sendall(piece)
        except TimeoutError as exc:
            raise self._fail(stalled(self.address, sent, total, CHECK_NETWORK), exc) from exc
        except OSError as exc:  # reset, broken pipe, no route to host
            raise self._fail(connection_lost(self.address, error_text(exc), CHECK_NETWORK),
                             exc) from exc

