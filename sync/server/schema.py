"""The server's tables, the same on SQLite and PostgreSQL (only the id column differs)."""

from __future__ import annotations

import json
import logging

from sync.server.backend import Backend, Transaction

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 4  # 2: throttle_failures; 3: staff console (accounts, sessions, audit,
#                     status history, the records' searchable columns, kiosks.akimat);
#                     4: records.room (where a called ticket is called to)

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
    # The staff console (version 3).
    """CREATE TABLE IF NOT EXISTS staff_accounts (
        login TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'office', 'district', 'region')),
        akimat TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        disabled_at TEXT,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS staff_sessions (
        id_hash TEXT PRIMARY KEY,
        login TEXT NOT NULL REFERENCES staff_accounts (login),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        client TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS staff_sessions_login ON staff_sessions (login)",
    """CREATE TABLE IF NOT EXISTS staff_audit (
        id {id},
        at TEXT NOT NULL,
        login TEXT NOT NULL,
        action TEXT NOT NULL,
        record_id BIGINT,
        detail TEXT NOT NULL DEFAULT '',
        client TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS staff_audit_record ON staff_audit (record_id)",
    "CREATE INDEX IF NOT EXISTS staff_audit_login ON staff_audit (login, at)",
    """CREATE TABLE IF NOT EXISTS status_history (
        id {id},
        record_id BIGINT NOT NULL REFERENCES records (id),
        at TEXT NOT NULL,
        login TEXT NOT NULL,
        old_status TEXT NOT NULL,
        new_status TEXT NOT NULL,
        reply TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS status_history_record ON status_history (record_id, id)",
)

#: Columns added to older tables in version 3: (table, column, definition).
_COLUMNS = (
    ("kiosks", "akimat", "TEXT NOT NULL DEFAULT ''"),
    ("records", "akimat", "TEXT NOT NULL DEFAULT ''"),
    ("records", "district", "TEXT NOT NULL DEFAULT ''"),
    ("records", "person_name", "TEXT NOT NULL DEFAULT ''"),
    ("records", "name_key", "TEXT NOT NULL DEFAULT ''"),
    ("records", "phone", "TEXT NOT NULL DEFAULT ''"),
    ("records", "category", "TEXT NOT NULL DEFAULT ''"),
    ("records", "topic", "TEXT NOT NULL DEFAULT ''"),
    ("records", "language", "TEXT NOT NULL DEFAULT ''"),
    ("records", "day", "TEXT NOT NULL DEFAULT ''"),
    ("records", "slot_start", "TEXT NOT NULL DEFAULT ''"),
    ("records", "score", "INTEGER"),
    # version 4: the room a ticket is called to (from the kiosk's queue events), and on a
    # queue event the ticket it concerns (an event may arrive before its ticket)
    ("records", "room", "TEXT NOT NULL DEFAULT ''"),
    ("records", "ticket_uuid", "TEXT NOT NULL DEFAULT ''"),
)

#: The statuses of an appeal still waiting for staff, as the inbox's due lists write them.
_OPEN = "status IN ('registered', 'in_progress')"

#: Indexes over the version-3 columns, created once the columns exist. The inbox lists
#: newest first (id) or by deadline within a scope (akimat, district, or all: kind alone),
#: optionally of one status, or what is due; each has an index that yields the page's ids
#: in order, or few enough to sort, without reading the table (``id`` is in each, so
#: PostgreSQL can answer from the index alone). Plans: benchmarks/staff_inbox.py --plans.
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS records_queue_ticket ON records (kiosk_id, ticket_uuid) "
    "WHERE kind = 'queue'",
    "CREATE INDEX IF NOT EXISTS records_akimat ON records (kind, akimat, id)",
    "CREATE INDEX IF NOT EXISTS records_district ON records (kind, district, id)",
    "CREATE INDEX IF NOT EXISTS records_kind ON records (kind, id)",
    "CREATE INDEX IF NOT EXISTS records_akimat_status_id ON records (kind, akimat, status, id)",
    "CREATE INDEX IF NOT EXISTS records_district_status_id ON records "
    "(kind, district, status, id)",
    "CREATE INDEX IF NOT EXISTS records_kind_status_id ON records (kind, status, id)",
    # Open appeals by deadline (due soon, overdue); these replace (…, status, deadline).
    "DROP INDEX IF EXISTS records_akimat_status",
    "DROP INDEX IF EXISTS records_district_status",
    "CREATE INDEX IF NOT EXISTS records_akimat_due ON records "
    "(kind, akimat, status, deadline, id)",
    "CREATE INDEX IF NOT EXISTS records_district_due ON records "
    "(kind, district, status, deadline, id)",
    "CREATE INDEX IF NOT EXISTS records_kind_due ON records (kind, status, deadline, id)",
    "CREATE INDEX IF NOT EXISTS records_akimat_deadline ON records (kind, akimat, deadline, id)",
    "CREATE INDEX IF NOT EXISTS records_district_deadline ON records "
    "(kind, district, deadline, id)",
    "CREATE INDEX IF NOT EXISTS records_kind_deadline ON records (kind, deadline, id)",
    # Open appeals only, in deadline order: the due lists' first page without a sort.
    f"CREATE INDEX IF NOT EXISTS records_akimat_open ON records (kind, akimat, deadline, id) "
    f"WHERE {_OPEN}",
    f"CREATE INDEX IF NOT EXISTS records_district_open ON records "
    f"(kind, district, deadline, id) WHERE {_OPEN}",
    f"CREATE INDEX IF NOT EXISTS records_kind_open ON records (kind, deadline, id) "
    f"WHERE {_OPEN}",
    # The inbox's type filter lists the types of the scope's appeals one by one.
    "CREATE INDEX IF NOT EXISTS records_kind_category ON records "
    "(kind, category, akimat, district)",
    "CREATE INDEX IF NOT EXISTS records_kind_day ON records (kind, day)",
    "CREATE INDEX IF NOT EXISTS records_number ON records (number)",
    # A name search reads the scope from the index too (records_name_key had the name only).
    "DROP INDEX IF EXISTS records_name_key",
    "CREATE INDEX IF NOT EXISTS records_name ON records (name_key, kind, akimat, district, id)",
    "CREATE INDEX IF NOT EXISTS records_kiosk ON records (kiosk_id, kind, id)",
    "CREATE INDEX IF NOT EXISTS records_phone ON records (phone)",
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
        _add_columns(db, tx)
        for statement in _INDEXES:
            tx.execute(statement)
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
    with db.transaction() as tx:  # kiosks from before version 3: an akimat named after them
        tx.execute("UPDATE kiosks SET akimat = kiosk_id WHERE akimat = ''")
    backfill_columns(db)  # also resumes one a kill interrupted


def _existing_columns(db: Backend, tx: Transaction, table: str) -> set[str]:
    if db.id_column.startswith("INTEGER"):  # SQLite
        return {str(row[1]) for row in tx.query(f"PRAGMA table_info({table})")}
    return {str(row[0]) for row in tx.query(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ?", (table,))}


def _add_columns(db: Backend, tx: Transaction) -> bool:
    """Add the version-3 columns an older database lacks; True when any was added."""
    added = False
    existing: dict[str, set[str]] = {}
    for table, column, definition in _COLUMNS:
        if table not in existing:
            existing[table] = _existing_columns(db, tx, table)
        if column not in existing[table]:
            tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
            existing[table].add(column)
            added = True
    return added


def backfill_columns(db: Backend) -> int:
    """Fill the searchable columns of records stored before version 3; returns how many.

    Runs at every start and does nothing once every record has its district; a run a kill
    interrupted goes on from where it stopped (each chunk commits on its own).
    """
    from sync.server.columns import record_columns  # the columns need the protocol

    done, last = 0, -1
    while True:
        with db.transaction() as tx:
            rows = tx.query("SELECT r.id, r.kind, r.payload, k.akimat, k.district "
                            "FROM records r JOIN kiosks k ON k.kiosk_id = r.kiosk_id "
                            "WHERE r.district = '' AND r.id > ? ORDER BY r.id LIMIT 1000",
                            (last,))
            for record_id, kind, payload, akimat, district in rows:
                values = record_columns(str(kind), json.loads(payload), str(akimat or ""),
                                        str(district))
                names = ", ".join(f"{name} = ?" for name in values)
                tx.execute(f"UPDATE records SET {names} WHERE id = ?",
                           (*values.values(), record_id))
                last = int(record_id)
        done += len(rows)
        if rows and done % 50_000 < 1000:
            logger.info("filling the console columns of older records: %d so far", done)
        if len(rows) < 1000:
            break
    if done:
        logger.info("filled the console columns of %d older records", done)
    return done
