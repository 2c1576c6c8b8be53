"""Personal data leaves the disk after confirmation + retention: not in rows, payloads or WAL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlite_utils import Database

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.ratings import submit_rating
from kiosk.storage import open_database, utc_iso
from sync.retention import erase_personal_data
from tests.conftest import OPEN_MORNING

NAME = "Жанболат Әбдірахманұлы"
IIN = "900101300007"
PHONE_DIGITS = "7012345678"
TEXT = "Шалғай ауылға баратын жол жөнделсін"


def _appeal(db: Database, catalogue: Catalogue, name: str = NAME) -> str:
    person = Applicant.parse(name, IIN, "8 701 234 56 78", "Қарасу, Абай 5")
    draft = prepare_draft(catalogue, appeal_type="application", topic="Жол", text=TEXT,
                          applicant=person, consent=True, language=Language.KK, text_max=3000)
    return submit_appeal(db, catalogue, "karasu-01", draft, OPEN_MORNING).uuid


def _mark_sent(db: Database, uuid: str, when: dt.datetime) -> None:
    db.execute("UPDATE outbox SET state = 'sent', sent_at = ? WHERE record_uuid = ?",
               [utc_iso(when), uuid])


def _file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_old_confirmed_records_lose_their_personal_data_everywhere(
        tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "kiosk.sqlite3"
    db = open_database(path)
    uuid = _appeal(db, catalogue)
    rating = submit_rating(db, catalogue, score=2, reasons=[], comment="Маған Асан көмектеспеді",
                           department=None, language=Language.KK, now=OPEN_MORNING,
                           comment_max=500)
    _mark_sent(db, uuid, OPEN_MORNING)
    _mark_sent(db, rating.uuid, OPEN_MORNING)
    later = OPEN_MORNING + dt.timedelta(days=31)
    assert erase_personal_data(db, later, retention_days=30) == 2
    row = db.execute("SELECT full_name, iin, phone, address, text, topic, registration_number, "
                     "tracking_code, status, erased_at FROM appeals").fetchone()
    assert row[:6] == (None, None, None, None, "", "")
    assert row[6] and row[7] and row[8] == "registered" and row[9]
    payload = json.loads(db.execute("SELECT payload FROM outbox WHERE record_uuid = ?",
                                    [uuid]).fetchone()[0])
    assert payload["iin"] is None and payload["registration_number"] == row[6]
    db.close()
    raw = _file_bytes(path)
    for secret in (NAME, IIN, PHONE_DIGITS, TEXT, "Асан көмектеспеді"):
        assert secret.encode() not in raw, f"{secret!r} is still on disk"


def test_recent_or_unsent_records_keep_their_data(db: Database, catalogue: Catalogue) -> None:
    recent = _appeal(db, catalogue, "Серік Әбенов")
    pending = _appeal(db, catalogue, "Айгүл Серікқызы")
    _mark_sent(db, recent, OPEN_MORNING + dt.timedelta(days=10))
    assert erase_personal_data(db, OPEN_MORNING + dt.timedelta(days=31), retention_days=30) == 0
    names = {r[0] for r in db.execute("SELECT full_name FROM appeals")}
    assert names == {"Серік Әбенов", "Айгүл Серікқызы"}
    assert pending


def test_erasure_runs_once(db: Database, catalogue: Catalogue) -> None:
    uuid = _appeal(db, catalogue)
    _mark_sent(db, uuid, OPEN_MORNING)
    later = OPEN_MORNING + dt.timedelta(days=40)
    assert erase_personal_data(db, later, 30) == 1
    assert erase_personal_data(db, later, 30) == 0
