"""print_time_<profile>: printing the standard Kazakh queue ticket end to end on a paced line.

The printer is :class:`printers.emulator.device.PrinterEmulator` for the profile (hardware
that keeps the profile's promises) in a process of its own (a printer is a device of its
own: it does not share the driver's interpreter lock) on a real pseudo-terminal, paced like
a serial line at the profile's baud rate (8N1: baud/10 bytes a second). Our side is the kiosk's
own path:
:class:`printers.transport.SerialLine` + :meth:`printers.printer.Printer.print_job` with
the bytes our driver renders (the ``receipt_bytes`` job). The figure is the median time from
``print_job`` start to its :class:`~printers.printer.JobResult`, over ``runs`` jobs on one
line, each started once the emulator has saved the previous receipt. It includes the status
polls, the ``GS r 1`` round trip (answered once the job is printed, before the PNG) or,
for ``job_confirmation = "status"`` profiles, the ``settle_seconds`` wait.

Baseline, measured in the same run: the *wire time* of the bytes that went on the line for
one job (job + status polls + end-of-job marker, as counted by the emulator's receive side),
``bytes x 10 / baud``: the least any driver needs to hand the printer those bytes. The
benchmark stops with an error when a job is not confirmed as printed, or when the bytes the
emulator received differ from ``receipt_bytes``'s count.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.emulator_process import EmulatorProcess
from benchmarks.harness import Result
from benchmarks.receipt_bytes import PROFILES, protocol_bytes, ticket_bytes
from printers.printer import Printer
from printers.profiles import PrinterProfile, load_profile
from printers.transport import SerialLine

NAME = "print_time"
BASELINE = "wire time of the bytes on the line (bytes x 10 / baud)"
#: Seconds to wait for the emulator to take the last bytes before counting them.
SETTLE_COUNT = 2.0
#: Seconds to wait for the emulator to save a receipt (a cutter-less one: after 0.5 s idle).
RECEIPT_TIMEOUT = 5.0


def _received(emulator: EmulatorProcess, expected: int) -> int:
    """The emulator's byte count once it reaches ``expected`` (or stops moving)."""
    deadline = time.monotonic() + SETTLE_COUNT
    while emulator.received < expected and time.monotonic() < deadline:
        time.sleep(0.01)
    return emulator.received


def measure(profile: PrinterProfile, runs: int, out_dir: Path) -> tuple[list[float], int]:
    """Seconds of each of ``runs`` print jobs and the bytes one job put on the line."""
    job = ticket_bytes(profile)
    expected = len(job) + protocol_bytes(profile)
    seconds: list[float] = []
    wire_bytes: set[int] = set()
    with EmulatorProcess(profile.id, out_dir, baudrate=profile.baudrate) as emulator, \
            SerialLine(emulator.port, profile, baudrate=profile.baudrate) as line:
        printer = Printer(line, profile)
        for index in range(runs):
            before = emulator.received
            started = time.perf_counter()
            result = printer.print_job(job)
            seconds.append(time.perf_counter() - started)
            if not result.printed:
                raise RuntimeError(f"{profile.id}: the job was not confirmed: {result}")
            wire_bytes.add(_received(emulator, before + expected) - before)
            # Let the emulator finish the receipt (its PNG) before the next job starts.
            if emulator.wait_for_receipts(index + 1, RECEIPT_TIMEOUT) <= index:
                raise RuntimeError(f"{profile.id}: job {index + 1} left no receipt")
    if wire_bytes != {expected}:
        raise RuntimeError(f"{profile.id}: the emulator received {sorted(wire_bytes)} bytes a "
                           f"job, receipt_bytes counts {expected}")
    return seconds, expected


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure the default profiles."""
    return run_profiles(PROFILES, runs, workdir)


def run_profiles(profiles: Sequence[str], runs: int, workdir: Path) -> list[Result]:
    """Measure ``profiles`` (ids of shipped profiles), ``runs`` jobs each."""
    results: list[Result] = []
    for profile_id in profiles:
        profile = load_profile(profile_id)
        with tempfile.TemporaryDirectory(dir=workdir, prefix=f"print-time-{profile_id}-") as tmp:
            seconds, wire_bytes = measure(profile, runs, Path(tmp))
        wire = wire_bytes * 10 / profile.baudrate
        results += [
            Result.compared(f"{NAME}_{profile_id}", statistics.median(seconds),
                            f"s (median of {runs}, {profile.baudrate} baud)", BASELINE, wire),
            Result.compared(f"{NAME}_{profile_id}_max", max(seconds), f"s (max of {runs})",
                            BASELINE, wire),
        ]
    return results
