"""A printer emulator in a process of its own, as a real printer is its own device.

In the benchmark's process the emulator's threads would compete with the driver for
Python's interpreter lock (a switch can wait 5 ms), which no real printer does. The child
opens the pty and answers a few questions over a pipe: the port, bytes received so far,
receipts saved.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

from printers.emulator.device import PrinterEmulator
from printers.profiles import load_profile

#: Seconds to wait for the child to answer.
ANSWER_TIMEOUT = 30.0


def _serve(profile_id: str, out_dir: str, baudrate: int, conn: Connection) -> None:
    with PrinterEmulator(load_profile(profile_id), Path(out_dir), baudrate=baudrate) as emu:
        conn.send(emu.port)
        while True:
            request, count, timeout = conn.recv()
            if request == "stop":
                return
            if request == "received":
                conn.send(emu.received)
            elif request == "receipts":
                conn.send(len(emu.wait_for_receipts(count, timeout)))


class EmulatorProcess:
    """Start with ``with``; :attr:`port` is the pty to open."""

    def __init__(self, profile_id: str, out_dir: Path, baudrate: int) -> None:
        self._args = (profile_id, str(out_dir), baudrate)
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self.port = ""

    def __enter__(self) -> EmulatorProcess:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(*self._args, child), daemon=True)
        self._process.start()
        self._conn = parent
        self.port = self._ask_first()
        return self

    def _ask_first(self) -> str:
        assert self._conn is not None
        if not self._conn.poll(ANSWER_TIMEOUT):
            raise RuntimeError("the emulator process did not start")
        port: str = self._conn.recv()
        return port

    def _ask(self, request: str, count: int = 0, timeout: float = 0.0) -> int:
        assert self._conn is not None
        self._conn.send((request, count, timeout))
        if not self._conn.poll(ANSWER_TIMEOUT + timeout):
            raise RuntimeError(f"the emulator process did not answer {request!r}")
        answer: int = self._conn.recv()
        return answer

    @property
    def received(self) -> int:
        """Bytes the emulated printer has received."""
        return self._ask("received")

    def wait_for_receipts(self, count: int, timeout: float) -> int:
        """The number of receipts saved once ``count`` are (or ``timeout`` passed)."""
        return self._ask("receipts", count, timeout)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._conn is not None:
            self._conn.send(("stop", 0, 0.0))
        if self._process is not None:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
