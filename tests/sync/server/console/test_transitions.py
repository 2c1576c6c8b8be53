"""Every status transition of an appeal through the console, read from the registry
(kiosk.kinds): each allowed one is saved (303) with its history row; each refused one
answers 400 with the reason on the page and leaves the record as it was."""

from __future__ import annotations

import html
import itertools
import re
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import httpx

from kiosk.catalogue.model import Catalogue
from kiosk.i18n import Translator
from kiosk.kinds import allowed_next, kind, status_word, transition_problem
from sync.server.console.web import COOKIE
from tests.sync.server.console.conftest import Staff, World, another_worker

APPEAL = kind("appeal")
PAIRS = list(itertools.product(APPEAL.codes, repeat=2))
_OPTIONS = re.compile(r'<select id="status" name="status"[^>]*>(.*?)</select>', re.S)


def path_to(status: str) -> list[str]:
    """The shortest chain of allowed steps from the initial status to ``status``."""
    assert APPEAL.initial is not None
    start = APPEAL.initial.code
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for following in APPEAL.transitions[current]:
            if following not in came_from:
                came_from[following] = current
                queue.append(following)
    assert status in came_from, f"{status} cannot be reached from {start}"
    steps: list[str] = []
    at: str | None = status
    while at is not None and at != start:
        steps.append(at)
        at = came_from[at]
    return steps[::-1]


def history_count(world: World, record_id: int) -> int:
    """How many status changes the record has."""
    return int(world.store.db.query("SELECT count(*) FROM status_history WHERE record_id = ?",
                                    (record_id,))[0][0])


def offered(page: str) -> list[str]:
    """The statuses the appeal page's form offers."""
    found = _OPTIONS.search(page)
    return re.findall(r'<option value="([^"]+)"', found.group(1)) if found else []


def test_every_pair_of_statuses(world: World) -> None:
    staff = world.sign_in("clerk.a")
    token = staff.csrf()
    ids = world.send_appeals("karasu-01", len(PAIRS))
    seen_allowed = seen_refused = 0
    for (old, new), record_id in zip(PAIRS, ids, strict=True):
        for step in path_to(old):
            answer = staff.post(f"/staff/appeals/{record_id}/status",
                                {"status": step, "reply": f"{step} reply", "confirm": "yes"},
                                token=token)
            assert answer.status_code == 303, (old, step, answer.text[:300])
        assert world.record(record_id)[0] == old
        page = staff.get(f"/staff/appeals/{record_id}?lang=en").text
        assert offered(page) == list(allowed_next("appeal", old)), old
        if not APPEAL.transitions[old]:
            assert "This appeal is closed" in page
        before, steps = world.record(record_id), history_count(world, record_id)
        allowed = new == old or new in APPEAL.transitions[old]
        assert (transition_problem("appeal", old, new) is None) == allowed
        answer = staff.post(f"/staff/appeals/{record_id}/status?lang=en",
                            {"status": new, "reply": f"{old} to {new}", "reason": "check",
                             "confirm": "yes"},
                            token=token)
        if allowed:
            seen_allowed += 1
            assert answer.status_code == 303, (old, new, answer.text[:300])
            assert answer.headers["location"] == f"/staff/appeals/{record_id}?saved=1"
            assert world.record(record_id)[:2] == (new, f"{old} to {new}")
            assert history_count(world, record_id) == steps + 1
        else:
            seen_refused += 1
            assert answer.status_code == 400, (old, new)
            assert transition_problem("appeal", old, new)
            # the reason in the page's words: the statuses as the clerk reads them
            said = f"Not saved: An appeal that is “{_word(old)}” cannot become “{_word(new)}”."
            assert html.escape(said) in answer.text, (old, new)
            assert world.record(record_id) == before, (old, new)
            assert history_count(world, record_id) == steps
    # Both sides were exercised: the registry has final statuses and open ones.
    assert seen_allowed >= len(APPEAL.codes) + 1 and seen_refused >= len(APPEAL.codes)


def test_a_status_that_is_not_an_appeals_is_refused(world: World) -> None:
    staff = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    before = world.record(record_id)
    for status in ("", "done", "booked", "REGISTERED", "answered\u200b", "x" * 100):
        answer = staff.post(f"/staff/appeals/{record_id}/status?lang=en",
                            {"status": status, "reply": "x", "confirm": "yes"})
        assert answer.status_code == 400, status
        assert "Not saved:" in answer.text
        assert world.record(record_id) == before
    assert history_count(world, record_id) == 0


def test_a_reply_longer_than_the_limit_is_refused(world: World) -> None:
    from sync.server.records import REPLY_MAX

    staff = world.sign_in("clerk.a")
    record_id = world.ids["a_new"]
    before = world.record(record_id)
    answer = staff.post(f"/staff/appeals/{record_id}/status?lang=en",
                        {"status": "answered", "reply": "ж" * (REPLY_MAX + 1),
                         "confirm": "yes"})
    assert answer.status_code == 400 and "Not saved:" in answer.text
    assert world.record(record_id) == before
    exact = staff.post(f"/staff/appeals/{record_id}/status",
                       {"status": "answered", "reply": "ж" * REPLY_MAX,
                        "confirm": "yes"})
    assert exact.status_code == 303


def test_the_registry_paths_are_what_the_test_walks() -> None:
    """The helper itself: the chain to each status starts with an allowed step."""
    assert path_to("registered") == []
    for status in APPEAL.codes:
        previous = "registered"
        for step in path_to(status):
            assert step in APPEAL.transitions[previous]
            previous = step




def test_two_clerks_closing_one_appeal_at_once_cannot_both_win(
        world: World, translator: Translator, catalogue: Catalogue) -> None:
    """Two final statuses posted at the same moment through two server workers: one is
    saved, the other refused, and the history has exactly the one step."""
    ids = world.send_appeals("karasu-01", 12)
    first = world.sign_in("clerk.a")
    with another_worker(world.db_url, translator, world.clock, catalogue) as base, \
            httpx.Client(base_url=base, timeout=30) as http:
        http.cookies.set(COOKIE, world.sign_in("office.a").cookie)
        second = Staff(http, "office.a", "")
        tokens = (first.csrf(), second.csrf())
        for record_id in ids:
            barrier = threading.Barrier(2)

            def close(who: int, record_id: int = record_id,
                      barrier: threading.Barrier = barrier) -> int:
                staff, status = ((first, "answered"), (second, "rejected"))[who]
                barrier.wait()
                return staff.post(f"/staff/appeals/{record_id}/status",
                                  {"status": status, "reply": status, "confirm": "yes"},
                                  token=tokens[who]).status_code

            with ThreadPoolExecutor(max_workers=2) as pool:
                answers = list(pool.map(close, (0, 1)))
            assert sorted(answers) == [303, 400], (record_id, answers)
            winner = ("answered", "rejected")[answers.index(303)]
            assert world.record(record_id)[:2] == (winner, winner)
            steps = world.store.db.query("SELECT old_status, new_status FROM status_history "
                                         "WHERE record_id = ?", (record_id,))
            assert [tuple(step) for step in steps] == [("registered", winner)]


def _word(status: str) -> str:
    word = status_word("appeal", status)
    assert word is not None
    return word.english()
