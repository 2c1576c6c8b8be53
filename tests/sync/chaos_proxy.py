"""A real TCP proxy in front of the regional server that breaks requests on purpose.

Each request gets a fault from the plan: pass it through, answer 500 (before or after the
server stored the batch), drop the connection (before or after), answer garbage with 201,
hang past the client's timeout after forwarding, or answer like a captive portal (200 HTML).
"""

from __future__ import annotations

import random
import socket
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Callable

FAULTS = ("pass", "error_before", "error_after", "drop_before", "drop_after", "garbage_after",
          "hang_after", "captive_portal")


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class ChaosProxy:
    """Forwards to ``127.0.0.1:upstream_port`` with faults chosen by ``plan``."""

    def __init__(self, upstream_port: int, plan: Callable[[], str], hang_seconds: float = 3.0):
        self.upstream_port = upstream_port
        self.plan = plan
        self.hang_seconds = hang_seconds
        self.counts: Counter[str] = Counter()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ChaosProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        """The address kiosks should use."""
        return f"http://127.0.0.1:{self.port}"

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            response = b""
            while chunk := up.recv(65536):
                response += chunk
        return response

    def _handle(self, conn: socket.socket) -> None:
        request = _read_request(conn)
        if not request:
            return
        fault = self.plan()
        self.counts[fault] += 1
        if fault == "error_before":
            conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
            return
        if fault == "drop_before":
            return
        if fault == "captive_portal":
            page = b"<html><body>Welcome to FreeWiFi! Please log in.</body></html>"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                         str(len(page)).encode() + b"\r\nConnection: close\r\n\r\n" + page)
            return
        response = self._forward(request)
        if fault == "pass":
            conn.sendall(response)
        elif fault == "error_after":
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
        elif fault == "garbage_after":
            junk = b"\x1f\x8b\x00garbage{]"
            conn.sendall(b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(junk)).encode() +
                         b"\r\nConnection: close\r\n\r\n" + junk)
        elif fault == "hang_after":
            time.sleep(self.hang_seconds)
        # drop_after: close without a word


def random_plan(seed: int, pass_share: float = 0.4) -> Callable[[], str]:
    """A seeded plan: ``pass_share`` of requests pass, the rest get a random fault."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def plan() -> str:
        with lock:
            return "pass" if rng.random() < pass_share else rng.choice(FAULTS[1:])

    return plan
