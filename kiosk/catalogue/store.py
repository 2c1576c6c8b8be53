"""The catalogue in use: a reload that fails keeps the last good one."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue
from kiosk.errors import CatalogueError

logger = logging.getLogger(__name__)


class CatalogueStore:
    """Holds the current :class:`Catalogue` and swaps it only for a valid one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._current = load_catalogue(folder)
        self.last_error: CatalogueError | None = None

    @property
    def current(self) -> Catalogue:
        """The catalogue in use."""
        return self._current

    def reload(self, folder: Path | None = None) -> CatalogueError | None:
        """Load ``folder`` (default: the same one); on error keep the old data and return why."""
        source = folder or self.folder
        try:
            candidate = load_catalogue(source)
        except CatalogueError as exc:
            logger.error("catalogue update from %s rejected, keeping %s: %s", source,
                         self._current.version, exc)
            self.last_error = exc
            return exc
        self._current = candidate
        self.folder = source
        self.last_error = None
        return None
