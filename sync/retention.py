"""Personal data leaves the kiosk's disk once the server has it and the retention period passed.

Erased: name, IIN, phone, address and free text (topic, appeal text, rating comment) —
in the business row *and* in its outbox payload. Kept: number, tracking code, status,
dates. ``secure_delete`` zeroes the freed bytes and a ``TRUNCATE`` checkpoint empties the
WAL, so the old values are not left in free pages or in the journal.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from sqlite_utils import Database

from kiosk.storage import utc_iso, write_transaction

logger = logging.getLogger(__name__)

#: Columns with personal data, per table; cleared to NULL or "" (NOT NULL columns).
PERSONAL: dict[str, dict[str, str | None]] = {
    "appeals": {"full_name": None, "iin": None, "phone": None, "address": None, "topic": "",
                "text": ""},
    "bookings": {"full_name": None, "iin": None, "phone": None, "topic": ""},
    "ratings": {"comment": ""},
}


def erase_personal_data(db: Database, now: dt.datetime, retention_days: int) -> int:
    """Erase personal fields of records confirmed more than ``retention_days`` ago.

    Returns the number of records erased. Records still pending or rejected keep their
    data (it is needed to send or to fix them).
    """
    cutoff = utc_iso(now - dt.timedelta(days=retention_days))
    erased = 0
    db.conn.execute("PRAGMA secure_delete = ON")
    with write_transaction(db):
        for table, fields in PERSONAL.items():
            pending_erasure = "AND t.erased_at IS NULL" if table != "ratings" else \
                "AND t.comment != ''"
            rows = db.execute(
                f"SELECT t.uuid, o.payload FROM {table} t JOIN outbox o ON o.record_uuid = t.uuid "
                f"WHERE o.state = 'sent' AND o.sent_at <= ? {pending_erasure}", [cutoff]).fetchall()
            for uuid, payload in rows:
                assignments = ", ".join(f"{column} = ?" for column in fields)
                values = list(fields.values())
                if table != "ratings":
                    assignments += ", erased_at = ?"
                    values.append(utc_iso(now))
                db.execute(f"UPDATE {table} SET {assignments} WHERE uuid = ?", [*values, uuid])
                redacted = {k: fields.get(k, v) for k, v in json.loads(payload).items()}
                db.execute("UPDATE outbox SET payload = ? WHERE record_uuid = ?",
                           [json.dumps(redacted, ensure_ascii=False, sort_keys=True), uuid])
                erased += 1
    if erased:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        logger.info("erased personal data of %d records older than %d days", erased,
                    retention_days)
    return erased
