"""The pure parts: throttling, language choice, tokens, ETags, URLs, documents, look-up fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.i18n import Language
from kiosk.web.status_page import choose_language
from sync.protocol import ProtocolError, Record, to_json
from sync.server.backend import sqlite_path, to_pyformat
from sync.server.documents import check_document
from sync.server.http_io import etag_matches
from sync.server.ratelimit import RateLimit
from sync.server.records import check_status, initial_status, lookup_fields
from sync.server.schema import SchemaTooNew
from sync.server.store import ServerStore
from sync.server.tokens import bearer_token, hashes_match, new_token, token_hash
from tests.sync.server.live import document


class FakeClock:
    """Seconds that only move when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_blocks_after_n_failures_until_they_leave_the_window(
        database_url: str) -> None:
    clock = FakeClock()
    with ServerStore.open(database_url) as store:
        limit = RateLimit(store.db, 3, 60, clock=clock)
        for _ in range(2):
            limit.failure("a")
            clock.now += 10
        assert not limit.blocked("a")
        limit.failure("a")
        assert limit.blocked("a") and not limit.blocked("b")
        assert limit.retry_after("a") == 40  # the first failure (at 1000) leaves at 1060
        clock.now += 40
        assert not limit.blocked("a") and limit.retry_after("a") == 0
        limit.failure("a")
        assert limit.blocked("a")


def test_rate_limit_forgets_failures_older_than_the_window(sqlite_url: str) -> None:
    clock = FakeClock()
    with ServerStore.open(sqlite_url) as store:
        limit = RateLimit(store.db, 2, 60, clock=clock)
        for key in ("a", "b", "c"):
            limit.failure(key)
        clock.now += 61
        limit.failure("d")
        limit.failure("d")
        assert limit.blocked("d") and not limit.blocked("a")
        assert store.db.query("SELECT DISTINCT client FROM throttle_failures") == [("d",)]
        with pytest.raises(ValueError):
            RateLimit(store.db, 0, 60)


@pytest.mark.parametrize(("query", "header", "expected"), [
    (None, None, Language.KK),
    ("ru", None, Language.RU),
    ("EN", "ru", Language.EN),
    ("de", "ru-RU,ru;q=0.9,en;q=0.8", Language.RU),
    (None, "en-GB,en;q=0.9,kk;q=0.8", Language.EN),
    (None, "de;q=1, kk-KZ;q=0.3, ru;q=0.7", Language.RU),
    (None, "ru;q=0, en;q=0.1", Language.EN),
    (None, "fr, de", Language.KK),
    (None, "ru;q=abc", Language.KK),
])
def test_the_page_language(query: str | None, header: str | None, expected: Language) -> None:
    assert choose_language(query, header) is expected


def test_tokens_are_random_and_only_their_hash_is_kept() -> None:
    first, second = new_token(), new_token()
    assert first != second and len(first) >= 43
    assert token_hash(first) != first and len(token_hash(first)) == 64
    assert hashes_match(token_hash(first), token_hash(first))
    assert not hashes_match(token_hash(first), token_hash(second))
    assert bearer_token(f"Bearer {first}") == first
    assert bearer_token(f"bearer   {first} ") == first
    for bad in (None, "", "Bearer", "Bearer ", f"Basic {first}", "Bearer " + "x" * 300):
        assert bearer_token(bad) is None


def test_etags() -> None:
    assert etag_matches('"abc"', "abc") and etag_matches('W/"abc"', "abc")
    assert etag_matches('"x", "abc"', "abc") and etag_matches("*", "abc")
    assert not etag_matches('"abcd"', "abc") and not etag_matches(None, "abc")


def test_database_urls(tmp_path: Path) -> None:
    assert sqlite_path("sqlite:///srv/kiosk/regional.db") == Path("/srv/kiosk/regional.db")
    assert sqlite_path("sqlite:////srv/kiosk/regional.db") == Path("/srv/kiosk/regional.db")
    assert sqlite_path("sqlite:///./regional.sqlite3") == Path("regional.sqlite3")
    assert sqlite_path("data/regional.db") == Path("data/regional.db")
    assert to_pyformat("SELECT '%' || ? WHERE a = ?") == "SELECT '%%' || %s WHERE a = %s"


def test_documents_are_checked_by_the_protocol_rules() -> None:
    doc = document("catalogue", "2026.12.1", {"a.toml": "x = 1\n"})
    assert check_document(to_json(doc)) == doc
    with pytest.raises(ProtocolError, match="protocol"):
        check_document({**to_json(doc), "protocol": None})
    with pytest.raises(ProtocolError, match="object"):
        check_document([to_json(doc)])
    with pytest.raises(ProtocolError, match="files"):
        check_document({**to_json(doc), "files": ["a.toml"]})


def test_look_up_fields_and_statuses() -> None:
    record = Record("0b7e8c57-5a43-4e0b-9d3e-6c2f1f0a7b11", "appeal",
                    {"uuid": "0b7e8c57-5a43-4e0b-9d3e-6c2f1f0a7b11", "tracking_code": 12,
                     "registration_number": ["no"], "deadline": "16.12.2026"})
    fields = lookup_fields(record)
    assert (fields.tracking_code, fields.number, fields.deadline, fields.status) == \
        (None, "", "", "registered")
    assert [initial_status(k) for k in ("appeal", "booking", "ticket", "rating", "audit")] == \
        ["registered", "booked", "waiting", "", ""]
    assert check_status("appeal", "answered") is None
    assert "one of" in (check_status("booking", "answered") or "")
    assert "no status" in (check_status("rating", "answered") or "")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    with ServerStore.open(url) as store, store.db.transaction() as tx:
        tx.execute("INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(SchemaTooNew):
        ServerStore.open(url)
