"""What content the kiosk runs, and installing a catalogue from a USB stick.

A catalogue from a stick goes the same way as one from the regional server: the files are
checked by the catalogue loader, copied beside ``<state>/catalogue``, checked again and
swapped in by renames (:func:`kiosk.atomic_files.install_folder`). A broken one raises the
loader's error (file, item and field) and changes nothing. The next sync replaces it only
when the region publishes a catalogue the kiosk has not seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.announcements import FILE as ANNOUNCEMENTS_FILE
from kiosk.atomic_files import install_folder, read_install_marker, staging_folder
from kiosk.catalogue import Catalogue, CatalogueStore, load_catalogue
from kiosk.catalogue.loader import FILES as CATALOGUE_FILES
from kiosk.catalogue.loader import load_new_catalogue
from kiosk.config import Config

logger = logging.getLogger(__name__)

MANIFEST = "manifest.toml"
USB_ROOTS: tuple[Path, ...] = (Path("/media"), Path("/run/media"), Path("/mnt"))
USB_DEPTH = 3
ORIGIN_SERVER = "server"
ORIGIN_BUILT_IN = "built-in"


@dataclass(frozen=True)
class ContentVersions:
    """The data the kiosk runs on and where it came from."""

    catalogue_version: str
    catalogue_source: Path
    from_server: bool
    announcements_version: str | None  # None: no announcements installed
    holidays_until: dt.date | None  # the last date the holiday calendar lists
    schedule_summary: str | None  # the akim's reception, e.g. "Tue 10:00-12:00 every 30 min"
    catalogue_origin: str = ORIGIN_BUILT_IN  # "server", "usb:<folder>" or "built-in"
    catalogue_installed_at: dt.datetime | None = None


def content_versions(config: Config, store: CatalogueStore) -> ContentVersions:
    """Versions of the catalogue in use and of the announcements, with what they cover."""
    catalogue = store.current
    origin, installed_at = ORIGIN_BUILT_IN, None
    if _same(store.folder, config.paths.synced_catalogue):
        marker = read_install_marker(store.folder)
        # folders installed before markers existed only ever came from the server
        origin = marker.origin if marker else ORIGIN_SERVER
        installed_at = marker.installed_at if marker else None
    return ContentVersions(
        catalogue_version=catalogue.version,
        catalogue_source=store.folder,
        from_server=origin == ORIGIN_SERVER,
        announcements_version=_announcements_version(config.paths.announcements),
        holidays_until=_holidays_until(catalogue),
        schedule_summary=schedule_summary(catalogue),
        catalogue_origin=origin,
        catalogue_installed_at=installed_at,
    )


def schedule_summary(catalogue: Catalogue) -> str | None:
    """The akim's reception sessions in one line (None when there are none)."""
    sessions = catalogue.reception.sessions
    if not sessions:
        return None
    parts = [f"{s.weekday.value[:3].capitalize()} {s.start:%H:%M}-{s.end:%H:%M} every "
             f"{s.slot_minutes} min" for s in sessions]
    return f"{'; '.join(parts)}; booking {catalogue.reception.booking_horizon_days} days ahead"


def usb_folders(roots: Sequence[Path] = USB_ROOTS) -> list[Path]:
    """Catalogue folders (with ``manifest.toml``) up to 3 levels under ``roots``, sorted.

    A folder holding ``catalogue/manifest.toml`` yields its ``catalogue`` folder.
    Unreadable folders are skipped.
    """
    found: set[Path] = set()
    for root in roots:
        _scan(root, 0, found)
    return sorted(found)


def export_folders(roots: Sequence[Path], local: Sequence[Path]) -> list[Path]:
    """Writable folders to export to: USB sticks (``/media/<user>/<stick>``), then ``local``."""
    found: list[Path] = []
    for root in roots:
        try:
            children = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for child in children:
            sticks = [child] if os.path.ismount(child) else \
                sorted(p for p in child.iterdir() if p.is_dir()) if os.access(child, os.R_OK) \
                else []
            found += [stick for stick in sticks if os.access(stick, os.W_OK)]
    return found + [folder for folder in local if folder not in found]


def install_catalogue_from_folder(folder: Path, config: Config, store: CatalogueStore) -> str:
    """Check the catalogue in ``folder`` and make it the one in use; returns its version.

    :raises kiosk.errors.CatalogueError: naming the file, item and field that break a rule;
        nothing is changed then.
    :raises OSError: when the files cannot be copied into the state dir.
    """
    source = catalogue_folder(folder) or folder
    catalogue = load_new_catalogue(source)
    target = config.paths.synced_catalogue
    staged = staging_folder(target, "catalogue")
    try:
        for name in CATALOGUE_FILES:
            shutil.copyfile(source / name, staged / name)
        copied = load_catalogue(staged)  # what is on our disk is what will be loaded
        if copied.content_hash != catalogue.content_hash:
            raise OSError(f"the files in {source} changed while they were copied")
        install_folder(staged, target, version=copied.version, origin=f"usb:{source}")
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # gone already once installed
    error = store.reload(target)
    if error is not None:
        raise error
    logger.info("catalogue %s installed from %s", copied.version, source)
    return copied.version


def catalogue_folder(folder: Path) -> Path | None:
    """``folder`` when it holds ``manifest.toml``, its ``catalogue`` subfolder when that does."""
    if (folder / MANIFEST).is_file():
        return folder
    if (folder / "catalogue" / MANIFEST).is_file():
        return folder / "catalogue"
    return None


def _scan(folder: Path, depth: int, found: set[Path]) -> None:
    hit = catalogue_folder(folder)
    if hit is not None:
        found.add(hit)
    if depth >= USB_DEPTH:
        return
    try:
        with os.scandir(folder) as entries:
            children = [Path(e.path) for e in entries
                        if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
    except OSError as exc:  # no such root, a stick pulled out, no permission
        logger.debug("cannot look into %s: %s", folder, exc)
        return
    for child in children:
        _scan(child, depth + 1, found)


def _announcements_version(folder: Path) -> str | None:
    marker = read_install_marker(folder)
    if marker is not None:
        return marker.version
    path = folder / ANNOUNCEMENTS_FILE
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.warning("cannot read %s: %s", path, exc)
        return None
    return f"sha256:{digest[:12]}"  # installed before versions were recorded


def _holidays_until(catalogue: Catalogue) -> dt.date | None:
    days = [*catalogue.holidays.days_off, *catalogue.holidays.working_days]
    return max(days) if days else None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
