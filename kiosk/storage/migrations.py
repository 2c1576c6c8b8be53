"""The kiosk database schema, as sqlite-utils migrations applied under the write lock."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.storage.connection import write_transaction

migrations = Migrations("kiosk")

BUSINESS_TABLES = ("tickets", "appeals", "bookings", "ratings", "audit_events")


@migrations()
def m001_initial(db: Database) -> None:
    """Business tables, the outbox and the counters that number tickets and appeals."""
    statements = [
        """CREATE TABLE counters (
            scope TEXT PRIMARY KEY,
            value INTEGER NOT NULL CHECK (value > 0)
        ) STRICT""",
        """CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            number TEXT NOT NULL,
            department TEXT NOT NULL,
            day TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            tracking_code TEXT NOT NULL UNIQUE,
            language TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            people_ahead INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'waiting'
                CHECK (status IN ('waiting', 'called', 'served', 'missed')),
            printed_at TEXT,
            print_error TEXT,
            UNIQUE (day, department, seq)
        ) STRICT""",
        "CREATE INDEX tickets_waiting ON tickets (day, department, status)",
        """CREATE TABLE appeals (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            registration_number TEXT NOT NULL UNIQUE,
            tracking_code TEXT NOT NULL UNIQUE,
            appeal_type TEXT NOT NULL,
            topic TEXT NOT NULL,
            text TEXT NOT NULL,
            full_name TEXT,
            iin TEXT,
            phone TEXT,
            address TEXT,
            language TEXT NOT NULL,
            consent_at TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            registered_on TEXT NOT NULL,
            deadline TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'registered',
            reply TEXT,
            printed_at TEXT,
            print_error TEXT,
            erased_at TEXT
        ) STRICT""",
        """CREATE TABLE bookings (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            tracking_code TEXT NOT NULL UNIQUE,
            slot_start TEXT NOT NULL,
            slot_end TEXT NOT NULL,
            topic TEXT NOT NULL,
            full_name TEXT,
            iin TEXT,
            phone TEXT,
            language TEXT NOT NULL,
            booked_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
            printed_at TEXT,
            print_error TEXT,
            erased_at TEXT
        ) STRICT""",
        "CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (slot_start) "
        "WHERE status = 'booked'",
        """CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            reasons TEXT NOT NULL,
            comment TEXT NOT NULL,
            department TEXT,
            language TEXT NOT NULL,
            rated_at TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE audit_events (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            details TEXT NOT NULL,
            at TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_uuid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sent', 'rejected')),
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT
        ) STRICT""",
        "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
    ]
    for sql in statements:
        db.execute(sql)


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations under the write lock; returns the names applied."""
    with write_transaction(db):
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    return pending
