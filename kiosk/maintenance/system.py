"""The kiosk's vital signs for the technician: version, uptime, disk, database, log tail."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import logging
import shutil
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from kiosk import __version__
from kiosk.config import Config

logger = logging.getLogger(__name__)

DISTRIBUTION = "akimat-kiosk"
_BLOCK = 8192
_UNITS = ("B", "KB", "MB", "GB", "TB")


@dataclass(frozen=True)
class SystemInfo:
    """What the system screen shows."""

    version: str
    started_at: dt.datetime
    uptime: dt.timedelta
    free_disk_bytes: int
    total_disk_bytes: int
    database_bytes: int  # the database file and its write-ahead log


def app_version() -> str:
    """The installed distribution's version (the source tree's when it is not installed)."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return __version__


def system_info(config: Config, started_at: dt.datetime, now: dt.datetime) -> SystemInfo:
    """Version, uptime since ``started_at``, disk space of the state dir and database size."""
    usage = shutil.disk_usage(_existing(config.paths.state_dir))
    database = config.paths.database
    size = sum(_size(database.with_name(database.name + suffix)) for suffix in ("", "-wal"))
    return SystemInfo(app_version(), started_at, max(now - started_at, dt.timedelta(0)),
                      usage.free, usage.total, size)


def recent_log_lines(log_file: Path, count: int = 40) -> list[str]:
    """The last ``count`` lines of the log, oldest first ([] when there is no log).

    Right after a rotation the current file is short: the rest comes from ``<log>.1``.
    """
    if count <= 0:
        return []
    lines = _tail(log_file, count)
    if len(lines) < count:
        older = _tail(log_file.with_name(log_file.name + ".1"), count - len(lines))
        lines = older + lines
    return lines


def human_bytes(n: int) -> str:
    """``1.5 GB``: a size in bytes with a binary unit (1 KB = 1024 B), as technicians read it."""
    size, index = float(n), 0
    while abs(size) >= 1024 and index < len(_UNITS) - 1:
        size /= 1024
        index += 1
    return f"{n} B" if index == 0 else f"{size:.1f} {_UNITS[index]}"


def _tail(path: Path, count: int) -> list[str]:
    """The last ``count`` lines of ``path``, reading blocks from the end (not the whole file)."""
    try:
        with path.open("rb") as fh:
            end = fh.seek(0, 2)
            position, data = end, b""
            while position > 0 and data.count(b"\n") <= count:
                step = min(_BLOCK, position)
                position -= step
                fh.seek(position)
                data = fh.read(step) + data
    except FileNotFoundError:
        return []
    except OSError as exc:
        logger.warning("cannot read the log %s: %s", path, exc)
        return []
    text = data.decode("utf-8", errors="replace")
    return list(deque(text.splitlines(), maxlen=count))


def _existing(path: Path) -> Path:
    """``path`` or its nearest existing parent (the state dir may not exist yet)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path("/")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
