"""A document the kiosk would refuse (or choke on) is refused by every publishing route first.

The staff API and ``kiosk-server publish`` both go through the kiosk's own check
(:func:`kiosk.published.check_published_files`); nothing is stored for a refused document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.protocol import to_json
from sync.server.cli import main
from sync.server.store import ServerStore
from tests.conftest import CATALOGUE_DIR
from tests.helpers.documents import DEEP, GOOD_ANNOUNCEMENTS, catalogue_files
from tests.sync.server.live import LiveServer, document

_catalogue = catalogue_files


def _services(old: str, new: str) -> dict[str, str]:
    text = (CATALOGUE_DIR / "services.toml").read_text(encoding="utf-8")
    assert old in text
    return _catalogue(**{"services.toml": text.replace(old, new, 1)})


#: name → (kind, files, words the refusal must contain: file, item, field or problem)
BROKEN: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "catalogue-not-toml": ("catalogue", _catalogue(**{"services.toml": "[[service]\nid = 1\n"}),
                           ("services.toml", "TOML")),
    "catalogue-wrong-type": ("catalogue", _services("cost = ", "cost = 5 #"),
                             ("services.toml", "cost")),
    "catalogue-unknown-field": ("catalogue", _services("cost = ", "price = "),
                                ("services.toml", "price")),
    "catalogue-missing-file": ("catalogue", {k: v for k, v in _catalogue().items()
                                             if k != "holidays.toml"}, ("holidays.toml",)),
    "catalogue-nested-arrays": ("catalogue", _catalogue(**{
        "services.toml": "x = " + "[" * DEEP + "]" * DEEP + "\n"}), ("services.toml", "nested")),
    "catalogue-nul-name": ("catalogue", _catalogue(**{"notes\0.toml": "a = 1\n"}),
                           ("file name",)),
    "catalogue-empty-name": ("catalogue", _catalogue(**{"": "a = 1\n"}), ("file name",)),
    "catalogue-long-name": ("catalogue", _catalogue(**{"n" * 295 + ".toml": "a = 1\n"}),
                            ("file name",)),
    "catalogue-not-toml-name": ("catalogue", _catalogue(**{"readme.txt": "hello"}),
                                ("file name",)),
    "announcement-is-a-number": ("announcements", {"announcements.toml": "announcement = 5\n"},
                                 ("announcements.toml", "announcement")),
    "announcement-wrong-type": ("announcements", {
        "announcements.toml": GOOD_ANNOUNCEMENTS.replace('id = "water"', "id = 5")},
        ("announcements.toml", "id")),
    "announcement-ends-before-start": ("announcements", {
        "announcements.toml": GOOD_ANNOUNCEMENTS.replace("end = 2026-12-31", "end = 2026-11-01")},
        ("announcements.toml", "end")),
    "announcements-nested-arrays": ("announcements", {
        "announcements.toml": "x = " + "[" * DEEP + "]" * DEEP + "\n"},
        ("announcements.toml", "nested")),
    "announcements-nested-tables": ("announcements", {
        "announcements.toml": "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"},
        ("announcements.toml", "nested")),
    "announcements-huge-number": ("announcements", {
        "announcements.toml": "x = " + "9" * 5000 + "\n"}, ("announcements.toml", "TOML")),
    "announcements-not-toml": ("announcements", {"announcements.toml": "announcement = [\n"},
                               ("announcements.toml", "TOML")),
    "announcements-nul-text": ("announcements", {"announcements.toml": "a = \"x\0y\"\n"},
                               ("announcements.toml",)),
    "announcements-nul-name": ("announcements", {"announcements.toml": GOOD_ANNOUNCEMENTS,
                                                 "notes\0.toml": "a = 1\n"}, ("file name",)),
    "announcements-too-many-files": ("announcements", {f"n{i}.toml": "" for i in range(100)},
                                     ("files",)),
}


def _published(server: LiveServer) -> int:
    return int(server.store.db.query("SELECT count(*) FROM documents")[0][0])


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_staff_api_refuses_a_document_the_kiosk_would_refuse(any_server: LiveServer,
                                                                 case: str) -> None:
    kind, files, words = BROKEN[case]
    answer = any_server.publish(document(kind, "2026.12.9", files))
    assert answer.status_code in (400, 422), answer.text
    error = answer.json()["error"]
    for word in words:
        assert word in error, error
    assert _published(any_server) == 0


def test_good_documents_are_still_published(any_server: LiveServer) -> None:
    catalogue = document("catalogue", "2026.12.9", _catalogue())
    announcements = document("announcements", "a-1", {"announcements.toml": GOOD_ANNOUNCEMENTS})
    empty = document("announcements", "a-2", {"announcements.toml": ""})
    for doc in (catalogue, announcements, empty):
        answer = any_server.publish(doc)
        assert answer.status_code == 201, answer.text
    assert _published(any_server) == 3


def test_a_broken_document_sent_as_json_with_nul_in_its_text_is_refused(
        any_server: LiveServer) -> None:
    """PostgreSQL cannot store NUL in text: without the check this was a 500."""
    doc = to_json(document("announcements", "a-1", {"announcements.toml": "\0"}))
    answer = any_server.staff("POST", "/api/v1/staff/documents",
                              {**doc, "target_kind": "all", "target": ""})
    assert answer.status_code == 400, answer.text
    assert _published(any_server) == 0


def test_a_document_with_a_lone_surrogate_in_its_text_is_refused(any_server: LiveServer) -> None:
    """JSON can carry ``\\ud800``; no UTF-8 file (and no hash) can be made of it."""
    body = (b'{"protocol": 1, "kind": "announcements", "version": "a-1", "content_hash": "'
            + b"0" * 64 + b'", "files": {"announcements.toml": "a = \\"\\ud800\\"\\n"}, '
            b'"target_kind": "all", "target": ""}')
    answer = any_server.post("/api/v1/staff/documents", any_server.staff_token, body,
                             gzipped=False)
    assert answer.status_code == 400, answer.text
    assert "announcements.toml" in answer.json()["error"]
    assert "UTF-8" in answer.json()["error"]
    assert _published(any_server) == 0


CLI_BROKEN = {name: BROKEN[name] for name in (
    "catalogue-not-toml", "catalogue-wrong-type", "catalogue-nested-arrays",
    "announcement-is-a-number", "announcement-wrong-type", "announcements-nested-arrays",
    "announcements-nested-tables", "announcements-huge-number", "announcements-nul-text")}


@pytest.mark.parametrize("case", sorted(CLI_BROKEN))
def test_kiosk_server_publish_refuses_a_folder_the_kiosk_would_refuse(
        capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path,
        case: str) -> None:
    kind, files, words = CLI_BROKEN[case]
    folder = tmp_path / "document"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    code = main(["--lang", "en", "publish", kind, str(folder), "--version", "9",
                 "--db", database_url])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    assert main(["--lang", "en", "fleet", "--db", database_url]) == 0  # the database opens
    capsys.readouterr()
    with ServerStore.open(database_url) as store:
        assert int(store.db.query("SELECT count(*) FROM documents")[0][0]) == 0


def test_kiosk_server_publish_publishes_good_announcements(
        capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "announcements.toml").write_text(GOOD_ANNOUNCEMENTS, encoding="utf-8")
    code = main(["--lang", "en", "publish", "announcements", str(folder), "--version", "1",
                 "--db", database_url])
    assert code == 0, capsys.readouterr()
