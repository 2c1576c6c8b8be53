"""Chaos: the sync process is SIGKILLed at random moments while the app keeps writing."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.storage import integrity_check, open_database, outbox_counts
from kiosk.storage.outbox import OutboxState
from sync.sender import Backoff, OutboxSender
from tests.sync.conftest import Regional, client, kiosk_config

ROOT = Path(__file__).resolve().parents[2]
KILLS = 100


class FastForward:
    """A clock an hour further on each call (so backoff never holds the drain up)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(hours=1)
        return self.now


@pytest.mark.slow
def test_sigkilled_sync_loses_and_duplicates_nothing(tmp_path: Path, regional: Regional) -> None:
    token = regional.add_kiosk("karasu-01")
    config = kiosk_config(tmp_path, regional.url, token)
    open_database(config.paths.database).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": ""}
    writer = subprocess.Popen([sys.executable, "-m", "tests.helpers.record_writer",
                               str(config.paths.database), "1000000"], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE)
    rng = random.Random(20261129)
    kills = 0
    try:
        while kills < KILLS:
            sync = subprocess.Popen([sys.executable, "-m", "kiosk", "--config",
                                     str(tmp_path / "karasu-01.toml"), "sync", "--interval",
                                     "0.01"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.25, 0.9))
            sync.send_signal(signal.SIGKILL)
            _, err = sync.communicate(timeout=30)
            assert b"Traceback" not in err, err.decode()
            kills += 1
    finally:
        writer.send_signal(signal.SIGKILL)
        _, writer_err = writer.communicate(timeout=30)
    assert b"Traceback" not in writer_err, writer_err.decode()

    db = open_database(config.paths.database)
    assert integrity_check(db) == ["ok"]
    written = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    sent_before_drain = outbox_counts(db)[OutboxState.SENT]
    assert written > 200 and sent_before_drain > 0
    orphans = db.execute(
        "SELECT (SELECT count(*) FROM ratings) + (SELECT count(*) FROM audit_events) "
        "- (SELECT count(*) FROM outbox)").fetchone()[0]
    assert orphans == 0, "a record without its outbox row (or the reverse)"
    for _ in range(100):
        if not outbox_counts(db)[OutboxState.PENDING]:
            break
        OutboxSender(db, client(regional.url, token), "karasu-01", clock=FastForward(),
                     backoff=Backoff(1, 1)).send_due()
    assert outbox_counts(db) == {OutboxState.PENDING: 0, OutboxState.SENT: written,
                                 OutboxState.REJECTED: 0}
    kiosk_uuids = {row[0] for row in db.execute("SELECT record_uuid FROM outbox")}
    assert regional.count("karasu-01") == (written, written), "server count = kiosk count"
    assert regional.uuids("karasu-01") == kiosk_uuids
