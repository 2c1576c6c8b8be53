"""What every benchmark returns, and how the runner prints and saves it."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One measured figure; ``ratio`` = value / baseline_value (lower is better)."""

    name: str
    value: float
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None
    ratio: float | None = None

    @classmethod
    def compared(cls, name: str, value: float, unit: str, baseline: str,
                 baseline_value: float) -> Result:
        """A figure with its baseline measured in the same run."""
        return cls(name, value, unit, baseline, baseline_value, value / baseline_value)


def time_interleaved(ours: Callable[[], object], baseline: Callable[[], object],
                     runs: int) -> tuple[list[float], list[float]]:
    """Time ``ours`` and ``baseline`` alternately (so machine noise hits both), in seconds."""
    ours_times: list[float] = []
    base_times: list[float] = []
    for index in range(runs):
        pair = ((ours, ours_times), (baseline, base_times))
        for fn, sink in pair if index % 2 == 0 else reversed(pair):
            start = time.perf_counter()
            fn()
            sink.append(time.perf_counter() - start)
    return ours_times, base_times


def median_ms(samples: Sequence[float]) -> float:
    """Median of samples in seconds, as milliseconds."""
    return statistics.median(samples) * 1000


def percentile_ms(samples: Sequence[float], fraction: float) -> float:
    """A percentile of samples in seconds, as milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def print_table(results: Sequence[Result]) -> None:
    """Print the results as a plain table."""
    header = ("benchmark", "value", "unit", "baseline", "baseline value", "ratio")
    rows = [(r.name, f"{r.value:.3f}", r.unit, r.baseline or "-",
             "-" if r.baseline_value is None else f"{r.baseline_value:.3f}",
             "-" if r.ratio is None else f"{r.ratio:.2f}") for r in results]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def write_json(results: Sequence[Result], path: Path) -> None:
    """Write the results as a JSON list of objects."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
