"""The three lines to a printer against real endpoints: a TCP server on loopback standing in
for a network printer, a pty (and a plain file) standing in for /dev/usb/lp0."""

from __future__ import annotations

import os
import select
import socket
import threading
import time
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.i18n import Language, Translator
from printers.printer import Printer
from printers.profiles import PrinterProfile, load_profile
from printers.status import PrinterState, is_status_reply
from printers.transport import (
    Line,
    PrinterConnectionError,
    SerialLine,
    TcpLine,
    UsbLine,
    describe_failure,
    open_line,
)

DLE_EOT = b"\x10\x04"
GS_R_1 = b"\x1d\x72\x01"


def answers(received: bytes | bytearray, start: int = 0) -> tuple[bytes, int]:
    """What a healthy printer says to the requests in ``received[start:]`` (0x12 to each
    DLE EOT n, 0x00 "paper present" to each GS r 1), and where to go on scanning next time
    (a request split across two reads waits for its last byte)."""
    out = bytearray()
    at = start
    while at < len(received):
        if received[at] in (0x10, 0x1D):
            if len(received) - at < 3:
                break
            if received[at:at + 2] == DLE_EOT:
                out.append(0x12)
                at += 3
                continue
            if received[at:at + 3] == GS_R_1:
                out.append(0x00)
                at += 3
                continue
        at += 1
    return bytes(out), at


class NetworkPrinter:
    """A TCP server on 127.0.0.1 that records bytes and answers status requests.

    ``hang_up_after``: close the connection once that many bytes arrived (a cable pulled,
    the printer switched off mid-job).
    """

    def __init__(self, hang_up_after: int | None = None) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.hang_up_after = hang_up_after
        self.hung_up = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def wait_for(self, check: Callable[[bytes], bool], limit: float = 10.0) -> bool:
        """Wait (a hang guard, not a measurement) until ``check`` holds for the bytes so far."""
        deadline = time.monotonic() + limit
        while not check(bytes(self.received)):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _serve(self) -> None:
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            scanned = 0
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.received += chunk
                if self.hang_up_after is not None and len(self.received) >= self.hang_up_after:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST, as a dead NIC
                    self.hung_up.set()
                    return
                reply, scanned = answers(self.received, scanned)
                if reply:
                    conn.sendall(reply)

    def close(self) -> None:
        self.server.close()
        self._thread.join(timeout=5)


@pytest.fixture
def profile() -> PrinterProfile:
    return load_profile("generic-58")


@pytest.fixture
def network_printer() -> Iterator[NetworkPrinter]:
    server = NetworkPrinter()
    yield server
    server.close()


# -- the factory ---------------------------------------------------------------------------
def test_the_url_picks_the_line(network_printer: NetworkPrinter, profile: PrinterProfile,
                                tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.touch()
    with open_line(network_printer.url, profile) as tcp:
        assert isinstance(tcp, TcpLine) and isinstance(tcp, Line)
    with open_line("usblp:" + str(device), profile) as usb:
        assert isinstance(usb, UsbLine) and usb.path == str(device)
    with open_line("loop://", profile) as serial_line:
        assert isinstance(serial_line, SerialLine)
    for line in (tcp, usb, serial_line):
        assert line.baudrate == profile.baudrate and line.profile is profile


def test_a_dev_usb_lp_path_needs_no_scheme(profile: PrinterProfile) -> None:
    with pytest.raises(PrinterConnectionError, match="/dev/usb/lp9") as caught:
        open_line("/dev/usb/lp9", profile)
    assert "switched on" in str(caught.value)


# -- TCP -----------------------------------------------------------------------------------
def test_tcp_status_and_a_job(network_printer: NetworkPrinter, profile: PrinterProfile) -> None:
    job = b"\x1b@" + "Ә-017\n".encode("kz1048") * 300
    progress: list[int] = []
    with open_line(network_printer.url, profile) as line:
        printer = Printer(line, profile, status_timeout=2.0)
        assert printer.status() is PrinterState.READY
        line.write(job, progress.append)
        assert line.read_bytes(0, 0.1) == b""
    assert progress[-1] == len(job)
    assert all(b - a <= max(16, profile.receive_buffer // 2)
               for a, b in zip([0, *progress], progress, strict=False))
    assert network_printer.wait_for(lambda received: job in received)


def test_tcp_port_defaults_to_9100(profile: PrinterProfile) -> None:
    from printers.transports.tcp import parse_tcp_url

    assert parse_tcp_url("tcp://192.168.1.50") == ("192.168.1.50", 9100)
    assert parse_tcp_url("tcp://printer.local:9101") == ("printer.local", 9101)
    with pytest.raises(PrinterConnectionError, match="tcp://host:port"):
        open_line("tcp://", profile)


def test_tcp_connection_refused_names_the_address_and_what_to_check(
        profile: PrinterProfile, translator: Translator) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again: nobody listens there now
    with pytest.raises(PrinterConnectionError) as caught:
        open_line(f"tcp://127.0.0.1:{port}", profile)
    english = caught.value.message.english()
    assert f"127.0.0.1:{port}" in english and "Connection refused" in english
    assert "network cable" in english and "IP address" in english
    kazakh = translator.render(describe_failure(caught.value), Language.KK)
    assert f"127.0.0.1:{port}" in kazakh and "желі" in kazakh


def test_a_network_printer_that_hangs_up_mid_job_is_a_clear_error(
        profile: PrinterProfile) -> None:
    server = NetworkPrinter(hang_up_after=4096)
    try:
        with open_line(server.url, profile, write_timeout=2.0) as line:
            printer = Printer(line, profile, status_timeout=0.5)
            result = printer.print_job(b"\x1b@" + b"x" * 2_000_000)
            failure = line.failure
    finally:
        server.close()
    assert server.hung_up.is_set()
    assert not result.printed and result.state is PrinterState.NOT_RESPONDING
    assert failure is not None and f"127.0.0.1:{server.port}" in str(failure)
    assert "network cable" in str(failure) and result.error


def test_a_network_printer_that_stops_reading_times_out(profile: PrinterProfile) -> None:
    """Accepts the connection, never reads: the socket buffers fill and the write times out."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        url = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        with open_line(url, profile, write_timeout=0.3) as line, \
                pytest.raises(PrinterConnectionError, match="stopped taking data"):
            line.write(b"x" * 16_000_000)


def test_a_reply_from_a_closed_connection_is_an_error_not_silence(
        profile: PrinterProfile) -> None:
    server = NetworkPrinter(hang_up_after=1)
    try:
        with open_line(server.url, profile) as line:
            line.write(b"\x10\x04\x01")
            server.hung_up.wait(5)
            with pytest.raises(PrinterConnectionError, match="was lost"):
                line.read_matching(is_status_reply, 5.0)
    finally:
        server.close()


# -- USB printer class (a pty or a plain file standing in for /dev/usb/lp0) -----------------
class UsbPrinter:
    """The far end of a pty, answering like a bidirectional usblp printer."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        scanned = 0
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            reply, scanned = answers(self.received, scanned)
            if reply:
                os.write(self.master, reply)

    def wait_for(self, check: Callable[[bytes], bool], limit: float = 10.0) -> bool:
        """Wait (a hang guard, not a measurement) until ``check`` holds for the bytes so far."""
        deadline = time.monotonic() + limit
        while not check(bytes(self.received)):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def unplug(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self.master)

    def close(self) -> None:
        if not self._stop.is_set():
            self.unplug()
        os.close(self.slave)


@pytest.fixture
def usb_printer() -> Iterator[UsbPrinter]:
    device = UsbPrinter()
    yield device
    device.close()


def test_usb_status_is_read_back_through_the_device(usb_printer: UsbPrinter,
                                                    profile: PrinterProfile) -> None:
    with open_line("usblp:" + usb_printer.path, profile) as line:
        assert isinstance(line, UsbLine)
        assert Printer(line, profile, status_timeout=2.0).status() is PrinterState.READY
        line.write(b"\x1b@hello\n")
        line.discard_input()
    assert usb_printer.wait_for(lambda received: received.endswith(b"\x1b@hello\n"))


def test_a_unidirectional_usb_printer_takes_data_but_never_answers(
        tmp_path: Path, profile: PrinterProfile) -> None:
    device = tmp_path / "lp0"
    device.touch()
    job = b"\x1b@" + b"line\n" * 1000
    with open_line("usblp:" + str(device), profile) as line:
        line.write(job)
        assert Printer(line, profile, status_timeout=0.1).status() is \
            PrinterState.NOT_RESPONDING
        assert line.failure is None, "silence is a state, not a broken line"
    assert device.read_bytes().startswith(job)


def test_unplugging_the_usb_printer_is_a_clear_error(usb_printer: UsbPrinter,
                                                     profile: PrinterProfile) -> None:
    with open_line("usblp:" + usb_printer.path, profile) as line:
        printer = Printer(line, profile, status_timeout=2.0)
        assert printer.status() is PrinterState.READY
        usb_printer.unplug()
        with pytest.raises(PrinterConnectionError, match="unplugged or switched off"):
            printer.status()
        result = printer.print_job(b"\x1b@" + b"x" * 10_000)
        with pytest.raises(PrinterConnectionError, match="unplugged or switched off"):
            line.write(b"x")
    assert not result.printed and result.error


def test_no_permission_names_the_udev_rule_and_the_group(
        tmp_path: Path, profile: PrinterProfile, monkeypatch: pytest.MonkeyPatch) -> None:
    device = str(tmp_path / "lp0")
    real_open = os.open

    def denied(path: str, flags: int, mode: int = 0o777) -> int:
        if path == device:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(PrinterConnectionError) as caught:
        UsbLine("usblp:" + device, profile)
    text = str(caught.value)
    assert "Permission denied" in text and "lp group" in text and "udev" in text
    assert "DEPLOY.md" in text


def test_a_closed_line_says_so(usb_printer: UsbPrinter, network_printer: NetworkPrinter,
                               profile: PrinterProfile) -> None:
    for url in ("usblp:" + usb_printer.path, network_printer.url):
        line = open_line(url, profile)
        line.close()
        line.close()
        with pytest.raises(PrinterConnectionError, match="closed"):
            line.write(b"x")
