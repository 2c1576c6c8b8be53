"""The server's tables, the same on SQLite and PostgreSQL (only the id column differs)."""

from __future__ import annotations

import logging

from sync.server.backend import Backend

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: throttle_failures

_TABLES = (
    """CREATE TABLE IF NOT EXISTS kiosks (
        kiosk_id TEXT PRIMARY KEY,
        district TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_seen_at TEXT,
        last_heartbeat TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS staff (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS records (
        id {id},
        kiosk_id TEXT NOT NULL REFERENCES kiosks (kiosk_id),
        uuid TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        received_at TEXT NOT NULL,
        tracking_code TEXT,
        number TEXT NOT NULL DEFAULT '',
        deadline TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        reply TEXT NOT NULL DEFAULT '',
        status_updated_at TEXT,
        UNIQUE (kiosk_id, uuid)
    )""",
    "CREATE INDEX IF NOT EXISTS records_tracking_code ON records (tracking_code)",
    """CREATE TABLE IF NOT EXISTS documents (
        id {id},
        kind TEXT NOT NULL,
        version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        files TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('kiosk', 'district', 'all')),
        target TEXT NOT NULL DEFAULT '',
        published_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS documents_target ON documents (kind, target_kind, target)",
    # Failed status look-ups per client, shared by every server process (see ratelimit.py).
    """CREATE TABLE IF NOT EXISTS throttle_failures (
        client TEXT NOT NULL,
        failed_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS throttle_failures_client ON throttle_failures "
    "(client, failed_at)",
    "CREATE INDEX IF NOT EXISTS throttle_failures_time ON throttle_failures (failed_at)",
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
)


class SchemaTooNew(RuntimeError):
    """The database was created by a newer server than this one."""


def apply_schema(db: Backend) -> None:
    """Create the tables when missing and record the schema version (safe to run every start).

    :raises SchemaTooNew: when the database carries a newer schema version.
    """
    with db.transaction() as tx:
        if db.schema_lock:
            tx.query(db.schema_lock)
        for statement in _TABLES:
            tx.execute(statement.format(id=db.id_column))
        rows = tx.query("SELECT max(version) FROM schema_version")
        current = rows[0][0] if rows and rows[0][0] is not None else None
        if current is None:
            tx.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            logger.info("created the server schema, version %d", SCHEMA_VERSION)
        elif int(current) > SCHEMA_VERSION:
            raise SchemaTooNew(f"the database has schema version {current}; this server "
                               f"knows {SCHEMA_VERSION}: upgrade the server")
        elif int(current) < SCHEMA_VERSION:  # the new tables were created above
            tx.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            logger.info("upgraded the server schema from version %s to %d", current,
                        SCHEMA_VERSION)
