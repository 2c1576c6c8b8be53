"""Standard-library HTTP for the kiosk's LAN pages, bounded so a client cannot tie it up.

:class:`BoundedHTTPServer` caps open connections (in all and per address) and can end them
all when it stops; :class:`PlainHandler` answers with safe headers, sends each answer at
once and turns unreadable input into a 400.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

logger = logging.getLogger(__name__)

#: Open connections at most, and per client address (a browser keeps a few).
MAX_CONNECTIONS = 128
MAX_CONNECTIONS_PER_CLIENT = 12


class BoundedHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its open connections, so stopping ends them too.

    Browsers keep a connection open (HTTP/1.1 keep-alive) and the desk page polls over it;
    without this, a stopped server's handler threads would go on answering on those
    connections, and a desk would never learn that the kiosk is gone.
    """

    daemon_threads = True
    request_queue_size = 64
    max_connections = MAX_CONNECTIONS
    max_per_client = MAX_CONNECTIONS_PER_CLIENT

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.connections: dict[socket.socket, str] = {}
        self.per_client: dict[str, int] = {}
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Take the connection unless the server or this address already holds too many:
        held-open connections (slowloris) would otherwise take a thread and a file each,
        until the kiosk process — the touch screen's too — runs out of files."""
        client = str(client_address[0])
        with self.connections_lock:
            full = (len(self.connections) >= self.max_connections
                    or self.per_client.get(client, 0) >= self.max_per_client)
            if not full:
                self.connections[request] = client
                self.per_client[client] = self.per_client.get(client, 0) + 1
        if full:
            logger.warning("LAN server: refused a connection from %s (too many open)", client)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            client = self.connections.pop(request, None)
            if client is not None and client in self.per_client:
                self.per_client[client] -= 1
                if self.per_client[client] <= 0:
                    del self.per_client[client]
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection (a request in progress sees its client go away)."""
        with self.connections_lock:
            open_now = list(self.connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                logger.debug("LAN connection already closed")


class PlainHandler(BaseHTTPRequestHandler):
    """Answers with no caching, no framing, a strict content policy; HTTP/1.1 keep-alive."""

    sys_version = ""
    timeout = 10  # seconds a client may stay silent mid-request (or idle between requests)
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        """Send each answer at once: headers and body are separate writes, and Nagle's
        algorithm with the client's delayed ACK held the body back 40 ms on every request."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.client_address[0], *args)

    def _send(self, status: HTTPStatus, kind: str, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src "
                         "'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
                         "form-action 'self'; frame-ancestors 'none'")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html(self, html: str, status: HTTPStatus = HTTPStatus.OK,
              headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/html; charset=utf-8", html.encode("utf-8"), headers)

    def _json(self, data: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, "application/json", json.dumps(data, ensure_ascii=False).encode())

    def _redirect(self, where: str, headers: dict[str, str] | None = None) -> None:
        self._send(HTTPStatus.SEE_OTHER, "text/plain; charset=utf-8", b"", {
            "Location": where, **(headers or {})})

    def _cookies(self) -> SimpleCookie:
        jar = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie", ""))
        except CookieError:
            logger.info("unreadable cookie header from %s", self.client_address[0])
        return jar

    def _bad_request(self, why: str) -> None:
        self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8",
                   f"bad request: {why}".encode(), {"Connection": "close"})
        self.close_connection = True
