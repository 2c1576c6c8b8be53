"""A damaged database found at start: keep it aside, start fresh, and say a technician is needed.

``kiosk run`` calls :func:`check_at_start` before it opens the database. ``PRAGMA
quick_check`` (the page and b-tree structure without comparing index contents — a few
hundred milliseconds for 100 MB) decides. On damage the file and its ``-wal``/``-shm`` are
renamed to ``kiosk.sqlite3.damaged-<UTC time>`` (nothing is deleted: ``sqlite3 … ".recover"``
saves what it can, see ``kiosk doctor`` and docs/DOCTOR.md), the kiosk creates a fresh
database, and ``service-needed.json`` in the state folder says so until a technician removes
it: the maintenance System page and every heartbeat show it.

Errors that are not damage (the file is locked, the disk cannot be read) are left to the
normal open, which reports them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SERVICE_FILE = "service-needed.json"
#: The most problems quick_check lists (it stops there).
MAX_PROBLEMS = 20
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


@dataclass(frozen=True)
class ServiceNeeded:
    """Why the kiosk needs a technician: the damaged file kept aside and what the check said."""

    at: dt.datetime
    damaged_file: str
    problems: tuple[str, ...]

    def summary(self) -> str:
        """One line in English (the log, the heartbeat)."""
        first = self.problems[0] if self.problems else "damaged"
        return (f"database damaged ({first[:200]}); kept as {self.damaged_file}, the kiosk "
                "runs on a fresh database: recover it (kiosk doctor)")


class NotChecked(Exception):
    """The check could not run for a reason that is not damage (locked, unreadable disk)."""


def quick_check(path: Path, *, busy_timeout_ms: int = 30_000) -> list[str]:
    """``PRAGMA quick_check`` of the database at ``path``: ``["ok"]`` when sound, else the
    problems (a file too damaged to be read gives SQLite's error as its one problem).

    :raises NotChecked: when the file cannot be checked for another reason (locked, I/O).
    """
    conn: sqlite3.Connection | None = None
    try:
        # Read-only: the check never checkpoints a WAL into (or deletes it beside) a file
        # that may be kept aside as it is.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=busy_timeout_ms / 1000)
        rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
        return [str(row[0]) for row in rows]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in _DAMAGE_CODES:
            return [str(exc)]
        raise NotChecked(str(exc)) from exc
    finally:
        if conn is not None:
            conn.close()


def check_at_start(database: Path, state_dir: Path, now: dt.datetime) -> ServiceNeeded | None:
    """Check ``database`` before the kiosk uses it; on damage keep it aside (see the module).

    Returns what was found and done, or None when the file is sound, absent or could not be
    checked (the reason is logged; the normal open reports it).
    """
    if not database.exists():
        return None
    try:
        problems = quick_check(database)
    except NotChecked as exc:
        logger.warning("could not check %s at start: %s", database, exc)
        return None
    if problems == ["ok"]:
        return None
    kept = quarantine(database, now)
    notice = ServiceNeeded(now, str(kept), tuple(problems[:MAX_PROBLEMS]))
    try:
        write_service_needed(state_dir, notice)
    except OSError as exc:  # the file is kept aside anyway; the log still says so
        logger.error("cannot write %s: %s", service_path(state_dir), exc)
    logger.error("%s; problems: %s", notice.summary(), "; ".join(problems[:5]))
    return notice


def quarantine(database: Path, now: dt.datetime) -> Path:
    """Rename ``database`` and its ``-wal``/``-shm`` to ``<name>.damaged-<UTC time>``; returns
    the new name of the main file."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = database.with_name(f"{database.name}.damaged-{stamp}")
    number = 1
    while kept.exists():  # two damaged starts in one second keep both
        number += 1
        kept = database.with_name(f"{database.name}.damaged-{stamp}-{number}")
    for suffix in ("-wal", "-shm", ""):  # the main file last: a half-done move is retried
        source = Path(f"{database}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{kept}{suffix}"))
    return kept


def service_path(state_dir: Path) -> Path:
    """Where the "service needed" state is kept."""
    return state_dir / SERVICE_FILE


def write_service_needed(state_dir: Path, notice: ServiceNeeded) -> None:
    """Keep ``notice`` in the state folder (replaced atomically)."""
    data = {"at": notice.at.astimezone(dt.UTC).isoformat(), "damaged_file": notice.damaged_file,
            "problems": list(notice.problems)}
    state_dir.mkdir(parents=True, exist_ok=True)
    path = service_path(state_dir)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temp, path)


def read_service_needed(state_dir: Path) -> ServiceNeeded | None:
    """The "service needed" state, or None when the kiosk needs no technician.

    A file that cannot be parsed still means a technician is needed (it says so).
    """
    path = service_path(state_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServiceNeeded(dt.datetime.fromisoformat(str(data["at"])),
                             str(data["damaged_file"]),
                             tuple(str(p) for p in data.get("problems") or ()))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        logger.warning("unreadable %s: %s", path, exc)
        return ServiceNeeded(dt.datetime.now(dt.UTC), f"(see {path})", (str(exc),))
