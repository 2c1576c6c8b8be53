"""The catalogue in use: a reload that fails keeps the last good one."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from kiosk.catalogue.files import FILES
from kiosk.catalogue.model import Catalogue
from kiosk.errors import CatalogueError
from kiosk.i18n import N_

logger = logging.getLogger(__name__)


class CatalogueStore:
    """Holds the current :class:`Catalogue` and swaps it only for a valid one.

    The folder must have every catalogue file from the start; the files are read and
    checked when the catalogue is first needed (:attr:`current`), so whoever shows it can
    first say where checked catalogues are cached (:meth:`cache_in`). With a cache folder,
    an unchanged catalogue is not parsed again (see :mod:`kiosk.catalogue.cache`).
    """

    def __init__(self, folder: Path, cache_dir: Path | None = None) -> None:
        missing = [name for name in FILES if not (folder / name).is_file()]
        if missing:
            raise CatalogueError(N_("{file}: file is missing from {folder}", file=missing[0],
                                    folder=folder))
        self.folder = folder
        self.cache_dir = cache_dir
        self.last_error: CatalogueError | None = None
        self._current: Catalogue | None = None
        self._lock = threading.Lock()

    def cache_in(self, cache_dir: Path) -> None:
        """Keep checked catalogues in ``cache_dir`` (and look there first) from now on."""
        self.cache_dir = cache_dir

    @property
    def current(self) -> Catalogue:
        """The catalogue in use (read and checked on first use).

        :raises CatalogueError: on first use, when the folder breaks a rule.
        """
        current = self._current
        if current is None:
            with self._lock:
                if self._current is None:
                    self._current = self._load(self.folder)
                current = self._current
        return current

    def _load(self, folder: Path) -> Catalogue:
        if self.cache_dir is None:
            return _read_and_check(folder)
        from kiosk.catalogue.cache import load_cached

        return load_cached(folder, self.cache_dir, _read_and_check)

    def reload(self, folder: Path | None = None) -> CatalogueError | None:
        """Load ``folder`` (default: the same one); on error keep the old data and return why."""
        source = folder or self.folder
        try:
            candidate = self._load(source)
        except CatalogueError as exc:
            kept = self._current.version if self._current is not None else "the old one"
            logger.error("catalogue update from %s rejected, keeping %s: %s", source, kept, exc)
            self.last_error = exc
            return exc
        with self._lock:
            self._current = candidate
            self.folder = source
        self.last_error = None
        return None


def _read_and_check(folder: Path) -> Catalogue:
    """The full load (its TOML reader and checks are imported only when needed)."""
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue(folder)
