"""The emulated printer on a real pseudo-terminal: receive stage, print engine, status replies.

Open :attr:`PrinterEmulator.port` with pyserial like a real ``/dev/ttyUSB0``. Real-time
status requests are answered at once; print data waits while a fault stops printing, as
on a real printer. Every finished receipt is saved as ``NNNN.png`` and ``NNNN.txt`` in the
output folder. Faults come from :meth:`set_fault` or from the file ``faults`` in the
output folder (one fault name per line: paper_near_end, paper_out, cover_open, offline,
error, silent), so a technician can set them from a shell.

The hardware is a :class:`~printers.emulator.model.HardwareModel` — by default one that
keeps every promise of the profile; give ``model=WEAKEST`` to be a cheap printer. With
``baudrate`` the line is paced as a real serial line (8N1: baud/10 bytes a second), so
print times are real.
"""

from __future__ import annotations

import collections
import logging
import os
import select
import threading
import time
import tty
from dataclasses import dataclass
from pathlib import Path

from printers.commands import CLEAR_BUFFERS_REPLY
from printers.emulator.engine import Engine
from printers.emulator.faults import STOPPING, Fault, job_reply, status_byte
from printers.emulator.model import HardwareModel
from printers.emulator.paper import Receipt, render_png
from printers.emulator.tokens import Token, Tokenizer
from printers.profiles import PrinterProfile

logger = logging.getLogger(__name__)

_POLL = 0.02
#: A printer without a job marker or cutter ends a receipt when no data came for this long.
IDLE_END = 0.5
#: Seconds of a quiet line before finished receipts are drawn as PNG.
SAVE_QUIET = 0.05


@dataclass(frozen=True)
class SavedReceipt:
    """A finished receipt and where it was saved."""

    number: int
    receipt: Receipt
    png: Path
    text_path: Path

    @property
    def text(self) -> str:
        """The receipt as text."""
        return self.receipt.text()


class PrinterEmulator:
    """A printer of ``profile`` behind a pty; start it, print to :attr:`port`, read receipts."""

    def __init__(self, profile: PrinterProfile, out_dir: Path, *, line_delay: float = 0.0,
                 model: HardwareModel | None = None, baudrate: int = 0) -> None:
        self.profile = profile
        self.model = model or HardwareModel.matching(profile)
        self.out_dir = out_dir
        self.line_delay = line_delay
        self.baudrate = baudrate
        self.engine = Engine(profile, self.model)
        self.receipts: list[SavedReceipt] = []
        self.received = 0
        self.peak_queue = 0
        #: Bytes of held print data dropped by DLE DC4 8.
        self.cleared = 0
        self._fault_trigger: tuple[Fault, int] | None = None
        self._last_received = 0.0
        self._tokenizer = Tokenizer()
        self._queue: collections.deque[Token] = collections.deque()
        self._queued_bytes = 0
        self._faults: set[Fault] = set()
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._master = -1
        self._slave = -1
        self._first_number = 1
        self.port = ""

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> str:
        """Open the pty and start the receive and print threads; returns the port path."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # Keep earlier receipts: number on from the highest one already in the folder.
        numbers = [int(p.stem) for p in self.out_dir.glob("[0-9][0-9][0-9][0-9].png")]
        self._first_number = max(numbers, default=0) + 1
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        for target, name in ((self._receive_loop, "receive"), (self._print_loop, "print")):
            thread = threading.Thread(target=target, name=f"emulator-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        logger.info("emulated %s on %s, receipts in %s", self.profile.id, self.port, self.out_dir)
        return self.port

    def stop(self) -> None:
        """Stop the threads and close the pty; what is on the paper is torn off and saved."""
        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        for thread in self._threads:
            thread.join(timeout=2)
        self._close()
        if self._tearable():
            self.engine.end_job()
        self._save_finished()

    def disconnect(self) -> None:
        """Close the pty at once, as if the cable were pulled (the host sees an I/O error)."""
        self._close()

    def _close(self) -> None:
        for fd in (self._master, self._slave):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError as exc:
                    logger.debug("closing pty fd %d: %s", fd, exc)
        self._master = self._slave = -1

    def __enter__(self) -> PrinterEmulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults ------------------------------------------------------------------------
    @property
    def faults(self) -> frozenset[Fault]:
        """The faults in effect (set by call or by the ``faults`` file)."""
        with self._lock:
            return frozenset(self._faults | self._file_faults())

    def set_fault(self, fault: Fault) -> None:
        """Turn a fault on."""
        with self._lock:
            self._faults.add(fault)
            self._lock.notify_all()

    def set_fault_after(self, fault: Fault, received: int) -> None:
        """Turn ``fault`` on once ``received`` bytes have arrived (paper ending mid-job)."""
        with self._lock:
            self._fault_trigger = (fault, received)

    def clear_fault(self, fault: Fault | None = None) -> None:
        """Turn one fault (or all) off; held print data then prints."""
        with self._lock:
            if fault is None:
                self._faults.clear()
            else:
                self._faults.discard(fault)
            self._lock.notify_all()

    def _file_faults(self) -> set[Fault]:
        path = self.out_dir / "faults"
        try:
            names = path.read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return set()
        except OSError as exc:
            logger.warning("cannot read %s: %s", path, exc)
            return set()
        result = set()
        for name in names:
            try:
                result.add(Fault(name))
            except ValueError:
                logger.warning("%s: unknown fault %r", path, name)
        return result

    # -- receipts ----------------------------------------------------------------------
    def wait_for_receipts(self, count: int, timeout: float = 5.0) -> list[SavedReceipt]:
        """Block until ``count`` receipts are saved (or the timeout passes); returns them all."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.receipts) < count and time.monotonic() < deadline:
                self._lock.wait(_POLL)
            return list(self.receipts)

    # -- receive stage -----------------------------------------------------------------
    def _receive_loop(self) -> None:
        # Like a serial printer, the receive stage keeps reading even while printing is
        # stopped, so real-time status requests are answered whatever the buffer holds.
        # Data beyond the profile's buffer is kept, not lost, and counted in peak_queue.
        # With a baud rate, each chunk is taken only when it would have arrived on the line.
        chunk = max(1, self.baudrate // 10 // 100) if self.baudrate else 1024
        line_free = time.monotonic()
        while not self._stop.is_set() and self._master >= 0:
            try:
                waiting, _, _ = select.select([self._master], [], [], 0)
                if not waiting:  # nothing queued on the line: it is idle until data comes
                    ready, _, _ = select.select([self._master], [], [], _POLL)
                    if not ready:
                        continue
                data = os.read(self._master, chunk)
            except (OSError, ValueError) as exc:
                logger.debug("pty closed: %s", exc)
                return
            if self.baudrate:
                # Data already queued arrives right after the previous chunk; data we had
                # to wait for starts arriving now.
                if not waiting:
                    line_free = max(line_free, time.monotonic())
                line_free += len(data) * 10 / self.baudrate
                delay = line_free - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            self.received += len(data)
            self._last_received = time.monotonic()
            self._check_trigger()
            for token in self._tokenizer.feed(data):
                if token.realtime:
                    self._answer_realtime(token)
                else:
                    with self._lock:
                        self._queue.append(token)
                        self._queued_bytes += len(token.data) + len(token.params) + 1
                        self.peak_queue = max(self.peak_queue, self._queued_bytes)
                        self._lock.notify_all()

    def _check_trigger(self) -> None:
        with self._lock:
            if self._fault_trigger and self.received >= self._fault_trigger[1]:
                self._faults.add(self._fault_trigger[0])
                self._fault_trigger = None
                self._lock.notify_all()

    def _answer_realtime(self, token: Token) -> None:
        faults = self.faults
        if Fault.SILENT in faults:
            return
        if token.name == "DLE EOT":
            self._reply(status_byte(token.params[0], faults))
        elif token.name == "DLE DC4" and token.params[:1] == b"\x08" and self.model.buffer_clear:
            self._clear_buffers()

    def _clear_buffers(self) -> None:
        with self._lock:
            dropped = sum(len(t.data) + len(t.params) + 1 for t in self._queue)
            self._queue.clear()
            self._queued_bytes = 0
            self.engine.clear_buffers()
            self.cleared += dropped
        self._save_finished()
        logger.info("buffers cleared: %d bytes of held print data dropped", dropped)
        self._write(CLEAR_BUFFERS_REPLY)

    def inject(self, data: bytes) -> None:
        """Send raw bytes to the host (line noise, stale replies) — for tests and diagnosis."""
        try:
            os.write(self._master, data)
        except OSError as exc:
            logger.debug("injection lost, pty closed: %s", exc)

    def _reply(self, value: int) -> None:
        self._write(bytes([value]))

    def _write(self, data: bytes) -> None:
        try:
            os.write(self._master, data)
        except OSError as exc:
            logger.debug("reply lost, pty closed: %s", exc)

    # -- print engine ------------------------------------------------------------------
    def _print_loop(self) -> None:
        last_data = time.monotonic()
        while not self._stop.is_set():
            tear = False
            with self._lock:
                faults = frozenset(self._faults | self._file_faults())
                if not self._queue or faults & STOPPING or Fault.SILENT in faults:
                    silent_for = time.monotonic() - max(last_data, self._last_received)
                    tear = (not self._queue and not faults & STOPPING and self._tearable()
                            and silent_for > IDLE_END and not self._tokenizer.pending)
                    # Drawing a PNG is our bookkeeping, not the printer's: only when the line
                    # is quiet, so it never delays an answer a real printer gives at once.
                    save = bool(self.engine.finished) and silent_for > SAVE_QUIET
                    if not tear and not save:
                        self._lock.wait(_POLL)
                        continue
                    token = None
                else:
                    token = self._queue.popleft()
                    self._queued_bytes -= len(token.data) + len(token.params) + 1
            if token is None:
                if tear:
                    self.engine.end_job()
                self._save_finished()
                continue
            last_data = time.monotonic()
            self._execute(token, faults)

    def _tearable(self) -> bool:
        """A receipt is waiting on paper that no marker or cut will end (idle printer)."""
        return bool(self.engine.line) or not self.engine.receipt.empty

    def _execute(self, token: Token, faults: frozenset[Fault]) -> None:
        if token.name == "GS r" and self.model.job_reply:
            self.engine.end_job()
            self._reply(job_reply(faults))  # printed (the PNG is drawn when the line is quiet)
            return
        if token.name == "GS r":
            return  # this hardware does not know the job marker: no answer
        if token.name == "GS I":
            self._identify(token.params[0])
            return
        self.engine.execute(token)
        if token.name == "LF" and self.line_delay:
            time.sleep(self.line_delay)

    def _identify(self, n: int) -> None:
        answer = self.model.identity.get(n)
        if answer is None:
            return
        self._write(b"_" + answer.encode("ascii", "replace") + b"\x00")

    def _save_finished(self) -> None:
        while self.engine.finished:
            receipt = self.engine.finished.pop(0)
            number = self._first_number + len(self.receipts)
            png = render_png(receipt, self.profile.paper_width_dots,
                             self.out_dir / f"{number:04d}.png")
            text_path = self.out_dir / f"{number:04d}.txt"
            text_path.write_text(receipt.text(), encoding="utf-8")
            with self._lock:
                self.receipts.append(SavedReceipt(number, receipt, png, text_path))
                self._lock.notify_all()
            logger.info("receipt %d printed: %s", number, png)
