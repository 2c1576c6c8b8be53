"""Run benchmarks: ``python -m benchmarks [NAME ...] [--json PATH] [--runs N]``.

Prints a table of figures with ratios against baselines measured in the same run and
writes the same figures as JSON (a list of objects with name, value, unit, and where a
baseline applies baseline, baseline_value, ratio).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import receipt_bytes, ticket_issue, ui_soak, ui_startup, ui_switch
from benchmarks.harness import Result, print_table, write_json

BENCHMARKS: dict[str, tuple[Callable[[int, Path], list[Result]], int]] = {
    ticket_issue.NAME: (ticket_issue.run, 400),
    receipt_bytes.NAME: (receipt_bytes.run, 1),
    ui_startup.NAME: (ui_startup.run, 31),  # 31 alternating starts: the machine is noisy
    ui_switch.NAME: (ui_switch.run, 30),
    ui_soak.NAME: (ui_soak.run, 1),
}
ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the chosen benchmarks, print and save the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "latest.json",
                        help="where to write the JSON results")
    parser.add_argument("--runs", type=int, help="repetitions (default: each benchmark's own)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "results",
                        help="folder for scratch databases (must be on a real disk, not tmpfs)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    for name in args.names or list(BENCHMARKS):
        run, default_runs = BENCHMARKS[name]
        results.extend(run(args.runs or default_runs, args.workdir))
    print_table(results)
    write_json(results, args.json)
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
