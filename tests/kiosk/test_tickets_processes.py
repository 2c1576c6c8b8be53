"""Tickets from several processes at once, and from processes killed at random moments."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from kiosk.storage import integrity_check, open_database

ROOT = Path(__file__).resolve().parents[2]


def _raise_limits(catalogue_copy: Path) -> None:
    path = catalogue_copy / "departments.toml"
    path.write_text(re.sub(r"daily_ticket_limit = \d+", "daily_ticket_limit = 999",
                           path.read_text(encoding="utf-8")), encoding="utf-8")


def _writer(db_path: Path, catalogue: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.ticket_writer", str(db_path), str(catalogue),
         *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _check_database(db_path: Path) -> dict[tuple[str, str], list[int]]:
    db = open_database(db_path)
    assert integrity_check(db) == ["ok"]
    orphans = db.execute("SELECT count(*) FROM tickets t LEFT JOIN outbox o "
                         "ON o.record_uuid = t.uuid WHERE o.id IS NULL").fetchone()[0]
    assert orphans == 0, "a ticket without its outbox row"
    strays = db.execute("SELECT count(*) FROM outbox o LEFT JOIN tickets t "
                        "ON t.uuid = o.record_uuid WHERE t.id IS NULL").fetchone()[0]
    assert strays == 0, "an outbox row without its ticket"
    seqs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for day, dept, seq in db.execute("SELECT day, department, seq FROM tickets ORDER BY seq"):
        seqs[(day, dept)].append(seq)
    for key, numbers in seqs.items():
        assert numbers == list(range(1, len(numbers) + 1)), f"gap or repeat in {key}"
    counters = dict(db.execute("SELECT scope, value FROM counters").fetchall())
    for (day, dept), numbers in seqs.items():
        assert counters[f"ticket:{day}:{dept}"] == len(numbers)
    db.close()
    return seqs


@pytest.mark.slow
def test_two_processes_issuing_at_the_same_moment(tmp_path: Path, catalogue_copy: Path) -> None:
    _raise_limits(catalogue_copy)
    db_path = tmp_path / "k.sqlite3"
    open_database(db_path).close()
    writers = [_writer(db_path, catalogue_copy, "300", "social", "0") for _ in range(3)]
    outputs = [w.communicate(timeout=300) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    printed = [line.split()[2] for out, _ in outputs for line in out.splitlines()[1:]]
    assert len(printed) == 900
    assert len(set(printed)) == 900, "the same number was handed to two people"
    assert _check_database(db_path)[("2026-12-01", "social")] == list(range(1, 901))


def _collect(proc: subprocess.Popen[str], sink: list[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        sink.append(line)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_and_repeats_nothing(tmp_path: Path,
                                                             catalogue_copy: Path) -> None:
    """200+ SIGKILLs of writers (two at a time) mid-stream; every printed ticket survives."""
    _raise_limits(catalogue_copy)
    db_path = tmp_path / "k.sqlite3"
    rng = random.Random(20261129)
    promised: set[str] = set()
    kills = 0
    rounds = 0
    while kills < 200:
        rounds += 1
        writers = [_writer(db_path, catalogue_copy, "-", "-", str(rounds)) for _ in range(2)]
        lines: list[list[str]] = [[], []]

        readers = [threading.Thread(target=_collect, args=(w, ls))
                   for w, ls in zip(writers, lines, strict=True)]
        for reader in readers:
            reader.start()
        if rounds % 4 == 0:
            time.sleep(rng.uniform(0.0, 0.4))  # sometimes during start-up and migrations
        else:
            deadline = time.monotonic() + 30
            while not all(ls for ls in lines) and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.05))
        for writer in writers:
            writer.send_signal(signal.SIGKILL)
            kills += 1
        for writer, reader in zip(writers, readers, strict=True):
            writer.wait(timeout=30)
            reader.join(timeout=30)
            assert writer.stderr is not None
            err = writer.stderr.read()
            writer.stderr.close()
            assert "Traceback" not in err, err
        for ls in lines:
            promised.update(line.split()[3] for line in ls if line.count(" ") == 3)
    seqs = _check_database(db_path)
    db = open_database(db_path)
    stored = {row[0] for row in db.execute("SELECT uuid FROM tickets")}
    db.close()
    assert promised <= stored, "a ticket confirmed to a citizen was lost"
    assert sum(len(v) for v in seqs.values()) >= len(promised) > 100
