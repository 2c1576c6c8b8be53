"""The reception schedule is published from the console, checked like every document.

A good schedule becomes the akimat's reception document and reaches its kiosks inside
their catalogue; a schedule (or any reception document) a kiosk would refuse is refused
by every route — the console's schedule page, the staff API and ``kiosk-server publish``
— and nothing is stored. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest

from kiosk.published import check_published_files
from kiosk.reception import parse_schedule
from kiosk.tracking import new_tracking_code
from sync.protocol import PublishedDocument
from sync.server.cli import main
from sync.server.console.web import LANG_COOKIE
from tests.helpers.documents import DEEP, catalogue_files
from tests.sync.server.console.conftest import Staff, World
from tests.sync.server.console.test_reception import (  # noqa: F401
    BOOKINGS,
    THURSDAY,
    bookings,
)
from tests.sync.server.live import document

GOOD_CHANGE = f"""[[change]]
uuid = "146411ac-6817-4014-8e35-43ac6fa85edb"
tracking_code = "{new_tracking_code()}"
status = "cancelled"
slot_start = "2026-12-03T15:00:00+05:00"
slot_end = "2026-12-03T15:15:00+05:00"
"""
SCHEDULE = catalogue_files()["reception.toml"]
#: name -> (files of a reception document, words the refusal must contain)
BROKEN: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "not-toml": ({"reception.toml": "[[session]\n", "bookings.toml": ""},
                 ("reception.toml", "TOML")),
    "ends-before-start": ({"reception.toml": SCHEDULE.replace('end = "12:00"', 'end = "09:00"'),
                           "bookings.toml": ""}, ("reception.toml", "session #1", "end")),
    "unknown-weekday": ({"reception.toml": SCHEDULE.replace('"tuesday"', '"funday"'),
                         "bookings.toml": ""}, ("reception.toml", "weekday")),
    "cancelled-is-a-number": ({"reception.toml": "cancelled = 5\n" + SCHEDULE,
                               "bookings.toml": ""}, ("reception",)),
    "no-changes-file": ({"reception.toml": SCHEDULE}, ("bookings.toml",)),
    "change-status-done": ({"reception.toml": SCHEDULE,
                            "bookings.toml": GOOD_CHANGE.replace('"cancelled"', '"done"')},
                           ("bookings.toml", "change #1", "status")),
    "change-without-offset": ({"reception.toml": SCHEDULE, "bookings.toml": GOOD_CHANGE.replace(
        "15:00:00+05:00", "15:00:00")}, ("bookings.toml", "slot_start")),
    "change-deeply-nested": ({"reception.toml": SCHEDULE,
                              "bookings.toml": "x = " + "[" * DEEP + "]" * DEEP + "\n"},
                             ("bookings.toml", "nested")),
    "extra-file": ({"reception.toml": SCHEDULE, "bookings.toml": "", "notes.toml": "a = 1\n"},
                   ("notes.toml",)),
}


def stored(world: World, kind: str = "reception") -> int:
    """How many documents of ``kind`` the server holds."""
    return int(world.store.db.query("SELECT count(*) FROM documents WHERE kind = ?",
                                    (kind,))[0][0])


def schedule_form(**changes: str) -> dict[str, str]:
    """The schedule form for karasu as a clerk would fill it (Tuesday and Thursday)."""
    form = {"akimat": "karasu", "horizon": "14",
            "s0_weekday": "tuesday", "s0_start": "10:00", "s0_end": "12:00", "s0_minutes": "15",
            "s1_weekday": "thursday", "s1_start": "15:00", "s1_end": "17:00", "s1_minutes": "20",
            "host_kk": "Қарасу ауылдық округінің әкімі", "host_ru": "Аким Карасу", "host_en": "",
            "place_kk": "202-бөлме", "place_ru": "Кабинет 202", "place_en": "Room 202",
            "c0_date": THURSDAY, "c0_kk": "Әкім сессияда", "c0_ru": "Аким на сессии",
            "c0_en": ""}
    return {**form, **changes}


def publish_schedule(staff: Staff, form: dict[str, str], *, token: str | None = "page",
                     ) -> httpx.Response:
    """POST the schedule form with the page's CSRF token (the page in English)."""
    staff.http.cookies.set(LANG_COOKIE, "en")
    if token == "page":
        token = staff.csrf("/staff/reception/schedule")
    return staff.post("/staff/reception/schedule", form, token=token)


def kiosk_document(world: World, kiosk_id: str, kind: str) -> PublishedDocument | None:
    """What a kiosk gets from ``GET /api/v1/documents/<kind>``."""
    answer = world.client().get(f"/api/v1/documents/{kind}", headers={
        "Authorization": f"Bearer {world.tokens[kiosk_id]}"})
    if answer.status_code == 404:
        return None
    assert answer.status_code == 200, answer.text
    data = answer.json()
    return PublishedDocument(data["kind"], data["version"], data["files"], data["content_hash"])


def test_the_page_shows_the_schedule_in_use(world: World) -> None:
    page = world.sign_in("office.a").get("/staff/reception/schedule?lang=en")
    assert page.status_code == 200
    assert '<option value="tuesday" selected>' in page.text
    assert '<option value="thursday" selected>' in page.text
    assert 'value="10:00"' in page.text and 'value="17:00"' in page.text
    assert "it has not been published from here yet" in page.text


def test_a_published_schedule_reaches_the_kiosks_inside_their_catalogue(
        world: World, bookings: dict[str, tuple[int, object]]) -> None:  # noqa: F811
    assert world.live.publish(document("catalogue", "2026.12.9", catalogue_files())
                              ).status_code == 201
    office = world.sign_in("office.a")
    before = office.get("/staff/reception/schedule?lang=en").text
    assert "Bookings the schedule has no time for" not in before  # all fit the old schedule
    answer = publish_schedule(office, schedule_form())
    assert answer.status_code == 303, answer.text[:1000]
    assert stored(world) == 1
    assert ("office.a", "reception-schedule") in [(r[0], r[1]) for r in world.audit_rows()]
    [files] = [json.loads(row[0]) for row in world.store.db.query(
        "SELECT files FROM documents WHERE kind = 'reception'")]
    schedule = parse_schedule(files["reception.toml"])
    assert [s.slot_minutes for s in schedule.sessions] == [15, 20]
    assert schedule.sessions[0].host.en == "Қарасу ауылдық округінің әкімі"  # kk fills en
    assert schedule.cancelled[dt.date(2026, 12, 3)].en == "Әкім сессияда"  # kk fills en
    # karasu's kiosk: the catalogue now carries the akimat's schedule, and still checks
    catalogue = kiosk_document(world, "karasu-01", "catalogue")
    assert catalogue is not None and catalogue.files["reception.toml"] == files["reception.toml"]
    assert "+reception-" in catalogue.version
    assert catalogue.content_hash == catalogue.computed_hash()
    check_published_files("catalogue", catalogue.files)
    reception = kiosk_document(world, "karasu-01", "reception")
    assert reception is not None and reception.files == files
    # a kiosk of karasu added later gets it too; another akimat's kiosks do not
    world.tokens["karasu-02"] = world.store.add_kiosk("karasu-02", "arshaly", akimat="karasu")
    assert kiosk_document(world, "karasu-02", "reception") == reception
    for other in ("zhibek-01", "ozen-01"):
        assert kiosk_document(world, other, "reception") is None
        theirs = kiosk_document(world, other, "catalogue")
        assert theirs is not None and theirs.files == catalogue_files()
    # the console follows the new schedule: no Thursday times, 20-minute slots after
    page = office.get("/staff/reception/booking/{}".format(
        world.store.db.query("SELECT id FROM records WHERE kind = 'booking' AND akimat = "
                             "'karasu' ORDER BY id LIMIT 1")[0][0]))
    assert f'value="{THURSDAY}T' not in page.text
    assert 'value="2026-12-10T15:20:00+05:00"' in page.text
    again = office.get("/staff/reception/schedule?lang=en")
    assert "reception document, published 2 December 2026, 10:00" in again.text
    assert 'value="20"' in again.text
    # karasu's two Thursday bookings now have no time: listed, linked, for the office to act
    assert "Bookings the schedule has no time for" in again.text
    for name in ("a1", "a2"):
        assert BOOKINGS[name][2] in again.text
        assert f'href="/staff/reception/booking/{bookings[name][0]}"' in again.text
    assert BOOKINGS["b1"][2] not in again.text


@pytest.mark.parametrize(("changes", "words"), [
    ({"s0_end": "09:00"}, ("session #1", "end")),
    ({"horizon": "two weeks"}, ("booking_horizon_days",)),
    ({"s1_minutes": "3"}, ("session #2", "slot_minutes")),
    ({"c0_date": "03.12.2026"}, ("cancelled #1", "date")),
    ({"host_kk": "", "host_ru": "", "host_en": ""}, ("host",)),
    ({"place_ru": "Кабинeт 202"}, ("place", "Latin")),  # a Latin "e" inside a Russian word
])
def test_the_page_refuses_a_schedule_a_kiosk_would_refuse(
        world: World, changes: dict[str, str], words: tuple[str, ...]) -> None:
    answer = publish_schedule(world.sign_in("office.a"), schedule_form(**changes))
    assert answer.status_code == 400
    alert = answer.text[answer.text.index('class="error" role="alert"'):]
    alert = alert[:alert.index("</p>")]
    for word in words:
        assert word in alert, alert
    assert stored(world) == 0
    for value in changes.values():  # the form comes back as it was typed
        if value:
            assert f'value="{value}"' in answer.text


def test_the_page_needs_a_csrf_token_and_the_own_akimat(world: World) -> None:
    office = world.sign_in("office.a")
    for token in (None, "forged"):
        assert publish_schedule(office, schedule_form(), token=token).status_code == 403
    assert publish_schedule(office, schedule_form(akimat="zhibek")).status_code == 404
    assert publish_schedule(office, schedule_form(akimat="ozen")).status_code == 404
    asked = world.sign_in("office.a").get("/staff/reception/schedule?akimat=zhibek&lang=en")
    assert 'name="akimat" value="karasu"' in asked.text  # its own akimat, not zhibek's
    assert 'value="zhibek"' not in asked.text
    assert world.sign_in("clerk.a").get("/staff/reception/schedule").status_code == 404
    assert stored(world) == 0
    # the district admin may publish for any akimat of the district, not another district's
    district = world.sign_in("district.arshaly")
    assert publish_schedule(district, schedule_form(akimat="zhibek")).status_code == 303
    assert publish_schedule(district, schedule_form(akimat="ozen")).status_code == 404
    assert [row[0] for row in world.store.db.query(
        "SELECT target FROM documents WHERE kind = 'reception'")] == ["zhibek-01"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_staff_api_refuses_a_broken_reception_document(world: World, case: str) -> None:
    files, words = BROKEN[case]
    answer = world.live.publish(document("reception", "r-1", files), "kiosk", "karasu-01")
    assert answer.status_code == 400, answer.text
    for word in words:
        assert word in answer.json()["error"], answer.json()["error"]
    assert stored(world) == 0


CLI_CASES = ("not-toml", "ends-before-start", "change-status-done", "change-deeply-nested",
             "extra-file")


@pytest.mark.parametrize("case", CLI_CASES)
def test_kiosk_server_publish_refuses_a_broken_reception_folder(
        world: World, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: str) -> None:
    files, words = BROKEN[case]
    folder = tmp_path / "reception"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    code = main(["--lang", "en", "publish", "reception", str(folder), "--version", "r-1",
                 "--kiosk", "karasu-01", "--db", database_url])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    assert stored(world) == 0


def test_good_reception_documents_pass_every_route(world: World, database_url: str,
                                                   tmp_path: Path) -> None:
    files = {"reception.toml": SCHEDULE, "bookings.toml": GOOD_CHANGE}
    assert world.live.publish(document("reception", "r-1", files), "kiosk",
                              "karasu-01").status_code == 201
    folder = tmp_path / "reception"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert main(["--lang", "en", "publish", "reception", str(folder), "--version", "r-2",
                 "--district", "bulandy", "--db", database_url]) == 0
    assert stored(world) == 2
    assert kiosk_document(world, "ozen-01", "reception") is not None
    assert kiosk_document(world, "zhibek-01", "reception") is None
