"""A full disk under the server's SQLite: a clear 503 to retry later, nothing half-written."""

from __future__ import annotations

from sync.server.backend import SqliteBackend
from tests.sync.server.live import LiveServer, appeal


def test_a_full_database_answers_503_and_keeps_what_it_had(server: LiveServer) -> None:
    token = server.kiosk("karasu-01", "arshaly")
    assert server.send(token, "karasu-01", [appeal()]).status_code == 201
    backend = server.store.db
    assert isinstance(backend, SqliteBackend)
    conn = backend._conn  # the one connection: cap the file at its size, as a full disk does
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    big = [appeal("Тақырып", text="ж" * 3000) for _ in range(60)]
    answer = server.send(token, "karasu-01", big)
    assert answer.status_code == 503, answer.text
    assert "retry" in answer.json()["error"] and answer.headers["retry-after"]
    assert server.store.record_count() == 1  # the refused batch left nothing behind
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert server.send(token, "karasu-01", big).status_code == 201  # and works once there is room
