"""The queue benchmarks run on a small day (so they cannot rot), and the line's query plans."""

from __future__ import annotations

from pathlib import Path

from benchmarks import people_ahead
from benchmarks.queue_setup import desk_catalogue, fill_day
from kiosk.storage import open_database


def test_people_ahead_runs_and_compares_with_its_baseline(tmp_path: Path) -> None:
    results = people_ahead.run(20, tmp_path)
    assert [r.name for r in results] == ["people_ahead", "people_ahead_p99"]
    assert all(r.value > 0 and r.baseline_value and r.ratio for r in results)


def test_the_line_is_read_through_its_index_not_a_scan(tmp_path: Path) -> None:
    catalogue = desk_catalogue(tmp_path)
    db = open_database(tmp_path / "k.sqlite3")
    fill_day(db, catalogue, 40, served=5, others=10)
    plans = {
        "count": "SELECT count(*) FROM tickets WHERE day = '2026-12-01' AND line = 'social' "
                 "AND status = 'waiting' AND priority = 1",
        "first": "SELECT id FROM tickets WHERE day = '2026-12-01' AND line = 'social' "
                 "AND status = 'waiting' AND priority = 0 ORDER BY issued_at, id LIMIT 1",
        "streak": "SELECT priority FROM queue_events WHERE day = '2026-12-01' AND "
                  "department = 'social' AND action = 'call' ORDER BY id DESC LIMIT 3",
        "open days": "SELECT DISTINCT day FROM tickets INDEXED BY tickets_open_days "
                     "WHERE status IN ('waiting', 'called')",
    }
    expected = {"count": "SEARCH tickets USING INDEX tickets_queue",
                "first": "SEARCH tickets USING INDEX tickets_queue",
                "streak": "SEARCH queue_events USING INDEX queue_events_day",
                # a scan of the partial index: only tickets still open, never the history
                "open days": "SCAN tickets USING INDEX tickets_open_days"}
    for name, sql in plans.items():
        plan = " ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert plan.startswith(expected[name]), (name, plan)


def test_queue_call_runs_with_the_real_display_and_home_strip(tmp_path: Path) -> None:
    from benchmarks import queue_call

    results = queue_call.run(5, tmp_path)
    assert [r.name for r in results] == ["queue_call", "queue_call_p99"]
    assert all(r.value > 0 and r.baseline_value and r.ratio for r in results)
