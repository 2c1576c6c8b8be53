"""The registry of kinds and statuses: the whole transition matrix, words in kk/ru/en, and
agreement with the kiosk's SQLite schema, its outbox payloads and the sync protocol."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.bookings import book_slot, free_slots
from kiosk.catalogue import Catalogue
from kiosk.i18n import LANGUAGES, Language, Translator
from kiosk.kinds import (
    KINDS,
    allowed_next,
    check_status,
    initial_status,
    kind,
    status_tone,
    status_word,
    tracked_kinds,
    transition_problem,
)
from kiosk.storage import BUSINESS_TABLES, apply_migrations, connect
from kiosk.tickets import issue_ticket
from sync.protocol import RECORD_KINDS, Record
from sync.server.records import lookup_fields
from tests.conftest import OPEN_MORNING

#: The workflow as the product defines it (APPC for appeals), written out independently of
#: the registry: kind -> status -> the statuses it may become.
WORKFLOW: dict[str, dict[str, set[str]]] = {
    "ticket": {"waiting": {"called", "missed"}, "called": {"served", "missed", "waiting"},
               "served": set(), "missed": set()},
    "appeal": {"registered": {"in_progress", "answered", "forwarded", "rejected"},
               "in_progress": {"answered", "forwarded", "rejected"},
               "answered": set(), "forwarded": set(), "rejected": set()},
    "booking": {"booked": {"cancelled", "done"}, "cancelled": set(), "done": set()},
}
MATRIX = [(k, old, new) for k, steps in WORKFLOW.items() for old in steps for new in steps]


def test_the_registry_has_the_workflow_s_kinds_and_statuses_in_order() -> None:
    assert tuple(KINDS) == ("ticket", "appeal", "booking", "rating", "audit", "queue")
    assert tracked_kinds() == ("ticket", "appeal", "booking")
    for name, steps in WORKFLOW.items():
        assert kind(name).codes == tuple(steps)
    assert kind("rating").statuses == () and kind("audit").statuses == ()
    assert kind("appeal").initial is not None and kind("appeal").initial.code == "registered"
    assert kind("rating").initial is None
    assert [initial_status(k) for k in (*KINDS, "nonsense")] == \
        ["waiting", "registered", "booked", "", "", "", ""]


@pytest.mark.parametrize(("kind_name", "old", "new"), MATRIX,
                         ids=[f"{k}:{o}->{n}" for k, o, n in MATRIX])
def test_every_transition_is_allowed_or_refused_as_the_workflow_says(
        kind_name: str, old: str, new: str) -> None:
    problem = transition_problem(kind_name, old, new)
    if new in WORKFLOW[kind_name][old] or new == old:
        assert problem is None
    else:
        assert problem is not None
        assert f"that is {old} cannot become {new}" in problem
    assert (new in allowed_next(kind_name, old)) == (new in WORKFLOW[kind_name][old])


def test_final_statuses_are_exactly_those_that_go_nowhere_and_none_is_waiting() -> None:
    for name, steps in WORKFLOW.items():
        for status in kind(name).statuses:
            assert status.final == (not steps[status.code]), (name, status.code)
            if status.final:  # the console counts a "waiting" appeal past its deadline as late
                assert status.tone != "waiting", (name, status.code)


def test_refusals_say_why() -> None:
    assert transition_problem("appeal", "answered", "in_progress") == \
        "an appeal that is answered cannot become in_progress (answered is final)"
    assert transition_problem("ticket", "waiting", "served") == \
        "a ticket that is waiting cannot become served (it can become called, missed)"
    assert transition_problem("appeal", "registered", "done") == \
        "status of an appeal must be one of registered, in_progress, answered, forwarded, rejected"
    assert "no status" in (transition_problem("rating", "", "answered") or "")
    # A record with a stored status its kind does not know can be repaired.
    assert transition_problem("booking", "", "done") is None
    assert allowed_next("booking", "") == ("booked", "cancelled", "done")
    assert allowed_next("rating", "") == () and allowed_next("nonsense", "x") == ()


def test_status_checks_and_unknown_kinds() -> None:
    assert check_status("appeal", "forwarded") is None
    assert "one of booked, cancelled, done" in (check_status("booking", "answered") or "")
    assert check_status("rating", "answered") == "a rating record has no status"
    assert check_status("nonsense", "answered") == "a nonsense record has no status"
    with pytest.raises(ValueError, match="no kind of record is called 'nonsense'"):
        kind("nonsense")
    assert status_word("nonsense", "done") is None and status_word("appeal", "done") is None
    assert status_tone("appeal", "nonsense") == "waiting"


def test_tones() -> None:
    assert [status_tone("appeal", s) for s in WORKFLOW["appeal"]] == \
        ["waiting", "waiting", "good", "good", "bad"]
    assert [status_tone("booking", s) for s in WORKFLOW["booking"]] == ["good", "bad", "good"]
    assert [status_tone("ticket", s) for s in WORKFLOW["ticket"]] == \
        ["waiting", "waiting", "good", "bad"]


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.value)
def test_every_status_and_kind_has_a_word_that_is_not_the_raw_code(
        translator: Translator, lang: Language) -> None:
    for k in KINDS.values():
        assert translator.render(k.word, lang).strip() not in ("", k.name)
        if k.number_label is not None:
            assert translator.render(k.number_label, lang).strip()
        for status in k.statuses:
            word = translator.render(status.word, lang)
            assert word.strip() and word != status.code, (lang, k.name, status.code)
            if lang is not Language.EN:  # really translated, not the English msgid
                assert word != status.word.msgid, (lang, k.name, status.code)


def test_one_word_for_a_rejected_appeal_and_a_booking_that_took_place(
        translator: Translator) -> None:
    rejected = status_word("appeal", "rejected")
    done = status_word("booking", "done")
    assert rejected is not None and done is not None
    assert [translator.render(rejected, lang) for lang in LANGUAGES] == \
        ["Қараусыз қалдырылды", "Оставлено без рассмотрения", "Left without consideration"]
    assert [translator.render(done, lang) for lang in LANGUAGES] == \
        ["Қабылдау өтті", "Приём состоялся", "The reception took place"]


# --- the kiosk's own database ---------------------------------------------------------


def _kiosk_db(tmp_path: Path) -> Database:
    db = connect(tmp_path / "kiosk.sqlite3")
    apply_migrations(db)
    return db


def _filler_row(db: Database, table: str) -> dict[str, object]:
    """A row with a value for every NOT NULL column without a default."""
    row: dict[str, object] = {}
    for cid, name, type_, notnull, default, pk in db.execute(
            f"PRAGMA table_info({table})").fetchall():
        if pk or not notnull or default is not None:
            continue
        row[name] = 1 if type_ == "INTEGER" else f"{name}-{cid}"
    return row


def _accepted_statuses(db: Database, table: str, candidates: list[str]) -> set[str]:
    """The candidate statuses SQLite lets a row of ``table`` take."""
    row = _filler_row(db, table)
    with db.conn:
        db.execute(f"INSERT INTO {table} ({', '.join(row)}) "
                   f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    accepted = set()
    for status in candidates:
        try:
            with db.conn:
                db.execute(f"UPDATE {table} SET status = ?", [status])
            accepted.add(status)
        except sqlite3.IntegrityError:
            pass
    return accepted


def test_the_registry_and_the_kiosk_s_check_constraints_agree(tmp_path: Path) -> None:
    db = _kiosk_db(tmp_path)
    assert {k.table for k in KINDS.values()} == set(BUSINESS_TABLES)
    every_code = sorted({s.code for k in KINDS.values() for s in k.statuses} | {"bogus", ""})
    for k in KINDS.values():
        columns = {c[1]: c for c in db.execute(f"PRAGMA table_info({k.table})").fetchall()}
        if not k.statuses:
            assert "status" not in columns, k.table
            continue
        assert columns["status"][4] == f"'{k.initial.code if k.initial else ''}'", k.table
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [k.table]).fetchone()[0]
        check = re.search(r"CHECK \(status IN \(([^)]*)\)\)", sql)
        accepted = _accepted_statuses(db, k.table, every_code)
        assert set(k.kiosk_codes) <= accepted, k.table
        if check is not None:
            declared = {code.strip().strip("'") for code in check.group(1).split(",")}
            assert declared == set(k.kiosk_codes), k.table
            assert accepted == set(k.kiosk_codes), k.table
        else:  # appeals: the table does not constrain the status; the kiosk holds them all
            assert k.kiosk_codes == k.codes, k.table
    assert kind("booking").kiosk_codes == ("booked", "cancelled")  # "done" is set on the server
    db.close()


def test_record_kinds_agree_with_the_sync_protocol() -> None:
    assert tuple(KINDS) == RECORD_KINDS


def test_number_and_deadline_fields_are_in_the_outbox_payload(
        db: Database, catalogue: Catalogue) -> None:
    ticket = issue_ticket(db, catalogue, "land", OPEN_MORNING, Language.KK)
    person = Applicant.parse("Әлия Нұрланқызы", "900101400003", "87012345678")
    draft = prepare_draft(catalogue, appeal_type="complaint", topic="Көпір", text="Көпір құлады",
                          applicant=person, consent=True, language=Language.KK, text_max=3000)
    appeal = submit_appeal(db, catalogue, "karasu-01", draft, OPEN_MORNING)
    slot = free_slots(db, catalogue, OPEN_MORNING)[0]
    book_slot(db, catalogue, slot_start=slot.start, topic="Жол", applicant=person,
              language=Language.KK, now=OPEN_MORNING)
    expected = {"ticket": (ticket.number, ""),
                "appeal": (appeal.registration_number, appeal.deadline.isoformat()),
                "booking": ("", "")}
    rows = db.execute("SELECT record_uuid, kind, payload FROM outbox").fetchall()
    assert sorted(r[1] for r in rows) == sorted(expected)
    for uuid, kind_name, payload_text in rows:
        payload = json.loads(payload_text)
        k = kind(kind_name)
        number, deadline = expected[kind_name]
        assert (payload[k.number_field] if k.number_field else "") == number
        assert (payload[k.deadline_field] if k.deadline_field else "") == deadline
        stored = db.execute(f"SELECT status FROM {k.table} WHERE uuid = ?", [uuid]).fetchone()
        assert stored[0] == initial_status(kind_name)
        fields = lookup_fields(Record(uuid, kind_name, payload))  # what the server reads
        assert (fields.number, fields.deadline, fields.status) == \
            (number, deadline, initial_status(kind_name))
