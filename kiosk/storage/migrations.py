"""The kiosk database schema, as sqlite-utils migrations applied under the write lock."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.storage.connection import write_transaction

migrations = Migrations("kiosk")

BUSINESS_TABLES = ("tickets", "appeals", "bookings", "ratings", "audit_events", "queue_events")


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


@migrations()
def m002_queue(db: Database) -> None:
    """The queue moves: desks, their sessions, queue events; tickets learn who called them.

    New columns and tables only, so a kiosk rolled back to the previous version still opens
    the database.
    """
    statements = [
        "ALTER TABLE tickets ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 "
        "CHECK (priority IN (0, 1))",
        "ALTER TABLE tickets ADD COLUMN called_at TEXT",
        "ALTER TABLE tickets ADD COLUMN finished_at TEXT",
        "ALTER TABLE tickets ADD COLUMN desk TEXT",
        "ALTER TABLE tickets ADD COLUMN room TEXT",
        "ALTER TABLE tickets ADD COLUMN calls INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE tickets ADD COLUMN close_reason TEXT",
        # The department whose line the ticket waits in: where it was issued, until a desk
        # transfers it (its number and ``department`` stay those it was issued with).
        "ALTER TABLE tickets ADD COLUMN line TEXT",
        "UPDATE tickets SET line = department",
        # The waiting line of a department, in the order desks call it.
        "CREATE INDEX tickets_queue ON tickets (day, line, priority, issued_at) "
        "WHERE status = 'waiting'",
        "CREATE INDEX tickets_at_desk ON tickets (desk) WHERE status = 'called'",
        "CREATE INDEX tickets_open_days ON tickets (day) "
        "WHERE status IN ('waiting', 'called')",
        """CREATE TABLE desks (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL UNIQUE,
            department TEXT NOT NULL,
            room TEXT NOT NULL,
            specialist TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'open'
                CHECK (state IN ('open', 'paused', 'disabled')),
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE desk_sessions (
            token_hash TEXT PRIMARY KEY,
            desk_id INTEGER NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE queue_events (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            action TEXT NOT NULL CHECK (action IN
                ('call', 'recall', 'serve', 'no_show', 'transfer', 'close', 'pause',
                 'resume')),
            day TEXT NOT NULL,
            department TEXT NOT NULL,
            desk TEXT NOT NULL,
            room TEXT NOT NULL,
            ticket_uuid TEXT,
            ticket_number TEXT,
            priority INTEGER NOT NULL DEFAULT 0,
            ticket_status TEXT,
            to_department TEXT,
            wait_seconds INTEGER,
            service_seconds INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX queue_events_day ON queue_events (day, department, action)",
    ]
    for sql in statements:
        db.execute(sql)


@migrations()
def m003_housekeeping(db: Database) -> None:
    """Constant-cost housekeeping: erasure and compaction queues, outbox counters, indexes.

    New columns, tables, triggers and indexes only (forward-only, like every migration).

    * ``outbox.redacted_at``: when retention looked at a confirmed row (its personal data, if
      any, erased). Confirmed rows not yet looked at form the partial index
      ``outbox_erase_due``; looked-at ones form ``outbox_compact_due``: a cycle with nothing
      to do is one probe of each.
    * ``outbox_state_counts``: rows per state, kept by triggers in the writer's transaction.
    * ``daily_counts``: what compaction leaves of old records (tickets per local day and
      department, appeals per registration day and type, ratings per UTC hour and score).
    """
    statements = [
        "ALTER TABLE outbox ADD COLUMN redacted_at TEXT",
        "CREATE INDEX outbox_erase_due ON outbox (sent_at) "
        "WHERE state = 'sent' AND redacted_at IS NULL",
        "CREATE INDEX outbox_compact_due ON outbox (created_at) "
        "WHERE state = 'sent' AND redacted_at IS NOT NULL",
        "CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending'",
        "CREATE INDEX outbox_rejected ON outbox (id) WHERE state = 'rejected'",
        """CREATE TABLE outbox_state_counts (
            state TEXT PRIMARY KEY,
            n INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID""",
        "INSERT INTO outbox_state_counts (state, n) SELECT s.state, "
        "(SELECT count(*) FROM outbox WHERE outbox.state = s.state) FROM "
        "(SELECT 'pending' AS state UNION ALL SELECT 'sent' UNION ALL SELECT 'rejected') s",
        """CREATE TRIGGER outbox_count_insert AFTER INSERT ON outbox BEGIN
            UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
        END""",
        """CREATE TRIGGER outbox_count_update AFTER UPDATE OF state ON outbox
        WHEN OLD.state IS NOT NEW.state BEGIN
            UPDATE outbox_state_counts SET n = n - 1 WHERE state = OLD.state;
            UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
        END""",
        """CREATE TRIGGER outbox_count_delete AFTER DELETE ON outbox BEGIN
            UPDATE outbox_state_counts SET n = n - 1 WHERE state = OLD.state;
        END""",
        """CREATE TABLE daily_counts (
            kind TEXT NOT NULL CHECK (kind IN ('tickets', 'appeals', 'ratings')),
            period TEXT NOT NULL,
            key TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n > 0),
            PRIMARY KEY (kind, period, key)
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX tickets_issued ON tickets (issued_at)",
        "CREATE INDEX appeals_submitted ON appeals (submitted_at)",
        "CREATE INDEX bookings_booked ON bookings (booked_at)",
        "CREATE INDEX appeals_registered ON appeals (registered_on, appeal_type)",
        "CREATE INDEX ratings_rated ON ratings (rated_at, score)",
    ]
    for sql in statements:
        db.execute(sql)


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations under the write lock; returns the names applied."""
    with write_transaction(db):
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    return pending
