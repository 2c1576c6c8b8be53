"""Files that may show a citizen's data leave the disk after their time, like the database's rows.

The database's personal fields are erased by :func:`sync.retention.erase_personal_data`;
this module does the same for files. Each :class:`FileRule` names one folder, the file
names it covers and how long they may stay:

- ``receipts/emulator`` — what the printer emulator printed (``NNNN.png`` / ``NNNN.txt``:
  full name, masked IIN, tracking code): one day;
- ``cache/previews`` — receipt pictures drawn for the maintenance preview: one day;
- ``receipts`` — receipt copies (png, txt, pdf): ``limits.retention_days``, like the rows;
- the rotated log files beside the kiosk's log (``kiosk.log.1`` …): ``retention_days``
  (log lines carry no personal data, this bounds what an older version may have written).

A file's age is its modification time against the kiosk's clock. Each pass deletes at
most ``batch`` files (the next cycle goes on), never follows a symbolic link (a link, or a
folder that resolves outside where it should be, is left alone) and never descends into
sub-folders. What it removed is logged as counts per folder, never as file names.
Qt-free: called from the sync worker's cycle (step ``files``).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import logging
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.clock import system_clock
from kiosk.config import Config

logger = logging.getLogger(__name__)

#: Emulator output and maintenance previews live this long (they are only ever looked at
#: on the day they were made).
SHORT_LIVED = dt.timedelta(days=1)
#: Files deleted per pass at most (per call, all folders together).
DEFAULT_BATCH = 500


@dataclass(frozen=True)
class FileRule:
    """Files named like one of ``patterns`` directly in ``folder`` live ``max_age``."""

    name: str
    folder: Path
    patterns: tuple[str, ...]
    max_age: dt.timedelta
    #: The folder must resolve inside this one (a symlinked folder pointing elsewhere is
    #: not purged); None for a folder the configuration names itself.
    inside: Path | None = None

    def covers(self, file_name: str) -> bool:
        """True when ``file_name`` is one of the rule's files."""
        return any(fnmatch.fnmatchcase(file_name, pattern) for pattern in self.patterns)


@dataclass
class PurgeReport:
    """What one pass removed: file counts per rule name, and files it could not remove."""

    removed: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    #: True when the batch limit stopped the pass before every due file was removed.
    more: bool = False

    @property
    def total(self) -> int:
        """Files removed in all folders."""
        return sum(self.removed.values())


def file_rules(config: Config) -> list[FileRule]:
    """The folders of ``config`` that can hold a citizen's data, each with its rule."""
    state = config.paths.state_dir
    receipts = config.paths.receipts
    kept = dt.timedelta(days=config.limits.retention_days)
    receipts_root = state if receipts == state / "receipts" else None
    log = config.log_file
    return [
        FileRule("emulator", receipts / "emulator", ("[0-9]*.png", "[0-9]*.txt"),
                 SHORT_LIVED, inside=receipts),
        FileRule("previews", state / "cache" / "previews", ("*.png",), SHORT_LIVED,
                 inside=state),
        FileRule("receipts", receipts, ("*.png", "*.txt", "*.pdf"), kept, inside=receipts_root),
        FileRule("logs", log.parent, (f"{log.name}.[0-9]*",), kept),
    ]


def purge_files(config: Config, now: dt.datetime, *, batch: int = DEFAULT_BATCH) -> PurgeReport:
    """Delete the files of :func:`file_rules` older than their rule allows at ``now``.

    At most ``batch`` files per call; a file that cannot be deleted is logged (as a count)
    and left for the next pass. Never raises for a missing or unreadable folder.
    """
    return purge(file_rules(config), now, batch=batch)


def purge(rules: list[FileRule], now: dt.datetime, *, batch: int = DEFAULT_BATCH) -> PurgeReport:
    """Apply ``rules`` at ``now`` (see :func:`purge_files`)."""
    report = PurgeReport()
    left = batch
    for rule in rules:
        if left <= 0:
            report.more = True
            break
        removed, failed, more = _purge_folder(rule, now.timestamp(), left)
        left -= removed
        report.failed += failed
        report.more = report.more or more
        if removed:
            report.removed[rule.name] = removed
    if report.total or report.failed:
        logger.info("file retention: removed %s; %d could not be removed%s",
                    ", ".join(f"{n} {name}" for name, n in report.removed.items()) or "nothing",
                    report.failed, "; more next time" if report.more else "")
    return report


def _purge_folder(rule: FileRule, now: float, limit: int) -> tuple[int, int, bool]:
    """(removed, failed, more left) for one rule's folder."""
    if not _safe_folder(rule):
        return 0, 0, False
    cutoff = now - rule.max_age.total_seconds()
    removed = failed = 0
    try:
        entries = os.scandir(rule.folder)
    except FileNotFoundError:
        return 0, 0, False
    except OSError as exc:
        logger.warning("file retention: cannot list the %s folder (%s)", rule.name,
                       exc.strerror or type(exc).__name__)
        return 0, 0, False
    with entries:
        for entry in entries:
            if not rule.covers(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone meanwhile
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > cutoff:
                continue  # a link, a folder or a fifo is never touched; a young file stays
            if removed >= limit:
                return removed, failed, True
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError:
                failed += 1
                continue
            removed += 1
    return removed, failed, False


def _safe_folder(rule: FileRule) -> bool:
    """False (and a warning) when the folder is a link, or resolves outside ``rule.inside``."""
    try:
        if rule.folder.is_symlink():
            logger.warning("file retention: the %s folder is a symbolic link; left alone",
                           rule.name)
            return False
        if rule.inside is not None:
            rule.folder.resolve().relative_to(rule.inside.resolve())
    except ValueError:
        logger.warning("file retention: the %s folder lies outside its parent; left alone",
                       rule.name)
        return False
    except OSError:
        return False
    return True


__all__ = ["DEFAULT_BATCH", "SHORT_LIVED", "FileRule", "PurgeReport", "file_rules", "purge",
           "purge_files"]


#: How often old files are purged when no sync worker runs (it purges in its cycle).
PURGE_INTERVAL = 3600.0


def start_purge_thread(config: Config, interval: float = PURGE_INTERVAL,
                       clock: Callable[[], dt.datetime] = system_clock) -> Callable[[], None]:
    """Purge now and every ``interval`` seconds in a daemon thread, for a kiosk without a
    regional server (personal data must leave the disk either way); returns its stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                purge_files(config, clock())
            except OSError:
                logger.exception("purging old files failed; trying again in %.0f s", interval)
            stop.wait(interval)

    threading.Thread(target=loop, name="file-purge", daemon=True).start()
    return stop.set
