"""A serial line that fails the way a pulled cable does: every failure is a clear
PrinterConnectionError, never a raw ``termios.error`` (no timing, no load needed)."""

from __future__ import annotations

import os
import sys
import termios
import tty
import types
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import serial
from serial.urlhandler import protocol_loop

from printers.printer import Printer
from printers.profiles import PrinterProfile, load_profile
from printers.status import PrinterState
from printers.transport import PrinterConnectionError, SerialLine

if TYPE_CHECKING:
    from typing_extensions import Buffer

#: The pyserial operation the next ``faulty://`` port fails in, as a USB-serial adapter
#: pulled out mid-job does (``tcdrain``/``tcflush`` raise ``termios.error``, not OSError).
BROKEN: set[str] = set()


class FaultySerial(protocol_loop.Serial):
    """``loop://`` whose operations named in :data:`BROKEN` raise ``termios.error(EIO)``."""

    def from_url(self, url: str) -> None:
        super().from_url("loop://")

    def _check(self, operation: str) -> None:
        if operation in BROKEN:
            raise termios.error(5, "Input/output error")

    def write(self, data: Buffer, /) -> int | None:
        self._check("write")
        return super().write(data)

    def flush(self) -> None:
        self._check("flush")
        super().flush()

    def read(self, size: int = 1) -> bytes:
        self._check("read")
        return bytes(super().read(size))

    def reset_input_buffer(self) -> None:
        self._check("reset_input_buffer")
        super().reset_input_buffer()

    def close(self) -> None:
        self._check("close")
        super().close()


@pytest.fixture
def faulty(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Register the ``faulty://`` pyserial handler; yields the set of operations to break."""
    package = types.ModuleType("faulty_handlers")
    package.__path__ = []
    handler = types.ModuleType("faulty_handlers.protocol_faulty")
    handler.Serial = FaultySerial  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "faulty_handlers", package)
    monkeypatch.setitem(sys.modules, "faulty_handlers.protocol_faulty", handler)
    monkeypatch.setattr(serial, "protocol_handler_packages", ["faulty_handlers"])
    BROKEN.clear()
    yield BROKEN
    BROKEN.clear()


@pytest.fixture
def profile() -> PrinterProfile:
    return load_profile("conservative-58")


@pytest.mark.parametrize("operation", ["write", "flush"])
def test_a_termios_error_while_writing_is_a_connection_error(
        faulty: set[str], profile: PrinterProfile, operation: str) -> None:
    with SerialLine("faulty://", profile) as line:
        faulty.add(operation)
        with pytest.raises(PrinterConnectionError) as caught:
            line.write(b"\x1b@hello")
    text = caught.value.message.english()
    assert "faulty://" in text and "Input/output error" in text
    assert "cable" in text, "the technician is told what to check"


@pytest.mark.parametrize("operation", ["read", "reset_input_buffer"])
def test_a_termios_error_while_reading_is_a_connection_error(
        faulty: set[str], profile: PrinterProfile, operation: str) -> None:
    with SerialLine("faulty://", profile) as line:
        faulty.add(operation)
        with pytest.raises(PrinterConnectionError, match="Input/output error"):
            line.discard_input()
            line.read_matching(lambda _: True, 0.2)


def test_a_termios_error_on_close_does_not_escape(faulty: set[str],
                                                  profile: PrinterProfile) -> None:
    line = SerialLine("faulty://", profile)
    faulty.add("close")
    line.close()  # logged, not raised: there is nothing left to do with a dead port


@pytest.mark.parametrize("operation", ["write", "flush", "read"])
def test_a_job_on_a_dying_line_is_a_result_with_the_cause(
        faulty: set[str], profile: PrinterProfile, operation: str) -> None:
    """The emulator test that failed under load: ``flush`` (tcdrain) raised termios.error."""
    with SerialLine("faulty://", profile) as line:
        printer = Printer(line, profile, status_timeout=0.05)
        faulty.add(operation)
        result = printer.print_job(b"\x1b@" + b"x" * 200 + b"\n")
    assert not result.printed
    assert result.state is PrinterState.NOT_RESPONDING
    assert "Input/output error" in result.error


def test_status_on_a_pty_whose_other_end_closed_is_a_connection_error(
        profile: PrinterProfile) -> None:
    """A real pty: once the far end is gone ``tcflush`` raises termios.error (EIO)."""
    master, slave = os.openpty()
    tty.setraw(slave)
    line = SerialLine(os.ttyname(slave), profile)
    try:
        os.close(master)
        os.close(slave)
        with pytest.raises(PrinterConnectionError, match="Input/output error"):
            Printer(line, profile, status_timeout=0.05).status()
    finally:
        line.close()
