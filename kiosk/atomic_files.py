"""Write files and swap folders so a power cut leaves the old version or the new one, never half.

A file is written to a temporary sibling, flushed to disk and renamed over the target. A
folder (a catalogue, announcements) is staged next to its target, then swapped in by two
renames; a small marker file in it says which version it is and where it came from.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

#: The marker written into every installed folder (loaders ignore files they do not know).
INSTALL_MARKER = ".installed.json"
#: The kiosk's files hold citizens' data: the owner alone reads them.
PRIVATE_FILE, PRIVATE_DIR, PRIVATE_UMASK = 0o600, 0o700, 0o077


def make_private(state_dir: Path, *files: Path) -> None:
    """From now on create files 0600 and folders 0700 (umask 077, as ``UMask=0077`` does under
    systemd), create ``state_dir`` 0700 (narrowing an existing one), and narrow ``files`` that
    exist (e.g. a log file outside the state folder) to 0600. Call first thing at start-up:
    ``./scripts/run`` outside systemd would otherwise leave everything 0644/0755.
    """
    os.umask(PRIVATE_UMASK)
    try:
        state_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    except OSError as exc:  # what opens the database next says it in the user's words
        logger.warning("cannot create the state folder %s: %s", state_dir, exc)
    for path, mode in ((state_dir, PRIVATE_DIR), *((file, PRIVATE_FILE) for file in files)):
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(mode)
        except OSError as exc:
            logger.warning("cannot make %s private: %s", path, exc)


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one rename; ``mode`` sets permissions first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp, done = Path(tmp_name), False
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        done = True
    finally:
        if not done:
            tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def staging_folder(target: Path, prefix: str) -> Path:
    """A new empty folder beside ``target`` (same disk, so the final rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{prefix}-", dir=target.parent))


@dataclass(frozen=True)
class InstallMarker:
    """What an installed folder holds: its version, where it came from, and when."""

    version: str
    origin: str
    installed_at: dt.datetime | None


def install_folder(staged: Path, target: Path, *, version: str, origin: str,
                   now: dt.datetime | None = None) -> None:
    """Swap the validated ``staged`` folder in for ``target`` and mark it with its version.

    ``origin`` says where it came from (``server``, ``usb:/media/...``). The old folder
    is kept as ``<target>.old`` until the new one is in place.
    """
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    write_text_atomic(staged / INSTALL_MARKER, json.dumps(
        {"version": version, "origin": origin, "installed_at": moment.isoformat()},
        ensure_ascii=False))
    for child in staged.iterdir():
        if child.is_file():
            _fsync_file(child)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)
    logger.info("installed %s %s from %s", target, version, origin)


def read_install_marker(folder: Path) -> InstallMarker | None:
    """The marker of an installed folder (None when absent or unreadable)."""
    try:
        data = json.loads((folder / INSTALL_MARKER).read_text(encoding="utf-8"))
        when = data.get("installed_at")
        return InstallMarker(str(data["version"]), str(data.get("origin", "")),
                             dt.datetime.fromisoformat(when) if when else None)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.warning("%s is unreadable: %s", folder / INSTALL_MARKER, exc)
        return None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        logger.debug("fsync of %s not supported: %s", folder, exc)
    finally:
        os.close(fd)
