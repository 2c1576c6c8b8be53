"""The akim's reception in the console: the day's list within a scope, cancel and move.

Bookings arrive through the kiosk API as a kiosk sends them. Akimats: *karasu* and
*zhibek* (district *arshaly*), *ozen* (*bulandy*); ``office.a`` is karasu's akim's office,
``office.b`` zhibek's. The clock stands on Wednesday 2 December 2026, 10:00 in Almaty;
the packaged schedule has sessions on Tuesdays 10-12 and Thursdays 15-17, 15 minutes a slot.
Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid as uuidlib
from pathlib import Path
from typing import Any

import pytest

from kiosk.reception import parse_changes
from kiosk.tracking import new_tracking_code
from sync.protocol import Record
from sync.server.accounts import Accounts
from tests.sync.server.console.conftest import PASSWORD, TEST_SCRYPT_N, Staff, World

THURSDAY = "2026-12-03"
T1500, T1515, T1530 = (f"{THURSDAY}T15:{m}:00+05:00" for m in ("00", "15", "30"))
#: name -> (kiosk, slot start, applicant, phone, topic, language)
BOOKINGS = {
    "a1": ("karasu-01", T1500, "Асқарова Гүлнар Серікқызы", "+77015550123",
           "Жер телімі туралы", "kk"),
    "a2": ("karasu-01", T1515, "Иванов Пётр Сергеевич", "+77015550456", "Субсидия", "ru"),
    "b1": ("zhibek-01", T1500, "Жұмабекова Айгерім", "+77019990001", "Су құбыры", "kk"),
    "c1": ("ozen-01", T1500, "Өтебаев Самат", "+77018880002", "Жол жөндеу", "kk"),
}


def booking_record(slot_start: str, person: str, phone: str, topic: str,
                   language: str) -> Record:
    """A booking exactly as a kiosk sends it (kiosk/bookings.py's row)."""
    record_uuid = str(uuidlib.uuid4())
    end = slot_start.replace(slot_start[11:16], _later(slot_start[11:16]))
    return Record(record_uuid, "booking", {
        "uuid": record_uuid, "tracking_code": new_tracking_code(), "slot_start": slot_start,
        "slot_end": end, "topic": topic, "full_name": person, "iin": "880512450017",
        "phone": phone, "language": language, "booked_at": "2026-12-01T05:00:00.000000+00:00"})


def _later(hhmm: str) -> str:
    hours, minutes = int(hhmm[:2]), int(hhmm[3:]) + 15
    return f"{hours + minutes // 60:02d}:{minutes % 60:02d}"


@pytest.fixture
def bookings(world: World) -> dict[str, tuple[int, Record]]:
    """The bookings of :data:`BOOKINGS` sent by their kiosks; and office.b for zhibek."""
    Accounts(world.store.db, world.clock, scrypt_n=TEST_SCRYPT_N).add(
        "office.b", "Office B", "office", akimat="zhibek", password=PASSWORD)
    sent = {}
    for name, (kiosk_id, slot, person, phone, topic, language) in BOOKINGS.items():
        record = booking_record(slot, person, phone, topic, language)
        answer = world.live.send(world.tokens[kiosk_id], kiosk_id, [record])
        assert world.live.results(answer) == [(record.uuid, "accepted")]
        sent[name] = (world.record_id(record.uuid), record)
    return sent


def reception_documents(world: World) -> list[tuple[str, dict[str, str]]]:
    """(target kiosk, files) of every reception document stored, oldest first."""
    rows = world.store.db.query("SELECT target, files FROM documents WHERE kind = 'reception' "
                                "ORDER BY id")
    return [(str(target), json.loads(files)) for target, files in rows]


def booking_columns(world: World, record_id: int) -> tuple[str, str, str, str]:
    """(status, slot_start, day, reply) of a booking as stored."""
    row = world.store.db.query("SELECT status, slot_start, day, reply FROM records "
                               "WHERE id = ?", (record_id,))[0]
    return str(row[0]), str(row[1]), str(row[2]), str(row[3])


def change(staff: Staff, record_id: int, action: str, **form: str) -> Any:
    """POST the cancel or move form of a booking with the page's CSRF token."""
    return staff.post(f"/staff/reception/booking/{record_id}/{action}", form,
                      token=staff.csrf(f"/staff/reception/booking/{record_id}"))


def test_the_day_list_shows_the_akimats_bookings_and_no_other(
        world: World, bookings: dict[str, tuple[int, Record]]) -> None:
    office = world.sign_in("office.a")
    page = office.get(f"/staff/reception?day={THURSDAY}&lang=en")
    assert page.status_code == 200
    for name in ("a1", "a2"):
        _, _, person, phone, topic, _ = BOOKINGS[name]
        assert person in page.text and phone in page.text and topic in page.text
    assert "15:00" in page.text and "15:15" in page.text
    for name in ("b1", "c1"):
        assert BOOKINGS[name][2] not in page.text
        assert f"/staff/reception/booking/{bookings[name][0]}\"" not in page.text
    assert "Booked: 2; cancelled: 0" in page.text
    # the day before has none of them; the links lead to the neighbouring days
    before = office.get("/staff/reception?day=2026-12-02&lang=en")
    assert BOOKINGS["a1"][2] not in before.text and "Nobody has booked this day." in before.text
    assert re.search(r'href="[^"]*day=2026-12-02[&"]', page.text)
    assert re.search(r'href="[^"]*day=2026-12-04[&"]', page.text)
    # viewing the list is a view of personal data: audited
    assert ("office.a", "reception-list") in [(r[0], r[1]) for r in world.audit_rows()]


def test_the_district_sees_its_akimats_and_not_another_district(
        world: World, bookings: dict[str, tuple[int, Record]]) -> None:
    page = world.sign_in("district.arshaly").get(f"/staff/reception?day={THURSDAY}&lang=en")
    assert page.status_code == 200
    for name in ("a1", "a2", "b1"):
        assert BOOKINGS[name][2] in page.text
    assert BOOKINGS["c1"][2] not in page.text
    only_b = world.sign_in("district.arshaly").get(
        f"/staff/reception?day={THURSDAY}&akimat=zhibek&lang=en")
    assert BOOKINGS["b1"][2] in only_b.text and BOOKINGS["a1"][2] not in only_b.text


def test_a_clerk_has_no_reception_pages(world: World,
                                       bookings: dict[str, tuple[int, Record]]) -> None:
    clerk = world.sign_in("clerk.a")
    record_id = bookings["a1"][0]
    for path in (f"/staff/reception?day={THURSDAY}", "/staff/reception/pdf",
                 f"/staff/reception/booking/{record_id}", "/staff/reception/schedule"):
        assert clerk.get(path).status_code == 404, path
    answer = clerk.post(f"/staff/reception/booking/{record_id}/cancel", {"reason": "x"})
    assert answer.status_code == 404
    assert booking_columns(world, record_id)[0] == "booked"


@pytest.mark.parametrize("action", ["view", "cancel", "move"])
def test_another_akimats_booking_is_not_found_by_url(
        world: World, bookings: dict[str, tuple[int, Record]], action: str) -> None:
    office = world.sign_in("office.a")
    record_id = bookings["b1"][0]
    if action == "view":
        answer = office.get(f"/staff/reception/booking/{record_id}")
    else:
        answer = office.post(f"/staff/reception/booking/{record_id}/{action}",
                             {"reason": "Аким занят", "slot": T1530})
    assert answer.status_code == 404
    assert BOOKINGS["b1"][2] not in answer.text
    assert booking_columns(world, record_id)[:2] == ("booked", T1500)
    assert reception_documents(world) == []


def test_cancelling_reaches_the_status_page_history_audit_and_the_kiosks(
        world: World, bookings: dict[str, tuple[int, Record]]) -> None:
    office = world.sign_in("office.a")
    record_id, record = bookings["a1"]
    answer = change(office, record_id, "cancel", reason="Әкім аудандық сессияда")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/staff/reception/booking/{record_id}?saved=cancel"
    status, slot, _, reply = booking_columns(world, record_id)
    assert (status, slot) == ("cancelled", T1500)
    assert "Әкім аудандық сессияда" in reply and "15:00" in reply
    history = world.store.db.query("SELECT login, old_status, new_status, reason FROM "
                                   "status_history WHERE record_id = ?", (record_id,))
    assert [tuple(map(str, row)) for row in history] == [
        ("office.a", "booked", "cancelled", "Әкім аудандық сессияда")]
    assert ("office.a", "booking-cancel", record_id) in [r[:3] for r in world.audit_rows()]
    # the citizen's page
    public = world.client().get(f"/t/{record.payload['tracking_code']}?lang=en")
    assert public.status_code == 200
    assert "Cancelled" in public.text and "Әкім аудандық сессияда" in public.text
    assert BOOKINGS["a1"][2] not in public.text  # no personal data on the public page
    # the akimat's kiosks get a reception document naming the booking as cancelled
    [(target, files)] = reception_documents(world)
    assert target == "karasu-01"
    [entry] = parse_changes(files["bookings.toml"])
    assert (entry.uuid, entry.status, entry.slot_start.isoformat()) == (
        record.uuid, "cancelled", T1500)
    # the other booking of the day is untouched; the list shows the cancellation
    assert booking_columns(world, bookings["a2"][0])[0] == "booked"
    page = office.get(f"/staff/reception?day={THURSDAY}&lang=en")
    assert "Booked: 1; cancelled: 1" in page.text


def test_moving_keeps_the_booking_booked_at_its_new_time(
        world: World, bookings: dict[str, tuple[int, Record]]) -> None:
    office = world.sign_in("office.a")
    record_id, record = bookings["a2"]  # a Russian speaker
    answer = change(office, record_id, "move", slot=T1530, reason="Аким задерживается")
    assert answer.status_code == 303, answer.text[:500]
    status, slot, day, reply = booking_columns(world, record_id)
    assert (status, slot, day) == ("booked", T1530, THURSDAY)
    assert "15:30" in reply and "Аким задерживается" in reply
    assert "декабря" in reply  # the time in the citizen's language (Russian month name)
    stored = world.store.db.query("SELECT payload FROM records WHERE id = ?", (record_id,))
    assert json.loads(stored[0][0])["slot_start"] == T1515  # the kiosk's payload stays
    [(old, new, reason)] = world.store.db.query(
        "SELECT old_status, new_status, reason FROM status_history WHERE record_id = ?",
        (record_id,))
    assert (old, new) == ("booked", "booked")
    assert T1515 in reason and T1530 in reason and "Аким задерживается" in reason
    assert ("office.a", "booking-move", record_id) in [r[:3] for r in world.audit_rows()]
    public = world.client().get(f"/t/{record.payload['tracking_code']}?lang=ru")
    assert "15:30" in public.text and "Аким задерживается" in public.text
    [(_, files)] = reception_documents(world)
    [entry] = parse_changes(files["bookings.toml"])
    assert (entry.status, entry.slot_start.isoformat(), entry.slot_end.isoformat()) == (
        "booked", T1530, f"{THURSDAY}T15:45:00+05:00")
    # the freed 15:15 can take another booking in the console; the list shows the new time
    page = office.get(f"/staff/reception/booking/{bookings['a1'][0]}")
    assert f'value="{T1515}"' in page.text and f'value="{T1530}"' not in page.text
    listed = office.get(f"/staff/reception?day={THURSDAY}&lang=en").text
    assert listed.index(BOOKINGS["a1"][2]) < listed.index(BOOKINGS["a2"][2])
    assert "moved" in listed


@pytest.mark.parametrize(("slot", "words"), [
    (T1500, "another citizen has booked this time"),
    (T1515, "already has this time"),
    (f"{THURSDAY}T15:07:00+05:00", "not a free time"),
    ("2026-12-02T15:00:00+05:00", "not a free time"),  # a Wednesday: no session
    ("2026-12-01T10:15:00+05:00", "not a free time"),  # Tuesday's session is past
    ("2027-03-04T15:00:00+05:00", "not a free time"),  # beyond the booking horizon
    ("tomorrow", "not a time"),
])
def test_a_move_onto_a_taken_or_unscheduled_time_is_refused(
        world: World, bookings: dict[str, tuple[int, Record]], slot: str, words: str) -> None:
    office = world.sign_in("office.a")
    record_id = bookings["a2"][0]
    answer = change(office, record_id, "move", slot=slot, reason="Аким задерживается")
    assert answer.status_code == 400
    assert words in answer.text
    assert booking_columns(world, record_id)[:2] == ("booked", T1515)
    assert reception_documents(world) == []
    assert not world.store.db.query("SELECT 1 FROM status_history WHERE record_id = ?",
                                    (record_id,))


@pytest.mark.parametrize("action", ["cancel", "move"])
def test_a_change_without_a_reason_or_a_csrf_token_is_refused(
        world: World, bookings: dict[str, tuple[int, Record]], action: str) -> None:
    office = world.sign_in("office.a")
    record_id = bookings["a1"][0]
    no_reason = change(office, record_id, action, slot=T1530, reason="   ")
    assert no_reason.status_code == 400 and "a reason is required" in no_reason.text
    path = f"/staff/reception/booking/{record_id}/{action}"
    for token in (None, "forged-token"):
        answer = office.post(path, {"slot": T1530, "reason": "x"}, token=token)
        assert answer.status_code == 403
    assert booking_columns(world, record_id)[:2] == ("booked", T1500)
    assert reception_documents(world) == []


def test_the_registry_refuses_changing_a_cancelled_or_done_booking(
        world: World, bookings: dict[str, tuple[int, Record]]) -> None:
    office = world.sign_in("office.a")
    record_id = bookings["a1"][0]
    assert change(office, record_id, "cancel", reason="Аким в отъезде").status_code == 303
    again = change(office, record_id, "cancel", reason="Ещё раз")
    assert again.status_code == 400 and "already cancelled" in again.text
    moved = change(office, record_id, "move", slot=T1530, reason="Вернулся")
    assert moved.status_code == 400 and "cancelled is final" in moved.text
    assert booking_columns(world, record_id)[:2] == ("cancelled", T1500)
    done_id, done = bookings["a2"]
    world.store.set_status(str(done.payload["tracking_code"]), "done", None, by="operator")
    for action in ("cancel", "move"):
        answer = change(office, done_id, action, slot=T1530, reason="Поздно")
        assert answer.status_code == 400 and "done is final" in answer.text
    assert len(reception_documents(world)) == 1  # only the first cancellation published


def test_the_day_list_prints_as_an_a4_pdf_of_the_akimat(
        world: World, bookings: dict[str, tuple[int, Record]], tmp_path: Path) -> None:
    office = world.sign_in("office.a")
    answer = office.get(f"/staff/reception/pdf?day={THURSDAY}&lang=ru")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    path = tmp_path / "reception.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for name in ("a1", "a2"):
        assert BOOKINGS[name][3] in text  # the phone
        assert BOOKINGS[name][2].split()[0] in text  # the surname
    assert BOOKINGS["b1"][2].split()[0] not in text
    assert "15:00" in text and "karasu" in text
    size = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+841\.89 x 595\.27\d* pts \(A4\)", size), size  # A4 landscape
    assert ("office.a", "reception-pdf") in [(r[0], r[1]) for r in world.audit_rows()]


def test_the_booking_page_offers_only_free_times_of_the_schedule(
        world: World, bookings: dict[str, tuple[int, Record]]) -> None:
    office = world.sign_in("office.a")
    page = office.get(f"/staff/reception/booking/{bookings['a1'][0]}?lang=en")
    assert page.status_code == 200
    offered = re.findall(r'<option value="(2026-[^"]+)"', page.text)
    assert T1500 not in offered and T1515 not in offered  # this one's own and a2's
    assert offered[0] == T1530 and f"{THURSDAY}T16:45:00+05:00" in offered
    assert f"{THURSDAY}T17:00:00+05:00" not in offered  # the session ends at 17:00
    assert "2026-12-08T10:00:00+05:00" in offered  # next Tuesday
    assert not any(value.startswith("2026-12-02") for value in offered)  # a Wednesday
    assert ("office.a", "view", bookings["a1"][0]) in [r[:3] for r in world.audit_rows()]
