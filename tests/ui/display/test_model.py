"""Reading the board JSON, and telling which calls are new (to flash and to announce)."""

from __future__ import annotations

from typing import Any

from kiosk.queue.sound import CallSound
from ui.display.model import CallTracker, read_board


def _board(*calls: tuple[int, str, bool], day: str = "2026-12-01") -> dict[str, Any]:
    return {"version": f"{max((c[0] for c in calls), default=0)}.9", "day": day,
            "calls": [{"id": i, "number": n, "room": "103", "department": "social",
                       "names": {"kk": "Әлеуметтік мәселелер", "ru": "Социальные вопросы"},
                       "at": "2026-12-01T05:00:00+00:00", "recall": r, "priority": False}
                      for i, n, r in calls],
            "waiting": [{"department": "social", "names": {"kk": "Әлеуметтік"}, "prefix": "Ә",
                         "waiting": 3}]}


def test_a_board_is_read_forgivingly() -> None:
    raw = _board((7, "Ә-002", True), (5, "Ә-001", False))
    raw["calls"].append({"number": "no id"})
    raw["waiting"].append({"waiting": 2})
    raw["sound"] = {"speech": False, "volume": 7, "languages": ["ru", "xx"]}
    view = read_board(raw)
    assert [c.number for c in view.calls] == ["Ә-002", "Ә-001"]
    assert view.latest is not None and view.latest.recall
    assert view.waiting[0].names.ru == "Әлеуметтік"  # a missing language takes another's
    assert len(view.waiting) == 1
    assert view.sound == CallSound(speech=False, volume=1.0, languages=("ru",))
    assert read_board({"version": "1.1", "calls": [], "waiting": []}).sound == CallSound()


def test_earlier_calls_list_each_ticket_once() -> None:
    view = read_board(_board((9, "Ә-002", False), (8, "Ә-001", True), (7, "Ж-001", False),
                             (6, "Ә-001", False)))
    assert [c.number for c in view.earlier(5)] == ["Ә-001", "Ж-001"]
    assert [c.number for c in view.earlier(1)] == ["Ә-001"]


def test_the_tracker_announces_only_what_is_new() -> None:
    tracker = CallTracker(backlog=3)
    assert tracker.new_calls(read_board(_board((5, "Ә-001", False)))) == []  # start-up
    assert tracker.new_calls(read_board(_board((5, "Ә-001", False)))) == []
    fresh = tracker.new_calls(read_board(_board((6, "Ә-001", True), (5, "Ә-001", False))))
    assert [(c.number, c.recall) for c in fresh] == [("Ә-001", True)]  # a recall is new
    # after an outage: the calls made meanwhile, oldest first, the newest three at most
    board = _board(*[(i, f"Ә-{i:03d}", False) for i in range(14, 6, -1)])
    assert [c.id for c in tracker.new_calls(read_board(board))] == [12, 13, 14]
    # the next day's first call is new too (ids only grow)
    assert tracker.new_calls(read_board(_board(day="2026-12-02"))) == []
    assert [c.id for c in tracker.new_calls(read_board(_board((15, "Ә-001", False),
                                                              day="2026-12-02")))] == [15]


def test_a_replaced_database_sets_a_new_baseline() -> None:
    tracker = CallTracker()
    tracker.new_calls(read_board(_board((40, "Ә-010", False))))
    assert tracker.new_calls(read_board(_board((3, "Ә-003", False)))) == []
    assert [c.id for c in tracker.new_calls(read_board(_board((4, "Ә-004", False),
                                                              (3, "Ә-003", False))))] == [4]
