"""Printing through a real pty to the emulator: receipts, QR codes, faults, silence, cut cables."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.i18n import Language
from kiosk.tickets import Ticket
from kiosk.tracking import tracking_url
from printers.emulator.device import PrinterEmulator
from printers.emulator.faults import Fault
from printers.printer import Printer
from printers.profiles import PrinterProfile, load_profile
from printers.receipts import ReceiptContext, queue_ticket
from printers.render import render_document
from printers.status import PrinterState
from printers.transport import SerialLine
from tests.conftest import OPEN_MORNING
from tests.printers.conftest import STRATEGY_PROFILES

TICKET = Ticket("2f0c8a34-0000-4000-8000-000000000001", "Ә-017", "social",
                dt.date(2026, 12, 1), 17, "KX7MQ4RT9C", OPEN_MORNING, 3, Language.KK)


@pytest.fixture(params=STRATEGY_PROFILES)
def profile(request: pytest.FixtureRequest) -> PrinterProfile:
    """One profile of each strategy (a pty test on every model adds minutes, not cover)."""
    return load_profile(request.param)


@pytest.fixture
def emulator(tmp_path: Path, profile: PrinterProfile) -> Iterator[PrinterEmulator]:
    with PrinterEmulator(profile, tmp_path / "out") as emu:
        yield emu


@pytest.fixture
def printer(emulator: PrinterEmulator, profile: PrinterProfile) -> Iterator[Printer]:
    with SerialLine(emulator.port, profile, write_timeout=2.0) as line:
        yield Printer(line, profile, status_timeout=0.3)


def _ticket_bytes(ctx: ReceiptContext, profile: PrinterProfile) -> bytes:
    return render_document(queue_ticket(TICKET, ctx), profile)


def test_a_ticket_becomes_a_png_whose_qr_opens_the_tracking_url(
        emulator: PrinterEmulator, printer: Printer, profile: PrinterProfile,
        ctx: ReceiptContext) -> None:
    result = printer.print_job(_ticket_bytes(ctx, profile))
    assert result.printed, result
    [saved] = emulator.wait_for_receipts(1)
    assert saved.png.is_file() and saved.text_path.is_file()
    assert "Ә-017" in saved.text
    assert ctx.akimat_name.split()[0] in saved.text
    decoded = zxingcpp.read_barcodes(Image.open(saved.png))
    assert [code.text for code in decoded] == [tracking_url(ctx.public_url, TICKET.tracking_code)]


@pytest.mark.parametrize(("fault", "state"), [
    (Fault.PAPER_OUT, PrinterState.PAPER_OUT),
    (Fault.COVER_OPEN, PrinterState.COVER_OPEN),
    (Fault.OFFLINE, PrinterState.OFFLINE),
    (Fault.ERROR, PrinterState.ERROR),
])
def test_each_fault_is_reported_and_the_job_is_not_printed(
        emulator: PrinterEmulator, printer: Printer, profile: PrinterProfile,
        ctx: ReceiptContext, fault: Fault, state: PrinterState) -> None:
    emulator.set_fault(fault)
    assert printer.status() is state
    result = printer.print_job(_ticket_bytes(ctx, profile))
    assert not result.printed and result.state is state
    assert emulator.wait_for_receipts(1, timeout=0.3) == []


def test_paper_near_end_still_prints(emulator: PrinterEmulator, printer: Printer,
                                     profile: PrinterProfile, ctx: ReceiptContext) -> None:
    emulator.set_fault(Fault.PAPER_NEAR_END)
    result = printer.print_job(_ticket_bytes(ctx, profile))
    assert result.printed and result.state is PrinterState.PAPER_NEAR_END


def test_paper_running_out_during_the_job_is_not_printed(
        tmp_path: Path, profile: PrinterProfile, ctx: ReceiptContext) -> None:
    with PrinterEmulator(profile, tmp_path / "slow") as emulator, \
            SerialLine(emulator.port, profile) as line:
        printer = Printer(line, profile, status_timeout=0.3)
        emulator.set_fault_after(Fault.PAPER_OUT, 64)  # after the status check, mid-job
        result = printer.print_job(_ticket_bytes(ctx, profile))
        assert not result.printed
        assert result.state is PrinterState.PAPER_OUT


def test_a_silent_printer_is_not_responding_within_the_timeout(
        emulator: PrinterEmulator, printer: Printer, profile: PrinterProfile,
        ctx: ReceiptContext) -> None:
    emulator.set_fault(Fault.SILENT)
    assert printer.status() is PrinterState.NOT_RESPONDING
    result = printer.print_job(_ticket_bytes(ctx, profile))
    assert not result.printed and result.state is PrinterState.NOT_RESPONDING


def test_stray_bytes_before_a_reply_are_skipped(emulator: PrinterEmulator,
                                                printer: Printer) -> None:
    assert printer.status() is PrinterState.READY
    emulator.inject(b"\x00\xff\x55\x80")
    printer.line.write(b"\x10\x04\x04")
    from printers.status import is_status_reply
    assert printer.line.read_matching(is_status_reply, 1.0) == 0x12


def test_pulling_the_cable_mid_job_is_a_clear_error_not_a_hang(
        tmp_path: Path, profile: PrinterProfile, ctx: ReceiptContext) -> None:
    with PrinterEmulator(profile, tmp_path / "cut", line_delay=0.05) as emulator, \
            SerialLine(emulator.port, profile, write_timeout=2.0) as line:
        printer = Printer(line, profile, status_timeout=0.3)
        results = []
        job = threading.Thread(target=lambda: results.append(
            printer.print_job(_ticket_bytes(ctx, profile) * 3)))
        job.start()
        time.sleep(0.1)
        emulator.disconnect()
        job.join(timeout=20)
        assert not job.is_alive(), "the print job hung after the port closed"
    [result] = results
    assert not result.printed
    assert result.state is PrinterState.NOT_RESPONDING
    assert result.error, "the failure must say what happened"


def test_the_faults_file_sets_faults_for_technicians(emulator: PrinterEmulator,
                                                     printer: Printer) -> None:
    (emulator.out_dir / "faults").write_text("cover_open\n", encoding="utf-8")
    assert printer.status() is PrinterState.COVER_OPEN
    (emulator.out_dir / "faults").write_text("", encoding="utf-8")
    assert printer.status() is PrinterState.READY


def test_unknown_port_is_a_clear_error(profile: PrinterProfile) -> None:
    from printers.transport import PrinterConnectionError

    with pytest.raises(PrinterConnectionError, match="Cannot open the printer port"):
        SerialLine("/dev/no-such-printer", load_profile(profile.id))
