"""Fixtures: a throwaway PostgreSQL, stores on SQLite and PostgreSQL, the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.i18n import Translator
from sync.server.app import create_app
from sync.server.ratelimit import RateLimit
from sync.server.store import ServerStore
from tests.sync.server.live import LiveServer, serving
from tests.sync.server.postgres import PostgresCluster, find_bindir


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster for the whole session (skipped only without the binaries)."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not on PATH nor under "
                    "/usr/lib/postgresql/*/bin: install the postgresql package")
    cluster = PostgresCluster(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """``postgresql://<user>@127.0.0.1:<port>/kiosk_server`` of the session's cluster."""
    return postgres_cluster.url("kiosk_server")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'regional.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database URL."""
    return f"sqlite:///{tmp_path / 'regional.sqlite3'}"


def _live(url: str, translator: Translator, limits: tuple[int, float] | None = None,
          ) -> Iterator[LiveServer]:
    store = ServerStore.open(url)
    staff_token = store.add_staff("operator")
    rate_limit = RateLimit(store.db, *limits) if limits else None
    app = create_app(store, translator=translator, rate_limit=rate_limit)
    with serving(app) as base:
        live = LiveServer(base, store, staff_token)
        try:
            yield live
        finally:
            live.http.close()
    store.close()


@pytest.fixture
def server(sqlite_url: str, translator: Translator) -> Iterator[LiveServer]:
    """The server on loopback over SQLite."""
    yield from _live(sqlite_url, translator)


@pytest.fixture
def any_server(database_url: str, translator: Translator) -> Iterator[LiveServer]:
    """The server on loopback, once over SQLite and once over PostgreSQL."""
    yield from _live(database_url, translator)


@pytest.fixture
def strict_server(sqlite_url: str, translator: Translator) -> Iterator[LiveServer]:
    """The server with a small guessing limit: 3 wrong codes per 60 s."""
    yield from _live(sqlite_url, translator, (3, 60))
