"""people_ahead: where a ticket stands in a day of 1,000 tickets vs one bare indexed count.

Ours: ``kiosk.queue.position.position_of`` — finds the ticket, counts the waiting tickets
before it in its group, the other group, the priority streak, today's service time and
working desks (the figure printed on a ticket and shown on its status page). Baseline: one
``SELECT count(*)`` of the department's waiting tickets over the same index. A day with
1,000 tickets: 700 in the measured department (a quarter of them priority, 300 already
called and served) and 300 in another.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import Result, median_ms, percentile_ms, time_interleaved
from benchmarks.queue_setup import desk_catalogue, fill_day
from kiosk.queue.position import position_of
from kiosk.storage import open_database

NAME = "people_ahead"
BASELINE = "one indexed count(*) of the waiting line"
TICKETS = 700
OTHERS = 300


def run(runs: int, workdir: Path) -> list[Result]:
    """Time ``position_of`` for random waiting tickets against the bare count."""
    folder = Path(tempfile.mkdtemp(prefix="people-ahead-", dir=workdir))
    try:
        catalogue = desk_catalogue(folder)
        db = open_database(folder / "kiosk.sqlite3")
        morning = fill_day(db, catalogue, TICKETS, served=300, others=OTHERS)
        waiting = [str(r[0]) for r in db.execute(
            "SELECT uuid FROM tickets WHERE status = 'waiting'").fetchall()]
        rng = random.Random(7)
        day = morning.date().isoformat()

        def ours() -> None:
            position_of(db, catalogue, rng.choice(waiting))

        def baseline() -> None:
            db.execute("SELECT count(*) FROM tickets WHERE day = ? AND line = 'social' "
                       "AND status = 'waiting'", [day]).fetchone()

        for _ in range(20):
            ours()
            baseline()
        ours_t, base_t = time_interleaved(ours, baseline, runs)
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Result.compared(NAME, median_ms(ours_t), "ms (median)", BASELINE, median_ms(base_t)),
        Result.compared(f"{NAME}_p99", percentile_ms(ours_t, 0.99), "ms (p99)", BASELINE,
                        percentile_ms(base_t, 0.99)),
    ]



