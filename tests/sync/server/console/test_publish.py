"""The console's Publishing page: the one check before anything is stored, through the form
and next to it the staff API and the CLI; scope of the targets; CSRF; the list with who
published; a good document reaching a kiosk's real puller.

Forms are sent as the browser sends them (multipart, several files in one field); the body
is built by hand so a file name can carry a raw NUL byte, as a crafted request could.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from kiosk.announcements import load_announcements
from kiosk.catalogue.loader import load_catalogue
from sync.documents import DocumentPuller
from sync.http import ServerClient
from sync.server.cli import main
from tests.helpers.documents import DEEP, GOOD_ANNOUNCEMENTS, catalogue_files
from tests.sync.server.console.conftest import Staff, World, csrf_of
from tests.sync.server.live import document
from tests.sync.server.test_publish_checks import BROKEN

CSRF = "page"


def multipart(fields: dict[str, str], files: dict[str, str | bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body with ``fields`` and every file under the name "files"."""
    boundary = f"----console{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     .encode() + value.encode("utf-8") + b"\r\n")
    for filename, data in files.items():
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                     f'filename="'.encode() + filename.encode("utf-8") +
                     b'"\r\nContent-Type: application/toml\r\n\r\n' + raw + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def publish(staff: Staff, kind: str, version: str, target: str,
            files: dict[str, str | bytes], *, token: str | None = CSRF,
            extra: dict[str, str] | None = None) -> httpx.Response:
    """Post the publishing form in English (``token`` CSRF: "page" reads it from the page)."""
    if token == CSRF:
        token = csrf_of(staff.get("/staff/publish").text)
    fields = {"kind": kind, "version": version, "target": target, **(extra or {})}
    if token is not None:
        fields["csrf"] = token
    body, boundary = multipart(fields, files)
    return staff.http.post("/staff/publish", params={"lang": "en"}, content=body,
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def stored(world: World) -> int:
    """How many documents the server holds."""
    return int(world.store.db.query("SELECT count(*) FROM documents")[0][0])


def audit_actions(world: World, login: str) -> list[tuple[str, str]]:
    """(action, detail) of the account's publishing audit rows, oldest first."""
    rows = world.store.db.query("SELECT action, detail FROM staff_audit WHERE login = ? AND "
                                "action LIKE 'publish%' ORDER BY id", (login,))
    return [(str(action), str(detail)) for action, detail in rows]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_form_refuses_what_a_kiosk_would_refuse(world: World, case: str) -> None:
    kind, files, words = BROKEN[case]
    staff = world.sign_in("district.arshaly")
    answer = publish(staff, kind, "2026.12.9", "district:arshaly", dict(files))
    assert answer.status_code == 400, answer.text[:500]
    alert = answer.text[answer.text.index('class="error"'):]
    alert = alert[:alert.index("</p>")]
    assert "Not published" in alert
    for word in words:
        assert word in alert, alert
    if any("\0" in name for name in files):  # the raw NUL reached the checker, shown escaped
        assert "\\x00" in alert, alert
    assert "Traceback" not in answer.text
    assert stored(world) == 0
    # the form comes back filled: kind, version, target, and the files it can carry
    assert f'<option value="{kind}" selected>' in answer.text
    assert 'value="2026.12.9"' in answer.text
    assert '<option value="district:arshaly" selected>' in answer.text
    for name, text in files.items():  # a NUL cannot travel in a form's text box
        if name.endswith(".toml") and name.isprintable() and 0 < len(name) <= 100 \
                and "\0" not in text:
            assert f'name="kept:{name}"' in answer.text
    assert audit_actions(world, "district.arshaly")[-1][0] == "publish-refused"


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "document"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


#: Broken documents sent through every route (the CLI reads a folder: names must be files).
ROUTE_CASES = ("announcement-is-a-number", "announcements-not-toml",
               "announcements-nested-tables", "catalogue-wrong-type", "catalogue-nested-arrays")


@pytest.mark.parametrize("route", ["console", "api", "cli"])
@pytest.mark.parametrize("case", ROUTE_CASES)
def test_every_route_refuses_a_broken_document_and_stores_nothing(
        world: World, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        route: str, case: str) -> None:
    kind, files, words = BROKEN[case]
    if route == "console":
        answer = publish(world.sign_in("region"), kind, "9", "all", dict(files))
        assert answer.status_code == 400
        reason = answer.text
    elif route == "api":
        answer = world.live.publish(document(kind, "9", files))
        assert answer.status_code == 400
        reason = answer.json()["error"]
    else:
        code = main(["--lang", "en", "publish", kind, str(_folder(tmp_path, files)),
                     "--version", "9", "--db", database_url])
        assert code == 1
        reason = capsys.readouterr().err
    for word in words:
        assert word in reason, reason[:2000]
    assert stored(world) == 0


def pull(world: World, kiosk_id: str, kind: str, tmp_path: Path) -> tuple[str, Path]:
    """One pull by the kiosk's own document puller; (outcome, installed folder)."""
    folder = tmp_path / kiosk_id / kind
    folder.parent.mkdir(parents=True, exist_ok=True)
    validate = load_catalogue if kind == "catalogue" else load_announcements
    puller = DocumentPuller(ServerClient(world.url, world.tokens[kiosk_id], timeout=20), kind,
                            folder, validate)
    return puller.pull().outcome, folder


def test_a_good_document_is_stored_listed_and_pulled_by_the_districts_kiosks(
        world: World, tmp_path: Path) -> None:
    staff = world.sign_in("district.arshaly")
    answer = publish(staff, "announcements", "water-2026-12",
                     "district:arshaly", {"announcements.toml": GOOD_ANNOUNCEMENTS})
    assert answer.status_code == 303, answer.text[:1000]
    assert answer.headers["location"].startswith("/staff/publish?done=")
    rows = world.store.db.query("SELECT id, kind, version, target_kind, target FROM documents")
    assert [tuple(row[1:]) for row in rows] == [
        ("announcements", "water-2026-12", "district", "arshaly")]
    assert audit_actions(world, "district.arshaly") == [("publish", f"document {rows[0][0]}")]

    page = staff.get(answer.headers["location"] + "&lang=en").text
    assert "Published: Announcements water-2026-12 to District arshaly." in page
    listed = page[page.index("Published documents"):]
    assert "water-2026-12" in listed and "district.arshaly" in listed

    outcome, folder = pull(world, "karasu-01", "announcements", tmp_path)
    assert outcome == "changed"
    assert (folder / "announcements.toml").read_text(encoding="utf-8") == GOOD_ANNOUNCEMENTS
    assert pull(world, "ozen-01", "announcements", tmp_path)[0] == "unchanged"  # bulandy


def test_the_region_publishes_a_catalogue_to_every_kiosk(world: World, tmp_path: Path) -> None:
    files = catalogue_files(**{"manifest.toml": 'version = "2026.12.9"\n'})
    answer = publish(world.sign_in("region"), "catalogue", "2026.12.9", "all", dict(files))
    assert answer.status_code == 303, answer.text[:2000]
    for kiosk_id in ("karasu-01", "ozen-01"):
        outcome, folder = pull(world, kiosk_id, "catalogue", tmp_path)
        assert outcome == "changed"
        assert load_catalogue(folder).version == "2026.12.9"


def test_a_file_corrected_in_the_form_after_a_refusal_is_published(world: World) -> None:
    staff = world.sign_in("district.arshaly")
    refused = publish(staff, "announcements", "a-1", "kiosk:karasu-01",
                      {"announcements.toml": "announcement = 5\n"})
    assert refused.status_code == 400
    assert 'name="kept:announcements.toml"' in refused.text
    fixed = publish(staff, "announcements", "a-1", "kiosk:karasu-01", {},
                    extra={"keep:announcements.toml": "send",
                           "kept:announcements.toml": GOOD_ANNOUNCEMENTS.replace("\n", "\r\n")})
    assert fixed.status_code == 303, fixed.text[:1000]
    files = world.store.db.query("SELECT files, target_kind, target FROM documents")
    assert files[0][1:] == ("kiosk", "karasu-01")
    assert "\\r" not in str(files[0][0])  # the browser's CRLF line ends are made plain again
    left_out = publish(staff, "announcements", "a-2", "kiosk:karasu-01", {},
                       extra={"keep:announcements.toml": "skip",
                              "kept:announcements.toml": GOOD_ANNOUNCEMENTS})
    assert left_out.status_code == 400 and "Choose the .toml files" in left_out.text
    assert stored(world) == 1


@pytest.mark.parametrize("target", ["district:bulandy", "kiosk:ozen-01", "all",
                                    "kiosk:nobody-01", "district:"])
def test_a_district_admin_cannot_publish_outside_their_district(world: World,
                                                                target: str) -> None:
    staff = world.sign_in("district.arshaly")
    form = staff.get("/staff/publish").text
    assert "ozen-01" not in form and 'value="all"' not in form
    assert 'value="district:bulandy"' not in form
    answer = publish(staff, "announcements", "a-1", target,
                     {"announcements.toml": GOOD_ANNOUNCEMENTS})
    assert answer.status_code == 400
    assert "you may publish only to your district and its kiosks" in answer.text
    assert stored(world) == 0


def test_a_district_admin_lists_only_what_reaches_their_kiosks(world: World) -> None:
    region = world.sign_in("region")
    good = {"announcements.toml": GOOD_ANNOUNCEMENTS}
    for target, version in (("district:bulandy", "for-bulandy"), ("kiosk:ozen-01", "for-ozen"),
                            ("all", "for-everyone"), ("kiosk:zhibek-01", "for-zhibek")):
        assert publish(region, "announcements", version, target, good).status_code == 303
    listed = world.sign_in("district.arshaly").get("/staff/publish").text
    assert "for-everyone" in listed and "for-zhibek" in listed
    assert "for-bulandy" not in listed and "for-ozen" not in listed
    everything = region.get("/staff/publish").text
    assert all(v in everything for v in ("for-bulandy", "for-ozen", "for-everyone"))


def test_the_staff_api_and_cli_publishers_are_named_as_such(world: World) -> None:
    answer = world.live.publish(document("announcements", "by-api",
                                         {"announcements.toml": GOOD_ANNOUNCEMENTS}))
    assert answer.status_code == 201
    page = world.sign_in("region").get("/staff/publish", params={"lang": "en"}).text
    row = page[page.index("by-api"):]
    assert "the staff API or the command line" in row[:row.index("</tr>")]


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_the_form_needs_its_csrf_token(world: World, token: str | None) -> None:
    staff = world.sign_in("region")
    answer = publish(staff, "announcements", "a-1", "all",
                     {"announcements.toml": GOOD_ANNOUNCEMENTS}, token=token)
    assert answer.status_code == 403
    assert stored(world) == 0
    assert audit_actions(world, "region") == []


@pytest.mark.parametrize("login", ["clerk.a", "office.a"])
def test_clerks_and_the_akims_office_cannot_publish(world: World, login: str) -> None:
    staff = world.sign_in(login)
    assert staff.get("/staff/publish").status_code == 404
    body, boundary = multipart({"kind": "announcements", "version": "a", "target": "all"},
                               {"announcements.toml": GOOD_ANNOUNCEMENTS})
    answer = staff.http.post("/staff/publish", content=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status_code == 404
    assert stored(world) == 0


def test_an_upload_over_the_limit_is_refused(world: World) -> None:
    staff = world.sign_in("region")
    huge = "# " + "x" * (5 * 1024 * 1024) + "\n"
    answer = publish(staff, "announcements", "a-1", "all", {"announcements.toml": huge})
    assert answer.status_code == 413
    assert stored(world) == 0


def test_a_file_that_is_not_utf8_is_refused_in_words(world: World) -> None:
    staff = world.sign_in("region")
    answer = publish(staff, "announcements", "a-1", "all",
                     {"announcements.toml": GOOD_ANNOUNCEMENTS.encode("utf-16")})
    assert answer.status_code == 400
    assert "announcements.toml: not UTF-8 text" in answer.text
    assert stored(world) == 0


def test_a_deeply_nested_catalogue_file_is_refused_quickly_in_words(world: World) -> None:
    files = catalogue_files(**{"services.toml": "x = " + "[" * DEEP + "]" * DEEP + "\n"})
    answer = publish(world.sign_in("region"), "catalogue", "c-1", "all", dict(files))
    assert answer.status_code == 400
    assert "services.toml" in answer.text
    assert stored(world) == 0
