"""A real regional server on loopback (uvicorn in a thread, SQLite) and a kiosk wired to it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from kiosk.assets import assets_dir
from kiosk.config import Config, load_config
from kiosk.i18n import Translator
from sync.http import ServerClient
from sync.protocol import PublishedDocument, content_hash
from sync.server.app import create_app
from sync.server.store import ServerStore


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Regional:
    """The running server, its store and a staff token."""

    url: str
    port: int
    store: ServerStore
    staff_token: str

    def add_kiosk(self, kiosk_id: str, district: str = "arshaly") -> str:
        """Register a kiosk and return its token."""
        return self.store.add_kiosk(kiosk_id, district)

    def count(self, kiosk_id: str) -> tuple[int, int]:
        """(rows, distinct uuids) stored for a kiosk."""
        rows = self.store.db.query("SELECT count(*), count(DISTINCT uuid) FROM records "
                                   "WHERE kiosk_id = ?", (kiosk_id,))
        return int(rows[0][0]), int(rows[0][1])

    def publish_catalogue(self, files: dict[str, str], version: str) -> None:
        """Publish catalogue ``files`` as ``version`` to every kiosk, as staff do."""
        document = PublishedDocument("catalogue", version, files,
                                     content_hash({"kind": "catalogue", "files": files}))
        answer = httpx.post(f"{self.url}/api/v1/staff/documents",
                            headers={"Authorization": f"Bearer {self.staff_token}"},
                            json={**document.__dict__, "files": files, "target_kind": "all",
                                  "target": ""})
        assert answer.status_code == 201, answer.text

    def uuids(self, kiosk_id: str) -> set[str]:
        """Every record uuid stored for a kiosk."""
        return {str(r[0]) for r in self.store.db.query(
            "SELECT uuid FROM records WHERE kiosk_id = ?", (kiosk_id,))}


@pytest.fixture
def regional(tmp_path: Path) -> Iterator[Regional]:
    """A regional server on a free loopback port with a fresh SQLite database."""
    store = ServerStore.open(f"sqlite:///{tmp_path / 'regional.sqlite3'}")
    staff = store.add_staff("operator")
    app = create_app(store, translator=Translator.load(assets_dir() / "locale"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the regional server did not start"
    yield Regional(f"http://127.0.0.1:{port}", port, store, staff)
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


def kiosk_config(tmp_path: Path, url: str, token: str, kiosk_id: str = "karasu-01",
                 retention_days: int = 30) -> Config:
    """A kiosk config pointing at ``url`` with ``token`` in a file."""
    token_file = tmp_path / f"{kiosk_id}.token"
    token_file.write_text(token, encoding="utf-8")
    path = tmp_path / f"{kiosk_id}.toml"
    path.write_text(f'[kiosk]\nid = "{kiosk_id}"\n[paths]\nstate_dir = "{tmp_path / kiosk_id}"\n'
                    f'[server]\nurl = "{url}"\ntoken_file = "{token_file}"\n'
                    f'[limits]\nretention_days = {retention_days}\n', encoding="utf-8")
    return load_config(path, environ={})


def client(url: str, token: str, timeout: float = 20.0) -> ServerClient:
    """A kiosk's client for ``url``."""
    return ServerClient(url, token, timeout=timeout)
