"""A damaged database at start: kept aside with its -wal/-shm, a fresh one used, a "service
needed" state in the state folder, the heartbeat and doctor (with the recovery steps)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.storage import insert_with_outbox, open_database, write_transaction
from kiosk.storage.integrity import check_at_start, quick_check, read_service_needed

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def damaged_database(path: Path, rows: int = 3000) -> str:
    """A kiosk database with ``rows`` audit records, then one page in the middle overwritten
    with garbage; returns the file's sha256."""
    db = open_database(path)
    with write_transaction(db):
        for i in range(rows):
            insert_with_outbox(db, "audit_events", {
                "uuid": f"00000000-0000-4000-8000-{i:012x}", "actor": "kiosk",
                "action": "test", "details": f'{{"n": {i}}}', "at": NOW.isoformat()},
                "audit", NOW)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.conn.execute("PRAGMA page_size").fetchone()[0]
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    with path.open("r+b") as fh:
        fh.seek(page_size * (pages // 2))
        fh.write(b"\xde\xad" * (page_size // 2))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_quick_check_finds_one_bad_page_and_the_file_is_kept_aside(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.sqlite3"
    digest = damaged_database(database)
    Path(f"{database}-wal").write_bytes(b"")  # as a stopped kiosk leaves them
    Path(f"{database}-shm").write_bytes(b"")
    assert quick_check(database) != ["ok"]
    notice = check_at_start(database, tmp_path, NOW)
    assert notice is not None and notice.problems
    kept = tmp_path / "kiosk.sqlite3.damaged-20260302T093000Z"
    assert notice.damaged_file == str(kept)
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == digest, "kept byte for byte"
    assert Path(f"{kept}-wal").exists() and Path(f"{kept}-shm").exists()
    assert not database.exists() and not Path(f"{database}-wal").exists()
    assert read_service_needed(tmp_path) == notice


def test_a_sound_database_is_left_alone(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.sqlite3"
    open_database(database).close()
    assert check_at_start(database, tmp_path, NOW) is None
    assert database.exists() and read_service_needed(tmp_path) is None


def test_kiosk_run_starts_on_a_fresh_database_and_says_service_is_needed(
        tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    digest = damaged_database(state / "kiosk.sqlite3")
    result = subprocess.run([sys.executable, "-m", "kiosk", "run", "--exit-after", "3"],
                            capture_output=True,
                            text=True, timeout=120, check=False, cwd=ROOT,
                            env={**os.environ, "KIOSK_STATE_DIR": str(state), "KIOSK_CONFIG": "",
                                 "QT_QPA_PLATFORM": "offscreen",
                                 "KIOSK_SERVER_URL": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    [kept] = state.glob("kiosk.sqlite3.damaged-*[0-9]Z")
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == digest
    assert "SERVICE NEEDED" in result.stderr
    with sqlite3.connect(state / "kiosk.sqlite3") as fresh:
        assert fresh.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert fresh.execute("SELECT count(*) FROM audit_events WHERE action = 'test'"
                             ).fetchone() == (0,)
    notice = read_service_needed(state)
    assert notice is not None and notice.damaged_file == str(kept)


def test_kiosk_run_starts_even_when_the_schema_page_is_damaged(tmp_path: Path) -> None:
    """Damage in the schema itself: the start used to open the file (migrations, counts)
    before the check, and ended in a traceback."""
    state = tmp_path / "state"
    state.mkdir()
    damaged_database(state / "kiosk.sqlite3", rows=50)
    with (state / "kiosk.sqlite3").open("r+b") as fh:
        fh.seek(100)  # page 1 after the file header: the schema's table
        fh.write(b"\xde\xad" * 1000)
    result = subprocess.run([sys.executable, "-m", "kiosk", "run", "--exit-after", "3"],
                            capture_output=True, text=True, timeout=120, check=False,
                            cwd=ROOT,
                            env={**os.environ, "KIOSK_STATE_DIR": str(state), "KIOSK_CONFIG": "",
                                 "QT_QPA_PLATFORM": "offscreen",
                                 "KIOSK_SERVER_URL": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "SERVICE NEEDED" in result.stderr
    assert list(state.glob("kiosk.sqlite3.damaged-*[0-9]Z"))


def test_doctor_explains_the_recovery_in_three_languages(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    damaged_database(state / "kiosk.sqlite3")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\nstate_dir = "{state}"\n', encoding="utf-8")

    def doctor() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config),
                               "--lang", "en", "doctor"],  # the table in English
                              capture_output=True, text=True, timeout=120, cwd=ROOT,
                              check=False, env={**os.environ, "KIOSK_CONFIG": ""})

    before = doctor()  # not restarted yet: the damage is named, nothing is written into it
    assert before.returncode == 1 and "Traceback" not in before.stderr
    assert "FAIL  database" in before.stdout and "restart the kiosk" in before.stdout
    check_at_start(state / "kiosk.sqlite3", state, NOW)
    after = doctor()
    assert after.returncode == 1 and "FAIL  database" in after.stdout
    out = after.stdout
    assert out.count('".recover" | sqlite3') == 3, out  # kk, ru, en
    assert "[database, kk]" in out and "[database, ru]" in out and "[database, en]" in out
    assert "No tool yet puts recovered records back" in out
    assert str(state / "service-needed.json") in out


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command is not installed")
def test_the_recovery_steps_doctor_prints_save_the_unsent_records(tmp_path: Path) -> None:
    from kiosk.cli.doctor import recovery_guide

    database = tmp_path / "kiosk.sqlite3"
    damaged_database(database)
    notice = check_at_start(database, tmp_path, NOW)
    assert notice is not None
    steps = [step.english() for step in recovery_guide(Path(notice.damaged_file),
                                                       tmp_path / "service-needed.json")]
    recovered = Path(f"{notice.damaged_file}.recovered")
    recover = steps[1].split(": ", 1)[1]
    fallback = steps[2].split("run: ", 1)[1]
    subprocess.run(recover, shell=True, check=False, capture_output=True, timeout=120)
    with sqlite3.connect(recovered) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    if "outbox" not in tables:  # Debian 12's sqlite3 3.40: .recover fails on every file
        recovered.unlink()
        subprocess.run(fallback, shell=True, check=True, capture_output=True, timeout=120)
    count = steps[3].split(": ", 1)[1]
    counted = subprocess.run(count, shell=True, check=True, capture_output=True, text=True,
                             timeout=120).stdout
    assert counted.startswith("pending|") and int(counted.split("|")[1]) > 2500, counted
