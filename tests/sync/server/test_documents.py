"""Published documents: ETag / If-None-Match, kiosk > district > all, per-kiosk publication."""

from __future__ import annotations

import pytest

from sync.protocol import parse_batch_result, to_json
from tests.conftest import CATALOGUE_DIR
from tests.sync.server.live import LiveServer, document

#: A catalogue the kiosk accepts (publishing checks it as the kiosk would).
FILES = {p.name: p.read_text(encoding="utf-8") for p in CATALOGUE_DIR.glob("*.toml")}


def _get(server: LiveServer, token: str, kind: str = "catalogue",
         etag: str | None = None) -> tuple[int, str, dict[str, object] | None]:
    headers = {"Authorization": f"Bearer {token}"}
    if etag is not None:
        headers["If-None-Match"] = etag
    answer = server.http.get(f"/api/v1/documents/{kind}", headers=headers)
    body = answer.json() if answer.status_code == 200 else None
    return answer.status_code, answer.headers.get("etag", ""), body


def test_a_published_document_comes_with_its_etag_and_304_when_unchanged(
        any_server: LiveServer) -> None:
    token = any_server.kiosk("karasu-01")
    assert _get(any_server, token)[0] == 404
    doc = document("catalogue", "2026.12.1", FILES)
    answer = any_server.publish(doc)
    assert answer.status_code == 201, answer.text
    status, etag, body = _get(any_server, token)
    assert status == 200 and etag == f'"{doc.content_hash}"'
    assert body == to_json(doc)
    assert _get(any_server, token, etag=etag)[:2] == (304, etag)
    assert _get(any_server, token, etag=f'W/{etag}')[0] == 304
    assert _get(any_server, token, etag='"something-else"')[0] == 200
    newer = document("catalogue", "2026.12.2", {**FILES, "manifest.toml": 'version = "2"\n'})
    any_server.publish(newer)
    status, new_etag, body = _get(any_server, token, etag=etag)
    assert status == 200 and new_etag == f'"{newer.content_hash}"'
    assert body is not None and body["version"] == "2026.12.2"


def test_kiosk_beats_district_beats_all(any_server: LiveServer) -> None:
    token_a = any_server.kiosk("kiosk-a", "arshaly")
    token_b = any_server.kiosk("kiosk-b", "arshaly")
    token_c = any_server.kiosk("kiosk-c", "bulandy")
    for_all = document("announcements", "all-1", {"news.toml": "a = 1\n"})
    for_district = document("announcements", "arshaly-1", {"news.toml": "a = 2\n"})
    for_kiosk = document("announcements", "kiosk-a-1", {"news.toml": "a = 3\n"})
    assert any_server.publish(for_kiosk, "kiosk", "kiosk-a").status_code == 201
    assert any_server.publish(for_district, "district", "arshaly").status_code == 201
    # Published last, yet a kiosk's own and a district's document still win.
    assert any_server.publish(for_all, "all").status_code == 201

    def version(token: str) -> object:
        status, _, body = _get(any_server, token, "announcements")
        assert status == 200 and body is not None
        return body["version"]

    assert version(token_a) == "kiosk-a-1"
    assert version(token_b) == "arshaly-1"
    assert version(token_c) == "all-1"
    assert _get(any_server, token_a, "catalogue")[0] == 404


def test_kiosk_a_cannot_read_kiosk_b_s_document(any_server: LiveServer) -> None:
    token_a = any_server.kiosk("kiosk-a", "arshaly")
    token_b = any_server.kiosk("kiosk-b", "arshaly")
    secret = document("catalogue", "only-b", FILES)
    any_server.publish(secret, "kiosk", "kiosk-b")
    assert _get(any_server, token_b)[0] == 200
    status, etag, body = _get(any_server, token_a)
    assert (status, etag, body) == (404, "", None)
    # There is no way to ask for another kiosk's document: the token decides.
    answer = any_server.http.get("/api/v1/documents/catalogue?kiosk_id=kiosk-b",
                                 headers={"Authorization": f"Bearer {token_a}"})
    assert answer.status_code == 404


def test_documents_need_a_kiosk_token(any_server: LiveServer) -> None:
    any_server.publish(document("catalogue", "1", FILES))
    assert any_server.http.get("/api/v1/documents/catalogue").status_code == 401
    staff_only = {"Authorization": f"Bearer {any_server.staff_token}"}
    assert any_server.http.get("/api/v1/documents/catalogue",
                               headers=staff_only).status_code == 401


def test_an_unknown_kind_is_404(server: LiveServer) -> None:
    token = server.kiosk("karasu-01")
    assert _get(server, token, "passwords")[0] == 404


@pytest.mark.parametrize(("change", "expected"), [
    ({"content_hash": "0" * 64}, "content_hash"),
    ({"kind": "passwords"}, "document.kind"),
    ({"files": {"../etc/passwd.toml": "x"}}, "unsafe file name"),
    ({"files": {"a.toml": 5}}, "document.files"),
    ({"protocol": 2}, "protocol"),
    ({"version": ""}, "document.version"),
    ({"version": "2026\n12"}, "printable"),
    ({"target_kind": "planet"}, "target_kind"),
    ({"target_kind": "district", "target": ""}, "needs a target"),
])
def test_a_bad_publication_is_400_and_nothing_is_published(
        server: LiveServer, change: dict[str, object], expected: str) -> None:
    token = server.kiosk("karasu-01")
    doc = to_json(document("catalogue", "2026.12.1", FILES))
    answer = server.staff("POST", "/api/v1/staff/documents",
                          {**doc, "target_kind": "all", "target": "", **change})
    assert answer.status_code == 400, answer.text
    assert expected in answer.json()["error"]
    assert _get(server, token)[0] == 404


def test_publishing_to_an_unknown_kiosk_is_404(server: LiveServer) -> None:
    answer = server.publish(document("catalogue", "1", FILES), "kiosk", "nobody-01")
    assert answer.status_code == 404 and "nobody-01" in answer.json()["error"]


def test_publishing_needs_a_staff_token(server: LiveServer) -> None:
    kiosk_token = server.kiosk("karasu-01")
    answer = server.http.post("/api/v1/staff/documents",
                              json={**to_json(document("catalogue", "1", FILES)),
                                    "target_kind": "all"},
                              headers={"Authorization": f"Bearer {kiosk_token}"})
    assert answer.status_code == 401
    assert _get(server, kiosk_token)[0] == 404


def test_batch_results_are_never_200(server: LiveServer) -> None:
    """Kiosks accept only 201 + a BatchResult; a 200 could be a captive portal."""
    token = server.kiosk("karasu-01")
    answer = server.send(token, "karasu-01", [])
    assert answer.status_code == 201
    assert parse_batch_result(answer.json()).results == ()
