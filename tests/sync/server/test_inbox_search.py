"""Finding an appeal while the citizen is on the phone: Russian keyboard, phone number."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import Catalogue
from sync.server.accounts import Scope
from sync.server.inbox import InboxFilter, inbox_page
from sync.server.store import ServerStore
from tests.sync.server.live import appeal


@pytest.fixture
def store(database_url: str) -> ServerStore:
    opened = ServerStore.open(database_url)
    opened.add_kiosk("karasu-01", "arshaly", akimat="karasu")
    records = [appeal("Су", full_name="Нұрпейісова Қарлығаш Нұржанқызы", phone="+77015550123"),
               appeal("Жол", full_name="Иванова Ольга", phone="+77770001122")]
    opened.ingest("karasu-01", records, [r.uuid for r in records])
    return opened


def _names(store: ServerStore, query: str, catalogue: Catalogue) -> list[str]:
    page = inbox_page(store.db, Scope("clerk", akimat="karasu"), InboxFilter(query=query),
                      dt.date(2026, 12, 7), catalogue.holidays)
    return [row.person_name for row in page.rows]


@pytest.mark.parametrize("query", ["Нурпеисова", "нұрпейісова", "НУРПЕИСОВА КАРЛ"])
def test_a_kazakh_name_is_found_as_a_russian_keyboard_types_it(
        store: ServerStore, catalogue: Catalogue, query: str) -> None:
    assert _names(store, query, catalogue) == ["Нұрпейісова Қарлығаш Нұржанқызы"]


@pytest.mark.parametrize("query", ["+7 (701) 555-01-23", "87015550123", "7015550123"])
def test_a_phone_number_is_found_however_it_is_typed(store: ServerStore, catalogue: Catalogue,
                                                      query: str) -> None:
    assert _names(store, query, catalogue) == ["Нұрпейісова Қарлығаш Нұржанқызы"]


def test_the_name_shown_keeps_its_kazakh_letters(store: ServerStore,
                                                 catalogue: Catalogue) -> None:
    assert _names(store, "иванова", catalogue) == ["Иванова Ольга"]
    assert _names(store, "Нурпеисова", catalogue)[0].startswith("Нұрпейісова")
