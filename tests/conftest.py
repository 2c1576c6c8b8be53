"""Shared fixtures: the default catalogue, a fresh on-disk database, times in the akimat's zone."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from kiosk.assets import assets_dir
from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.i18n import Translator
from kiosk.storage import open_database
from tests.browser_session import browser  # noqa: F401  (the shared session fixture)

ALMATY = ZoneInfo("Asia/Almaty")
CATALOGUE_DIR = assets_dir() / "catalogue"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware moment in the akimat's local time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ALMATY)


#: A Tuesday morning when the akimat is open (1 December 2026).
OPEN_MORNING = at(2026, 12, 1, 10, 0)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The default catalogue shipped in assets/."""
    return load_catalogue(CATALOGUE_DIR)


@pytest.fixture(scope="session")
def translator() -> Translator:
    """The kk/ru/en gettext catalogues."""
    return Translator.load(assets_dir() / "locale")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh kiosk database file on disk (WAL, synchronous=FULL)."""
    database = open_database(tmp_path / "kiosk.sqlite3")
    yield database
    database.close()


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A writable copy of the default catalogue folder, for breaking files on purpose."""
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target)
    return target
