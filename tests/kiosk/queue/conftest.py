"""Desks for the queue tests: one desk per department, a second social desk."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.queue.desks import DESK_SCRYPT_N, add_desk
from tests.conftest import OPEN_MORNING

PASSWORD = "desk-password-1"


@pytest.fixture
def desks(db: Database, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> Database:
    """``social-1`` (room 103), ``social-2`` (room 105) and ``land-1`` (room 104)."""
    assert DESK_SCRYPT_N >= 2 ** 14
    for login, department, room in (("social-1", "social", "103"), ("social-2", "social", "105"),
                                    ("land-1", "land", "104")):
        add_desk(db, catalogue, login, department=department, room=room,
                 specialist=f"Specialist {login}", now=OPEN_MORNING, password=PASSWORD)
    return db
