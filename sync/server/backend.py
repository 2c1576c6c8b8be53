"""SQL connections for the server: SQLite (one file, WAL) or PostgreSQL, behind one interface.

The store writes every statement once, with ``?`` placeholders; the PostgreSQL backend
turns them into psycopg's ``%s`` here, in one place. Both run writes in a transaction
that is committed as a whole or not at all.
"""

from __future__ import annotations

import functools
import logging
import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

import psycopg

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
_POOL_SIZE = 8

Params = Sequence[Any]
Row = tuple[Any, ...]


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or is busy; the request may be retried later."""


class Transaction(Protocol):
    """Statements run inside one open transaction."""

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; returns the number of rows it changed."""
        ...

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        ...


class Backend(Protocol):
    """A database the store can use: transactions, reads, the dialect's id column."""

    id_column: str
    schema_lock: str

    def transaction(self) -> AbstractContextManager[Transaction]:
        """A write transaction: committed when the block ends, rolled back on an exception."""
        ...

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a read-only query outside a write transaction."""
        ...

    def close(self) -> None:
        """Close every connection."""
        ...


class _SqliteTransaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        return self._conn.execute(sql, tuple(params)).rowcount

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        return [tuple(row) for row in self._conn.execute(sql, tuple(params)).fetchall()]


class SqliteBackend:
    """One SQLite file in WAL with ``synchronous=FULL``; access is serialised by a lock."""

    id_column = "INTEGER PRIMARY KEY"
    schema_lock = ""  # BEGIN IMMEDIATE already excludes other writers

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                   timeout=busy_timeout_ms / 1000)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open the SQLite database {path}: {exc}") from exc
        if mode.lower() != "wal":
            conn.close()
            raise StoreUnavailable(f"the SQLite database {path} cannot use write-ahead logging "
                                   f"(got {mode}); is it on a network drive?")
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken before the first read."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"database busy: {exc}") from exc
            try:
                yield _SqliteTransaction(self._conn)
            except sqlite3.OperationalError as exc:  # e.g. "database or disk is full"
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StoreUnavailable(f"the database could not write: {exc}") from exc
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if self._conn.in_transaction:  # a failed COMMIT may already have rolled back
                    self._conn.execute("ROLLBACK")
                raise StoreUnavailable(f"commit failed: {exc}") from exc

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a read-only query."""
        with self._lock:
            try:
                return _SqliteTransaction(self._conn).query(sql, params)
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"database busy: {exc}") from exc

    def close(self) -> None:
        """Checkpoint the WAL and close the file."""
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError as exc:
                logger.warning("WAL checkpoint at close failed: %s", exc)
            self._conn.close()


@functools.lru_cache(maxsize=256)
def to_pyformat(sql: str) -> str:
    """``?`` placeholders → psycopg's ``%s`` (a literal ``%`` becomes ``%%``)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _PostgresTransaction:
    def __init__(self, conn: psycopg.Connection[Row]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        with self._conn.cursor() as cur:
            cur.execute(to_pyformat(sql), tuple(params))
            return cur.rowcount

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self._conn.cursor() as cur:
            cur.execute(to_pyformat(sql), tuple(params))
            return list(cur.fetchall())


class PostgresBackend:
    """PostgreSQL through psycopg 3, with a small pool of idle connections."""

    id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    schema_lock = "SELECT pg_advisory_xact_lock(8470)"  # two servers starting at once

    def __init__(self, url: str, *, pool_size: int = _POOL_SIZE) -> None:
        self.url = url
        self._idle: queue.LifoQueue[psycopg.Connection[Row]] = queue.LifoQueue()
        self._pool_size = pool_size
        self._put(self._connect())  # fail now, with a clear error, if the server is wrong

    def _connect(self) -> psycopg.Connection[Row]:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc

    def _put(self, conn: psycopg.Connection[Row]) -> None:
        healthy = (not conn.closed
                   and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE)
        if healthy and self._idle.qsize() < self._pool_size:
            self._idle.put(conn)
        else:
            conn.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Row]]:
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        finally:
            self._put(conn)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A transaction on a pooled connection; connection errors become StoreUnavailable."""
        with self._connection() as conn:
            try:
                with conn.transaction():
                    yield _PostgresTransaction(conn)
            except psycopg.OperationalError as exc:
                raise StoreUnavailable(f"PostgreSQL: {exc}") from exc

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a read-only query (autocommit)."""
        with self._connection() as conn:
            try:
                return _PostgresTransaction(conn).query(sql, params)
            except psycopg.OperationalError as exc:
                raise StoreUnavailable(f"PostgreSQL: {exc}") from exc

    def close(self) -> None:
        """Close the idle connections."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL: ``sqlite:///abs/file.db`` (or ``sqlite:////abs/file.db``),
    ``sqlite:///./relative.db``, or a plain path."""
    if not url.startswith("sqlite:///"):
        return Path(url)
    rest = url.removeprefix("sqlite:///")
    if rest.startswith(("./", "../", "/")):
        return Path(rest)
    return Path("/" + rest)


def open_backend(url: str) -> SqliteBackend | PostgresBackend:
    """``postgresql://…`` (or ``postgres://…``) → PostgreSQL; ``sqlite:///…`` or a path → SQLite."""
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    if url.startswith("sqlite:///"):
        return SqliteBackend(sqlite_path(url))
    if "://" in url:
        raise StoreUnavailable(f"unknown database URL {url.partition('://')[0]}://…; use "
                               "sqlite:///path/to/file.db or postgresql://…")
    return SqliteBackend(sqlite_path(url))
