"""A regional server of the previous version (schema 2) upgraded in place: the console sees
the old appeals in the right akimat, and a back-fill a kill interrupted goes on."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kiosk.catalogue import Catalogue
from sync.protocol import canonical_json
from sync.server.accounts import Scope
from sync.server.inbox import InboxFilter, inbox_page
from sync.server.store import ServerStore
from tests.sync.server.live import appeal

#: The two tables of schema 2 the upgrade touches, as that server created them.
V2 = """
CREATE TABLE kiosks (kiosk_id TEXT PRIMARY KEY, district TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT,
    last_seen_at TEXT, last_heartbeat TEXT);
CREATE TABLE records (id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL REFERENCES kiosks (kiosk_id),
    uuid TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, content_hash TEXT NOT NULL,
    received_at TEXT NOT NULL, tracking_code TEXT, number TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',
    reply TEXT NOT NULL DEFAULT '', status_updated_at TEXT, UNIQUE (kiosk_id, uuid));
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (2);
"""


def _v2_database(path: Path, appeals: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(V2)
        conn.execute("INSERT INTO kiosks VALUES ('karasu-01', 'arshaly', 'h', "
                     "'2026-11-01T00:00:00Z', NULL, NULL, NULL)")
        for number in range(appeals):
            record = appeal(f"Тақырып {number}",
                            registration_number=f"KARASU-01-2026-{number + 1:05d}")
            conn.execute("INSERT INTO records (kiosk_id, uuid, kind, payload, content_hash, "
                         "received_at, number, deadline, status) VALUES (?, ?, 'appeal', ?, "
                         "'x', '2026-12-01T05:00:00Z', ?, '2026-12-16', 'registered')",
                         ("karasu-01", record.uuid, canonical_json(record.payload).decode(),
                          record.payload["registration_number"]))


def _clerk_sees(store: ServerStore, catalogue: Catalogue) -> int:
    page = inbox_page(store.db, Scope("clerk", akimat="karasu-01"), InboxFilter(),
                      dt.date(2026, 12, 7), catalogue.holidays)
    return page.total


def test_old_appeals_belong_to_the_kiosks_akimat_after_the_upgrade(
        tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "regional.sqlite3"
    _v2_database(path, 5)
    with ServerStore.open(f"sqlite:///{path}") as store:
        assert store.db.query("SELECT akimat FROM kiosks") == [("karasu-01",)]
        assert _clerk_sees(store, catalogue) == 5  # was 0: akimat '' on every old record
        new = appeal("Жаңа", registration_number="KARASU-01-2026-00006")
        store.ingest("karasu-01", [new], [new.uuid])
        assert _clerk_sees(store, catalogue) == 6  # and on every new one


def test_a_back_fill_cut_short_goes_on_at_the_next_start(tmp_path: Path,
                                                         catalogue: Catalogue) -> None:
    path = tmp_path / "regional.sqlite3"
    _v2_database(path, 1500)
    ServerStore.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:  # as if killed after the first chunk
        conn.execute("UPDATE records SET district = '', akimat = '' WHERE id > 1000")
    with ServerStore.open(f"sqlite:///{path}") as store:
        assert store.db.query("SELECT count(*) FROM records WHERE district = ''") == [(0,)]
        assert store.db.query("SELECT count(*) FROM records WHERE akimat = 'karasu-01'") == \
            [(1500,)]
