"""PrintService: whatever goes wrong in printing, the record says so and the cause is logged;
a port that cannot be opened is a result with plain words, never an exception."""

from __future__ import annotations

import logging
import os
import tty
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.config import PrinterSection
from kiosk.i18n import Language, Translator
from kiosk.tickets import issue_ticket
from printers.connect import open_printer
from printers.emulator.device import PrinterEmulator
from printers.emulator.faults import Fault
from printers.emulator.model import WEAKEST
from printers.printer import Printer
from printers.profiles import load_profile
from printers.receipts import ReceiptContext, queue_ticket
from printers.status import PrinterState
from printers.transport import PrinterConnectionError, SerialLine
from tests.conftest import OPEN_MORNING
from ui.printing import HELD_NOTE, PrintRequest, PrintService

Opener = Callable[[], AbstractContextManager[Printer]]
MISSING_PORT = "/dev/no-such-printer"


@pytest.fixture
def request_for(db: Database, catalogue: Catalogue,
                translator: Translator) -> Callable[[], PrintRequest]:
    """A committed queue ticket and its receipt, as the queue screen makes them."""
    ctx = ReceiptContext(catalogue, translator, Language.KK, "http://127.0.0.1:8470", "karasu-01")

    def make() -> PrintRequest:
        ticket = issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
        return PrintRequest("ticket", ticket.uuid, queue_ticket(ticket, ctx))
    return make


def _row(db: Database, uuid: str) -> tuple[str | None, str | None]:
    printed_at, error = db.execute("SELECT printed_at, print_error FROM tickets WHERE uuid = ?",
                                   [uuid]).fetchone()
    return printed_at, error


def _missing_port(tmp_path: Path) -> Opener:
    settings = PrinterSection(url=MISSING_PORT, profile="generic-58")
    return lambda: open_printer(settings, tmp_path)


def _unknown_profile(tmp_path: Path) -> Opener:
    settings = PrinterSection(url=MISSING_PORT, profile="no-such-profile")
    return lambda: open_printer(settings, tmp_path)


def _far_end_gone(tmp_path: Path) -> Opener:
    """A pty whose other end closed after the port was opened (the cable pulled)."""
    profile = load_profile("generic-58")

    @contextmanager
    def opener() -> Iterator[Printer]:
        master, slave = os.openpty()
        tty.setraw(slave)
        with SerialLine(os.ttyname(slave), profile) as line:
            os.close(master)
            os.close(slave)
            yield Printer(line, profile, status_timeout=0.05)
    return opener


def _render_fails(exc: Exception) -> Callable[[pytest.MonkeyPatch], None]:
    def arm(monkeypatch: pytest.MonkeyPatch) -> None:
        def render(*_: object) -> bytes:
            raise exc
        monkeypatch.setattr("printers.render.render_document", render)
    return arm


def test_a_port_that_cannot_be_opened_is_a_result_not_an_exception(
        tmp_path: Path, db: Database, request_for: Callable[[], PrintRequest]) -> None:
    service = PrintService(_missing_port(tmp_path), lambda: db)
    request = request_for()
    result = service.print_now(request)
    assert not result.printed and result.state is PrinterState.NOT_RESPONDING
    printed_at, error = _row(db, request.uuid)
    assert printed_at is None
    assert error and error.startswith("not_responding") and MISSING_PORT in error
    assert service.last_state is not None


def test_the_problem_is_the_connection_errors_own_words(
        tmp_path: Path, db: Database, request_for: Callable[[], PrintRequest]) -> None:
    from printers.transport import describe_failure, open_line
    from ui.printing import plain_problem

    with pytest.raises(PrinterConnectionError) as caught:
        open_line(MISSING_PORT, load_profile("generic-58"))
    service = PrintService(_missing_port(tmp_path), lambda: db)
    result = service.print_now(request_for())
    assert plain_problem(result) == describe_failure(caught.value)
    assert service.print_document(request_for().document).error
    assert service.status() is PrinterState.NOT_RESPONDING
    assert service.last_problem == describe_failure(caught.value)


@pytest.mark.parametrize(("opener", "arm", "cause"), [
    (_unknown_profile, None, "no-such-profile"),
    (_missing_port, None, MISSING_PORT),
    (_far_end_gone, None, "Input/output error"),
    (_far_end_gone, _render_fails(UnicodeEncodeError("kz1048", "Ә", 0, 1, "no such letter")),
     "no such letter"),
    (_far_end_gone, _render_fails(KeyError("a bug in a receipt")), "a bug in a receipt"),
], ids=["profile", "port", "cable-pulled", "encoding", "bug"])
def test_print_now_always_marks_the_record_and_logs_why(
        tmp_path: Path, db: Database, request_for: Callable[[], PrintRequest],
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
        opener: Callable[[Path], Opener], arm: Callable[[pytest.MonkeyPatch], None] | None,
        cause: str) -> None:
    if arm is not None:
        arm(monkeypatch)
    service = PrintService(opener(tmp_path), lambda: db)
    request = request_for()
    with caplog.at_level(logging.WARNING):
        result = service.print_now(request)
    assert not result.printed
    printed_at, error = _row(db, request.uuid)
    assert printed_at is None and error, "the record is flagged for staff to reprint"
    assert cause in error
    assert any(cause in record.getMessage() or cause in (record.exc_text or "")
               for record in caplog.records), "the cause is in the log"


@contextmanager
def _on_emulator(emulator: PrinterEmulator) -> Iterator[Printer]:
    with SerialLine(emulator.port, emulator.profile, write_timeout=2.0) as line:
        yield Printer(line, emulator.profile, status_timeout=0.3)


def test_a_job_the_printer_still_holds_is_flagged_for_staff(
        tmp_path: Path, db: Database, request_for: Callable[[], PrintRequest]) -> None:
    profile = load_profile("safe-default")  # cannot clear its buffer
    with PrinterEmulator(profile, tmp_path / "out", model=WEAKEST) as emulator:
        service = PrintService(lambda: _on_emulator(emulator), lambda: db)
        emulator.set_fault_after(Fault.PAPER_OUT, 64)
        request = request_for()
        result = service.print_now(request)
    assert not result.printed and result.held
    printed_at, error = _row(db, request.uuid)
    assert printed_at is None and error is not None and HELD_NOTE in error


def test_after_a_held_job_the_next_job_clears_the_printer_first(
        tmp_path: Path, db: Database, request_for: Callable[[], PrintRequest]) -> None:
    profile = load_profile("epson-tm-t20iii")  # DLE DC4 8
    with PrinterEmulator(profile, tmp_path / "out") as emulator:
        service = PrintService(lambda: _on_emulator(emulator), lambda: db)
        emulator.set_fault(Fault.OFFLINE)
        with _on_emulator(emulator) as printer:  # a job whose cable was pulled mid-way
            printer.line.write(b"\x1b@LEFT OVER\n")
        service._held = True  # what print_document records for such a job
        refused = service.print_now(request_for())  # still offline: refused, but cleared
        assert not refused.printed and emulator.cleared > 0
        emulator.clear_fault()
        printed = service.print_now(request_for())
        emulator.wait_for_receipts(1)
    assert printed.printed
    assert not any("LEFT OVER" in saved.text for saved in emulator.receipts)
