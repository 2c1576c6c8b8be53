"""The public status page and the status API: kk/ru/en, escaped, no personal data, throttled."""

from __future__ import annotations

from html import escape

import pytest

from kiosk.i18n import LANGUAGES, Translator
from kiosk.kinds import status_tone, status_word
from kiosk.lookup import StatusAnswer
from kiosk.tracking import format_tracking_code, new_tracking_code
from sync.protocol import parse_status
from tests.sync.server.live import PII, LiveServer, appeal, ticket

SCRIPT = "<script>alert(1)</script>"
REPLY = "Шам 20 желтоқсанға дейін ауыстырылады. " + SCRIPT


def _registered_appeal(server: LiveServer, kiosk_id: str = "karasu-01",
                       district: str = "arshaly", **extra: str) -> str:
    code = new_tracking_code()
    token = server.kiosk(kiosk_id, district)
    answer = server.send(token, kiosk_id, [appeal(topic="Көше " + SCRIPT, code=code, **extra)])
    assert answer.status_code == 201
    return code


def _set(server: LiveServer, code: str, status: str, reply: str | None = None) -> StatusAnswer:
    body = {"status": status} if reply is None else {"status": status, "reply": reply}
    answer = server.staff("POST", f"/api/v1/staff/records/{code}/status", body)
    assert answer.status_code == 200, answer.text
    return parse_status(answer.json())


def _page(server: LiveServer, path: str, **headers: str) -> tuple[int, str]:
    answer = server.http.get(path, headers=headers)
    assert answer.headers["content-type"].startswith("text/html")
    return answer.status_code, answer.text


@pytest.mark.parametrize(("lang", "words"), [
    ("kk", ('<html lang="kk">', "Тіркеу нөмірі", "Жауап беру мерзімі", "2026 жылғы 16 желтоқсан")),
    ("ru", ('<html lang="ru">', "Регистрационный номер", "Срок ответа", "16 декабря 2026")),
    ("en", ('<html lang="en">', "Registration number", "Answer due by", "16 December 2026")),
])
def test_the_page_shows_the_staff_reply_in_each_language(
        server: LiveServer, lang: str, words: tuple[str, ...]) -> None:
    code = _registered_appeal(server)
    answer = _set(server, code, "answered", REPLY)
    assert (answer.status, answer.reply) == ("answered", REPLY.strip())
    status, page = _page(server, f"/t/{code}?lang={lang}")
    assert status == 200
    for word in words:
        assert word in page, (lang, word)
    assert "KARASU-01-2026-00017" in page and format_tracking_code(code) in page
    assert "Шам 20 желтоқсанға дейін ауыстырылады." in page
    assert 'name="viewport"' in page
    for other in ("kk", "ru", "en"):
        assert f'href="?lang={other}"' in page


@pytest.mark.parametrize(("status", "words"), [
    ("rejected", ("Қараусыз қалдырылды", "Оставлено без рассмотрения",
                  "Left without consideration")),
    ("forwarded", ("Басқа органға жіберілді", "Направлено в другой орган",
                   "Forwarded to another body")),
])
def test_the_page_shows_the_kiosk_s_word_and_tone_for_a_closed_appeal(
        server: LiveServer, translator: Translator, status: str,
        words: tuple[str, str, str]) -> None:
    code = _registered_appeal(server)
    assert _set(server, code, status).status == status
    word = status_word("appeal", status)  # the kiosk's status screen shows the same word
    assert word is not None
    for lang, expected in zip(LANGUAGES, words, strict=True):
        page = _page(server, f"/t/{code}?lang={lang.value}")[1]
        assert translator.render(word, lang) == expected
        tone = status_tone("appeal", status)
        assert f'<span class="status {tone}">{escape(expected)}</span>' in page, lang


def test_the_receipt_qr_url_in_capitals_and_typed_forms_all_open(server: LiveServer) -> None:
    code = _registered_appeal(server)
    for path in (f"/T/{code}", f"/t/{code.lower()}", f"/t/{format_tracking_code(code)}"):
        assert _page(server, path)[0] == 200, path


def test_the_language_comes_from_the_query_then_accept_language_then_kazakh(
        server: LiveServer) -> None:
    code = _registered_appeal(server)
    assert '<html lang="kk">' in _page(server, f"/T/{code}")[1]
    assert '<html lang="ru">' in _page(server, f"/T/{code}",
                                       **{"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})[1]
    assert '<html lang="en">' in _page(server, f"/T/{code}",
                                       **{"Accept-Language": "de-DE, en;q=0.5"})[1]
    assert '<html lang="kk">' in _page(server, f"/T/{code}?lang=kk",
                                       **{"Accept-Language": "ru"})[1]
    assert '<html lang="kk">' in _page(server, f"/T/{code}?lang=fr",
                                       **{"Accept-Language": "fr"})[1]


def test_script_in_the_topic_and_the_reply_comes_out_escaped(server: LiveServer) -> None:
    code = _registered_appeal(server)
    _set(server, code, "in_progress", f'{SCRIPT} "quoted" & <b>bold</b>')
    status, page = _page(server, f"/t/{code}?lang=en")
    assert status == 200
    assert "<script" not in page.lower() and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_no_personal_data_on_the_page_nor_in_the_status_api(server: LiveServer) -> None:
    code = _registered_appeal(server, kiosk_id="karasu-01")
    _set(server, code, "answered", "Жауап дайын.")
    token = server.kiosk("karasu-02")  # same district, another kiosk
    api = server.http.get(f"/api/v1/status/{code}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    assert set(api.json()) == {"code", "kind", "status", "number", "reply", "deadline",
                               "updated_at", "room", "ahead", "wait_minutes"}
    pages = [_page(server, f"/t/{code}?lang={lang}")[1] for lang in ("kk", "ru", "en")]
    for text in (api.text, *pages):
        for secret in (*PII.values(), "880512", "7015550123", "Абай көшесі", "шам жанбайды"):
            assert secret not in text
        assert "Көше " not in text  # the topic is the citizen's own words: not shown either


def test_unknown_and_mistyped_codes_get_a_404_page_that_says_to_check_the_code(
        server: LiveServer) -> None:
    _registered_appeal(server)
    status, page = _page(server, f"/t/{new_tracking_code()}?lang=en")
    assert status == 404 and "Check the code printed under the QR code" in page
    typo = new_tracking_code()
    typo = typo[:-1] + ("2" if typo[-1] != "2" else "3")
    status, page = _page(server, f"/t/{typo}?lang=ru")
    assert status == 404 and "В коде есть опечатка" in page
    status, page = _page(server, "/t/ABC?lang=en")
    assert status == 404 and "A code has 10 symbols; you entered 3." in page


def test_the_page_is_not_cached_framed_or_leaked_by_referrer(server: LiveServer) -> None:
    code = _registered_appeal(server)
    answer = server.http.get(f"/t/{code}")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_repeated_wrong_codes_from_one_address_get_429(strict_server: LiveServer) -> None:
    code = _registered_appeal(strict_server)
    for _ in range(3):
        assert _page(strict_server, f"/t/{new_tracking_code()}")[0] == 404
    answer = strict_server.http.get(f"/t/{code}?lang=en")  # even a right code must wait now
    assert answer.status_code == 429
    assert 0 < int(answer.headers["retry-after"]) <= 60
    assert "try again in 1 minute" in answer.text


def test_the_status_api_is_throttled_per_kiosk(strict_server: LiveServer) -> None:
    code = _registered_appeal(strict_server)
    token = strict_server.kiosk("karasu-02")
    auth = {"Authorization": f"Bearer {token}"}
    assert strict_server.http.get("/api/v1/status/BAD", headers=auth).status_code == 400
    for _ in range(2):
        assert strict_server.http.get(f"/api/v1/status/{new_tracking_code()}",
                                      headers=auth).status_code == 404
    answer = strict_server.http.get(f"/api/v1/status/{code}", headers=auth)
    assert answer.status_code == 429 and "retry-after" in answer.headers


def test_the_status_api_answers_only_within_the_kiosk_s_district(server: LiveServer) -> None:
    code = _registered_appeal(server, "karasu-01", "arshaly")
    near = server.kiosk("karasu-02", "arshaly")
    far = server.kiosk("bulandy-01", "bulandy")
    answer = server.http.get(f"/api/v1/status/{format_tracking_code(code)}",
                             headers={"Authorization": f"Bearer {near}"})
    assert answer.status_code == 200
    found = parse_status(answer.json())
    assert (found.code, found.kind, found.status, found.deadline) == \
        (code, "appeal", "registered", "2026-12-16")
    assert server.http.get(f"/api/v1/status/{code}",
                           headers={"Authorization": f"Bearer {far}"}).status_code == 404
    assert server.http.get(f"/api/v1/status/{code}").status_code == 401


def test_staff_status_rules(server: LiveServer) -> None:
    code = _registered_appeal(server)
    ticket_code = new_tracking_code()
    server.send(server.kiosk("karasu-03"), "karasu-03", [ticket(code=ticket_code)])
    assert server.staff("POST", f"/api/v1/staff/records/{code}/status",
                        {"status": "served"}).status_code == 400
    assert server.staff("POST", f"/api/v1/staff/records/{new_tracking_code()}/status",
                        {"status": "answered"}).status_code == 404
    assert server.staff("POST", "/api/v1/staff/records/XYZ/status",
                        {"status": "answered"}).status_code == 400
    assert server.staff("POST", f"/api/v1/staff/records/{code}/status",
                        {"reply": "no status"}).status_code == 400
    assert _set(server, ticket_code, "called").status == "called"
    _set(server, code, "in_progress", "Қаралуда.")
    assert _set(server, code, "answered").reply == "Қаралуда."  # no reply: the old one stays
    kiosk_token = server.kiosk("karasu-04")
    answer = server.http.post(f"/api/v1/staff/records/{code}/status",
                              json={"status": "rejected"},
                              headers={"Authorization": f"Bearer {kiosk_token}"})
    assert answer.status_code == 401
    stored = server.store.status(code)
    assert stored is not None and stored.status == "answered"
