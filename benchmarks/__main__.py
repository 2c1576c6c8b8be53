"""Run benchmarks: ``python -m benchmarks [NAME ...] [--json PATH] [--runs N]``.

A per-printer benchmark runs for its default profiles under its own name
(``receipt_bytes``), or for one profile as ``NAME_<profile>`` (``print_time_generic-58``).

Prints a table of figures with ratios against baselines measured in the same run and
writes the same figures as JSON (a list of objects with name, value, unit, and where a
baseline applies baseline, baseline_value, ratio).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from benchmarks import (
    kiosk_years,
    people_ahead,
    print_time,
    queue_call,
    receipt_bytes,
    speech_start,
    staff_inbox,
    ticket_issue,
    ui_soak,
    ui_startup,
    ui_switch,
)
from benchmarks.harness import Result, print_table, write_json
from printers.profiles import available_profiles

Run = Callable[[int, Path], list[Result]]
BENCHMARKS: dict[str, tuple[Run, int]] = {
    ticket_issue.NAME: (ticket_issue.run, 400),
    receipt_bytes.NAME: (receipt_bytes.run, 1),
    print_time.NAME: (print_time.run, 5),
    ui_startup.NAME: (ui_startup.run, 31),  # 31 alternating starts: the machine is noisy
    ui_switch.NAME: (ui_switch.run, 30),
    speech_start.NAME: (speech_start.run, 20),
    ui_soak.NAME: (ui_soak.run, 1),
    staff_inbox.NAME: (staff_inbox.run, 1000),
    people_ahead.NAME: (people_ahead.run, 2000),
    queue_call.NAME: (queue_call.run, 500),
    kiosk_years.NAME: (kiosk_years.run, 30),
}
#: Benchmarks measured per printer profile: name → run for given profile ids.
PER_PROFILE: dict[str, Callable[[Sequence[str], int, Path], list[Result]]] = {
    receipt_bytes.NAME: receipt_bytes.run_profiles,
    print_time.NAME: print_time.run_profiles,
}
ROOT = Path(__file__).resolve().parent


def resolve(name: str) -> tuple[Run, int] | None:
    """The run and default repetitions for ``name`` (``NAME`` or ``NAME_<profile>``)."""
    if name in BENCHMARKS:
        return BENCHMARKS[name]
    for base, run_profiles in PER_PROFILE.items():
        profile = name.removeprefix(f"{base}_")
        if profile != name and profile in available_profiles():
            return partial(run_profiles, [profile]), BENCHMARKS[base][1]
    return None


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the chosen benchmarks, print and save the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}; "
                             f"per profile: {', '.join(f'{n}_<profile>' for n in PER_PROFILE)}")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "latest.json",
                        help="where to write the JSON results")
    parser.add_argument("--runs", type=int, help="repetitions (default: each benchmark's own)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "results",
                        help="folder for scratch databases (must be on a real disk, not tmpfs)")
    args = parser.parse_args(argv)
    chosen = [(name, resolve(name)) for name in args.names or list(BENCHMARKS)]
    unknown = [name for name, found in chosen if found is None]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    for _, found in chosen:
        if found is not None:
            run, default_runs = found
            results.extend(run(args.runs or default_runs, args.workdir))
    print_table(results)
    write_json(results, args.json)
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
