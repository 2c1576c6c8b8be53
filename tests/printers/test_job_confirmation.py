"""Counting a job printed only on evidence, and never printing it twice after a fault.

Real pty, emulated hardware that does (or does not) answer GS r 1 and DLE DC4 8.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from kiosk.tickets import Ticket
from printers.document import Qr
from printers.emulator.device import PrinterEmulator
from printers.emulator.faults import Fault
from printers.emulator.model import WEAKEST, HardwareModel
from printers.printer import Printer
from printers.profiles import PrinterProfile, load_profile
from printers.receipts import ReceiptContext, queue_ticket
from printers.render import render_document
from printers.status import PrinterState
from printers.transport import SerialLine
from tests.conftest import OPEN_MORNING

TICKET = Ticket("2f0c8a34-0000-4000-8000-000000000002", "Ә-018", "social",
                dt.date(2026, 12, 1), 18, "KX7MQ4RT9C", OPEN_MORNING, 2, Language.KK)


@pytest.fixture
def ctx(catalogue: Catalogue, translator: Translator) -> ReceiptContext:
    """Kazakh only: these tests are about the line, not the words."""
    return ReceiptContext(catalogue, translator, Language.KK, "http://127.0.0.1:8470",
                          "karasu-01")


@contextmanager
def _printer(tmp_path: Path, profile: PrinterProfile,
             model: HardwareModel | None = None) -> Iterator[tuple[PrinterEmulator, Printer]]:
    with PrinterEmulator(profile, tmp_path / "out", model=model) as emulator, \
            SerialLine(emulator.port, profile, write_timeout=2.0) as line:
        yield emulator, Printer(line, profile, status_timeout=0.3)


def _ticket(profile: PrinterProfile, ctx: ReceiptContext) -> bytes:
    return render_document(queue_ticket(TICKET, ctx), profile)


def _whole_tickets(emulator: PrinterEmulator, ctx: ReceiptContext) -> int:
    """Receipts that carry the whole ticket: its number and the caption under the QR."""
    qr = queue_ticket(TICKET, ctx).blocks[-1]
    assert isinstance(qr, Qr)
    last_word = qr.caption.split()[-1]
    return sum(1 for saved in emulator.receipts
               if "Ә-018" in saved.text and last_word in saved.text)


def test_a_printer_silent_on_gs_r_is_confirmed_by_its_status_not_counted_failed(
        tmp_path: Path, ctx: ReceiptContext) -> None:
    profile = load_profile("generic-58")  # promises an answer to GS r 1
    silent = dataclasses.replace(HardwareModel.matching(profile), job_reply=False)
    with _printer(tmp_path, profile, silent) as (emulator, printer):
        result = printer.print_job(_ticket(profile, ctx))
        emulator.wait_for_receipts(1)
    assert result.printed, result  # was: printed=False, NOT_RESPONDING → a duplicate reprint
    assert result.confirmed_by == "status"
    assert result.state is PrinterState.READY


def test_the_safe_default_prints_and_confirms_on_the_weakest_printer(
        tmp_path: Path, ctx: ReceiptContext) -> None:
    profile = load_profile("safe-default")
    with _printer(tmp_path, profile, WEAKEST) as (emulator, printer):
        result = printer.print_job(_ticket(profile, ctx))
        [saved] = emulator.wait_for_receipts(1)
    assert result.printed and result.confirmed_by == "status"
    assert "Ә-018" in saved.text and ctx.akimat_name.split()[0] in saved.text
    assert "\ufffd" not in saved.text


def test_a_job_held_by_a_fault_is_cleared_so_the_reprint_is_the_only_copy(
        tmp_path: Path, ctx: ReceiptContext) -> None:
    profile = load_profile("epson-tm-t20iii")  # DLE DC4 8
    with _printer(tmp_path, profile) as (emulator, printer):
        data = _ticket(profile, ctx)
        emulator.set_fault_after(Fault.PAPER_OUT, 64)
        failed = printer.print_job(data)
        assert not failed.printed and failed.state is PrinterState.PAPER_OUT
        assert not failed.held, "the held job must have been cleared from the printer"
        assert emulator.cleared > 0
        emulator.clear_fault()  # new paper: on the old code the held job printed now
        emulator.wait_for_receipts(1, timeout=1.5)
        assert _whole_tickets(emulator, ctx) == 0
        again = printer.print_job(data)
        assert again.printed
        emulator.wait_for_receipts(len(emulator.receipts) + 1)
    assert _whole_tickets(emulator, ctx) == 1


def test_a_printer_that_cannot_clear_says_the_job_may_still_print(
        tmp_path: Path, ctx: ReceiptContext) -> None:
    profile = load_profile("safe-default")
    with _printer(tmp_path, profile, WEAKEST) as (emulator, printer):
        emulator.set_fault_after(Fault.COVER_OPEN, 64)
        result = printer.print_job(_ticket(profile, ctx))
    assert not result.printed and result.state is PrinterState.COVER_OPEN
    assert result.held


def test_clear_first_drops_what_an_earlier_job_left(tmp_path: Path,
                                                    ctx: ReceiptContext) -> None:
    profile = load_profile("epson-tm-t20iii")
    with _printer(tmp_path, profile) as (emulator, printer):
        emulator.set_fault(Fault.OFFLINE)
        printer.line.write(_ticket(profile, ctx))  # a job whose line dropped mid-way
        emulator.clear_fault()
        assert printer.clear_buffers() or emulator.receipts  # printed already, or cleared
        emulator.set_fault(Fault.OFFLINE)
        printer.line.write(_ticket(profile, ctx))
        result = printer.print_job(_ticket(profile, ctx), clear_first=True)
    assert not result.printed  # still offline: refused, and nothing was left queued
    assert emulator.cleared > 0
