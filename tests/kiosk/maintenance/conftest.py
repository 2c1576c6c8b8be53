"""Fixtures for the maintenance backend: a config whose state dir is a fresh tmp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, PathsSection
from tests.conftest import CATALOGUE_DIR


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Defaults, with the state dir in ``tmp_path/state`` and the shipped catalogue."""
    return Config(paths=PathsSection(state_dir=tmp_path / "state", catalogue_dir=CATALOGUE_DIR))
