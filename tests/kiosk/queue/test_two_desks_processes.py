"""Two desks in two processes press Call next as fast as they can: no ticket is called twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kiosk.catalogue import Catalogue
from kiosk.catalogue.loader import load_catalogue
from kiosk.i18n import Language
from kiosk.queue.desks import add_desk
from kiosk.storage import integrity_check, open_database
from kiosk.tickets import issue_ticket
from tests.conftest import OPEN_MORNING

ROOT = Path(__file__).resolve().parents[3]
TICKETS = 120


ROUNDS = 4


def test_two_desk_processes_never_call_the_same_ticket(tmp_path: Path,
                                                       catalogue_copy: Path) -> None:
    both_called = [_round(tmp_path / f"round{n}", catalogue_copy) for n in range(ROUNDS)]
    # the rounds really raced: in at least one, both desks got tickets
    assert any(both_called)


def _round(tmp_path: Path, catalogue_copy: Path) -> bool:
    tmp_path.mkdir()
    path = catalogue_copy / "departments.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("daily_ticket_limit = 60",
                                                             "daily_ticket_limit = 999"),
                    encoding="utf-8")
    catalogue: Catalogue = load_catalogue(catalogue_copy)
    db_path = tmp_path / "k.sqlite3"
    db = open_database(db_path)
    for login in ("social-1", "social-2"):
        add_desk(db, catalogue, login, department="social", room="103", specialist="S",
                 now=OPEN_MORNING, password="desk-password-1")
    issued = {issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK,
                           priority=i % 4 == 0).uuid for i in range(TICKETS)}
    start = tmp_path / "go"
    desks = [subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.desk_caller", str(db_path), str(catalogue_copy),
         login, str(start)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        for login in ("social-1", "social-2")]
    deadline = time.monotonic() + 120
    while not all(Path(f"{start}.{login}.ready").exists() for login in ("social-1", "social-2")):
        assert time.monotonic() < deadline, "the desk processes did not start"
        time.sleep(0.01)
    start.touch()
    outputs = [desk.communicate(timeout=300) for desk in desks]
    for desk, (_out, err) in zip(desks, outputs, strict=True):
        assert desk.returncode == 0, err
    called = [line for out, _ in outputs for line in out.split()]
    assert len(called) == len(set(called)) == TICKETS
    assert set(called) == issued
    assert integrity_check(db) == ["ok"]
    calls = db.execute("SELECT ticket_uuid, count(*) FROM queue_events WHERE action = 'call' "
                       "GROUP BY ticket_uuid HAVING count(*) > 1").fetchall()
    assert calls == []
    assert db.execute("SELECT count(*) FROM tickets WHERE status = 'served'").fetchone()[0] \
        == TICKETS
    db.close()
    return all(out.split() for out, _ in outputs)
