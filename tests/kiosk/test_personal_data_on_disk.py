"""A citizen's name, IIN, phone and words leave the whole state folder after retention.

The state folder is filled through the real code paths (a ticket, an appeal, a booking, a
rating with a comment, a service search, a status look-up, the talon printed through the
emulator's pty, a maintenance preview drawn), logged at DEBUG into the kiosk's log file;
then the clock moves past retention, the database's and the files' retention run, and every
byte of every file under the state folder is searched. The masked IIN ("9001******03") is
allowed: it is printed on purpose and kept on the record's copy; the full IIN is not.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.bookings import book_slot, free_slots
from kiosk.catalogue import Catalogue
from kiosk.config import Config, PathsSection
from kiosk.file_retention import purge_files
from kiosk.i18n import Language, Translator
from kiosk.ratings import submit_rating
from kiosk.search import search_services
from kiosk.storage import open_database, utc_iso
from kiosk.tickets import issue_ticket
from printers.emulator.device import PrinterEmulator
from printers.emulator.preview import preview_png
from printers.printer import Printer
from printers.profiles import load_profile
from printers.receipts import ReceiptContext, appeal_talon
from printers.render import render_document
from printers.transport import SerialLine
from sync.http import ServerClient
from sync.retention import erase_personal_data
from sync.status import server_status
from tests.conftest import OPEN_MORNING

NAME = "Әлия Нұрланқызы"
IIN = "900101400003"
PHONE = "8 701 234 56 78"
TEXT = "Абай көшесі 12 үйдің жанындағы шам үш айдан бері жанбайды"
COMMENT = "Маған Нұрлан Серікұлы көмектеспеді"
TOPIC = "Көше жарығы"
#: Every form in which the values could be written: plain UTF-8, JSON-escaped, the phone's
#: digits with and without the country prefix.
SECRETS = {
    "name": [NAME, json.dumps(NAME)[1:-1]],
    "IIN": [IIN],
    "phone": ["7012345678", "701 234 56 78"],
    "appeal text": [TEXT, json.dumps(TEXT)[1:-1], "шам үш айдан бері"],
    "rating comment": [COMMENT, "Нұрлан Серікұлы"],
}


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A kiosk whose state folder is ``tmp_path/state``."""
    return Config(paths=PathsSection(state_dir=tmp_path / "state"))


@pytest.fixture
def kiosk_log(config: Config) -> Iterator[Path]:
    """Every log record at DEBUG into the kiosk's log file, as ``kiosk run`` writes it."""
    config.paths.state_dir.mkdir(parents=True)
    handler = logging.FileHandler(config.log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield config.log_file
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


def citizen_visits(config: Config, db: Database, catalogue: Catalogue,
                   translator: Translator) -> str:
    """What visitors do in a day; returns the appeal's tracking code."""
    issue_ticket(db, catalogue, "social", OPEN_MORNING, Language.KK)
    search_services(catalogue, NAME)  # a visitor typed their name into the search
    person = Applicant.parse(NAME, IIN, PHONE, "Қарасу, Абай 12")
    draft = prepare_draft(catalogue, appeal_type="application", topic=TOPIC, text=TEXT,
                          applicant=person, consent=True, language=Language.KK, text_max=3000)
    appeal = submit_appeal(db, catalogue, "karasu-01", draft, OPEN_MORNING)
    slot = free_slots(db, catalogue, OPEN_MORNING)[0]
    book_slot(db, catalogue, slot_start=slot.start, topic=TOPIC, applicant=person,
              language=Language.KK, now=OPEN_MORNING)
    submit_rating(db, catalogue, score=2, reasons=[], comment=COMMENT, department=None,
                  language=Language.KK, now=OPEN_MORNING, comment_max=500)
    # the status page asked while the region is unreachable (nothing listens on port 9)
    assert server_status(ServerClient("http://127.0.0.1:9", "token", timeout=2.0),
                         appeal.tracking_code) is None
    profile = load_profile("epson-tm-t20iii")
    ctx = ReceiptContext(catalogue, translator, Language.KK, "http://127.0.0.1:8470",
                         "karasu-01")
    data = render_document(appeal_talon(appeal, ctx), profile)
    with PrinterEmulator(profile, config.paths.receipts / "emulator") as emulator, \
            SerialLine(emulator.port, profile, write_timeout=2.0) as line:
        assert Printer(line, profile, status_timeout=0.3).print_job(data).printed
        [saved] = emulator.wait_for_receipts(1)
    assert NAME in saved.text_path.read_text(encoding="utf-8")  # the talon shows the name
    preview_png(data, profile, config.paths.state_dir / "cache" / "previews" /
                f"{appeal.uuid}.png")
    return appeal.tracking_code


def _found(data: bytes, secrets: dict[str, list[str]]) -> list[str]:
    return [what for what, forms in secrets.items()
            if any(form.encode() in data for form in forms)]


def _files_holding(folder: Path, secrets: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each file under ``folder`` (binary too) that holds one of ``secrets``: which ones."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            hits = _found(path.read_bytes(), secrets)
            if hits:
                found[str(path.relative_to(folder))] = hits
    return found


def test_the_logs_of_a_citizen_flow_hold_no_personal_data(
        config: Config, catalogue: Catalogue, translator: Translator,
        caplog: pytest.LogCaptureFixture) -> None:
    config.paths.state_dir.mkdir(parents=True)
    db = open_database(config.paths.database)
    caplog.set_level(logging.DEBUG)
    try:
        code = citizen_visits(config, db, catalogue, translator)
    finally:
        db.close()
    assert caplog.records  # the flow did log (the printer, the status look-up...)
    secrets = {**SECRETS, "tracking code": [code]}
    leaks = [(record.name, what) for record in caplog.records
             for what in _found(record.getMessage().encode(), secrets)]
    assert not leaks, leaks


def test_after_retention_no_file_in_the_state_folder_holds_personal_data(
        config: Config, catalogue: Catalogue, translator: Translator, kiosk_log: Path) -> None:
    state = config.paths.state_dir
    db = open_database(config.paths.database)
    ui_db = open_database(config.paths.database)  # the UI keeps its own connection open
    citizen_visits(config, db, catalogue, translator)
    assert _files_holding(state, SECRETS), "the flow wrote nothing personal: the test is blind"
    db.execute("UPDATE outbox SET state = 'sent', sent_at = ?", [utc_iso(OPEN_MORNING)])
    days = config.limits.retention_days
    later = max(dt.datetime.now(dt.UTC), OPEN_MORNING) + dt.timedelta(days=days + 1)
    assert erase_personal_data(db, later, days) == 3
    purge_files(config, later)
    # no checkpoint of our own: the retention pass must leave the WAL empty by itself
    assert _files_holding(state, SECRETS) == {}  # while the kiosk runs, both connections open
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ui_db.close()
    db.close()
    assert _files_holding(state, SECRETS) == {}
    for folder in (config.paths.receipts / "emulator", state / "cache" / "previews"):
        pictures = [p.name for p in folder.iterdir() if p.suffix in (".png", ".txt")]
        assert pictures == [], f"{folder.name} still holds {pictures}"  # names as pixels


def test_a_config_with_its_own_receipts_folder_is_purged_there(
        config: Config, tmp_path: Path) -> None:
    """``paths.receipts_dir`` outside the state folder: its emulator output goes too."""
    own = replace(config, paths=replace(config.paths, receipts_dir=tmp_path / "paper"))
    old = own.paths.receipts / "emulator" / "0001.txt"
    old.parent.mkdir(parents=True)
    old.write_text(NAME, encoding="utf-8")
    assert purge_files(own, dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).total == 1
    assert not old.exists()
