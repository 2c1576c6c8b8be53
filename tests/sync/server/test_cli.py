"""The kiosk-server command: tokens that work, revocation, statuses, fleet, publishing, serve."""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kiosk.tracking import new_tracking_code
from sync.protocol import encode_body
from sync.server.cli import main
from tests.conftest import CATALOGUE_DIR
from tests.sync.server.live import LiveServer, appeal, audit, booking
from tests.sync.server.test_fleet import BEAT

ROOT = Path(__file__).resolve().parents[3]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_kiosk_prints_a_token_that_works_and_revoke_kiosk_stops_it(
        capsys: pytest.CaptureFixture[str], sqlite_url: str, server: LiveServer) -> None:
    code, out, err = _run(capsys, "add-kiosk", "karasu-01", "--district", "arshaly",
                          "--db", sqlite_url)
    assert code == 0 and "shown only this once" in err
    token = out.strip()
    assert len(token) >= 43 and "\n" not in token
    assert server.send(token, "karasu-01", [audit()]).status_code == 201
    code, out, _ = _run(capsys, "revoke-kiosk", "karasu-01", "--db", sqlite_url)
    assert code == 0 and "karasu-01" in out
    assert server.send(token, "karasu-01", [audit()]).status_code == 401
    assert server.store.record_count() == 1


def test_a_second_add_kiosk_needs_replace_token(capsys: pytest.CaptureFixture[str],
                                                sqlite_url: str, server: LiveServer) -> None:
    _, first, _ = _run(capsys, "add-kiosk", "karasu-01", "--district", "a", "--db", sqlite_url)
    code, out, err = _run(capsys, "add-kiosk", "karasu-01", "--district", "a", "--db",
                          sqlite_url)
    assert code == 1 and out == "" and "--replace-token" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, second, _ = _run(capsys, "add-kiosk", "karasu-01", "--district", "a",
                           "--replace-token", "--db", sqlite_url)
    assert code == 0
    assert server.send(first.strip(), "karasu-01", [audit()]).status_code == 401
    assert server.send(second.strip(), "karasu-01", [audit()]).status_code == 201


def test_staff_commands_set_status_and_fleet(capsys: pytest.CaptureFixture[str],
                                             sqlite_url: str, server: LiveServer) -> None:
    code, out, _ = _run(capsys, "add-staff", "Айгүл", "--db", sqlite_url)
    staff = out.strip()
    assert code == 0
    assert server.http.get("/api/v1/staff/fleet",
                           headers={"Authorization": f"Bearer {staff}"}).status_code == 200
    token = server.kiosk("karasu-01", "arshaly")
    tracking = new_tracking_code()
    server.send(token, "karasu-01", [appeal(code=tracking)])
    server.post("/api/v1/heartbeat", token, encode_body(BEAT))
    code, out, _ = _run(capsys, "set-status", tracking.lower(), "answered", "--reply",
                        "Жауап: шам ауыстырылды.", "--db", sqlite_url)
    assert code == 0 and tracking in out and "answered" in out
    assert "шам ауыстырылды" in server.http.get(f"/T/{tracking}").text
    code, out, _ = _run(capsys, "fleet", "--db", sqlite_url)
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:2] == ["Kiosk", "District"]
    for value in ("karasu-01", "arshaly", "paper_near_end", "pending=12", "-94 s", "0.1.0"):
        assert value in row
    code, _, err = _run(capsys, "set-status", "WRONG", "answered", "--db", sqlite_url)
    assert code == 1 and err.startswith("kiosk-server: ")
    code, _, err = _run(capsys, "set-status", tracking, "served", "--db", sqlite_url)
    assert code == 1 and "must be one of" in err
    code, _, err = _run(capsys, "revoke-kiosk", "nobody-01", "--db", sqlite_url)
    assert code == 1 and "no kiosk nobody-01" in err


def test_set_status_refuses_a_move_the_registry_forbids_and_a_booking_cancel(
        capsys: pytest.CaptureFixture[str], sqlite_url: str, server: LiveServer) -> None:
    token = server.kiosk("karasu-01", "arshaly")
    tracking, booked = new_tracking_code(), new_tracking_code()
    server.send(token, "karasu-01", [appeal(code=tracking), booking(code=booked)])
    assert _run(capsys, "set-status", tracking, "answered", "--db", sqlite_url)[0] == 0
    code, _, err = _run(capsys, "set-status", tracking, "in_progress", "--db", sqlite_url)
    assert code == 1 and "answered is final" in err
    # a cancel here would never reach the kiosks, which would keep the time taken
    code, _, err = _run(capsys, "set-status", booked, "cancelled", "--db", sqlite_url)
    assert code == 1 and "Reception page" in err
    assert _run(capsys, "set-status", booked, "done", "--db", sqlite_url)[0] == 0
    history = server.store.db.query("SELECT old_status, new_status, login FROM status_history "
                                    "ORDER BY id")
    assert history == [("registered", "answered", "api:cli"), ("booked", "done", "api:cli")]


def test_publish_a_catalogue_folder_to_one_kiosk(capsys: pytest.CaptureFixture[str],
                                                 sqlite_url: str, server: LiveServer,
                                                 tmp_path: Path) -> None:
    token = server.kiosk("karasu-01")
    other = server.kiosk("karasu-02")
    code, out, _ = _run(capsys, "publish", "catalogue", str(CATALOGUE_DIR), "--version",
                        "2026.12.1", "--kiosk", "karasu-01", "--db", sqlite_url)
    assert code == 0 and "2026.12.1" in out
    answer = server.http.get("/api/v1/documents/catalogue",
                             headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    files = answer.json()["files"]
    assert set(files) == {p.name for p in CATALOGUE_DIR.glob("*.toml")}
    assert files["akimat.toml"] == (CATALOGUE_DIR / "akimat.toml").read_text(encoding="utf-8")
    assert server.http.get("/api/v1/documents/catalogue",
                           headers={"Authorization": f"Bearer {other}"}).status_code == 404


def test_publish_refuses_a_broken_folder(capsys: pytest.CaptureFixture[str], sqlite_url: str,
                                         tmp_path: Path) -> None:
    broken = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, broken)
    services = broken / "services.toml"
    services.write_text(services.read_text(encoding="utf-8").replace("cost = ", "price = ", 1),
                        encoding="utf-8")
    code, _, err = _run(capsys, "publish", "catalogue", str(broken), "--version", "x",
                        "--db", sqlite_url)
    assert code == 1 and "price" in err
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.toml").write_text("title = [unclosed\n", encoding="utf-8")
    code, _, err = _run(capsys, "publish", "announcements", str(tmp_path / "news"),
                        "--version", "1", "--db", sqlite_url)
    assert code == 1 and "a.toml" in err
    code, _, err = _run(capsys, "publish", "announcements", str(tmp_path / "none"),
                        "--version", "1", "--db", sqlite_url)
    assert code == 1 and "not a folder" in err


def test_errors_are_one_line_without_tracebacks(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    code, _, err = _run(capsys, "fleet", "--db", "mysql://localhost/x")
    assert code == 1 and err.count("\n") == 1 and "postgresql://" in err
    code, _, err = _run(capsys, "fleet", "--db", f"sqlite:///{tmp_path}")
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    code, _, err = _run(capsys, "fleet", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1 and err.count("\n") == 1 and "PostgreSQL" in err
    assert main(["no-such-command"]) == 2
    code, _, err = _run(capsys, "serve", "--db", f"sqlite:///{tmp_path}/x.db",
                        "--ssl-certfile", "cert.pem")
    assert code == 1 and "--ssl-keyfile" in err


def test_the_db_defaults_to_the_environment(capsys: pytest.CaptureFixture[str], sqlite_url: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SERVER_DB", sqlite_url)
    assert _run(capsys, "add-kiosk", "karasu-01", "--district", "a")[0] == 0
    code, out, _ = _run(capsys, "fleet", "--db", sqlite_url)
    assert code == 0 and "karasu-01" in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_serve_runs_the_server_until_stopped(tmp_path: Path, tls: bool) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "sync.server", "serve", "--db",
               f"sqlite:///{tmp_path / 'regional.sqlite3'}", "--port", str(port)]
    verify: ssl.SSLContext | bool = False
    if tls:
        if shutil.which("openssl") is None:
            pytest.skip("openssl is needed to make a test certificate")
        cert, key = _self_signed(tmp_path)
        command += ["--ssl-certfile", str(cert), "--ssl-keyfile", str(key)]
        verify = ssl.create_default_context(cafile=str(cert))  # as the kiosk's ca_file does
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}/T/{new_tracking_code()}"
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(url, verify=verify)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        assert answer.status_code == 404 and "<html" in answer.text
        assert "date" in answer.headers and "server" not in answer.headers
        if tls:
            with pytest.raises(httpx.ConnectError):  # an unknown CA is refused
                httpx.get(url)
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    # uvicorn shuts down cleanly, then re-raises the signal so the exit status tells why.
    assert process.returncode in (0, -signal.SIGTERM), output
    assert "Finished server process" in output and "Traceback" not in output


def test_a_new_kiosk_token_keeps_the_kiosks_akimat(capsys: pytest.CaptureFixture[str],
                                                   sqlite_url: str) -> None:
    """Rotating a token (as docs/SERVER.md says) must not move the kiosk to an akimat named
    after itself, away from its clerks."""
    assert _run(capsys, "add-kiosk", "karasu-01", "--district", "arshaly", "--akimat", "karasu",
                "--db", sqlite_url)[0] == 0
    assert _run(capsys, "add-kiosk", "karasu-01", "--district", "arshaly", "--replace-token",
                "--db", sqlite_url)[0] == 0
    from sync.server.store import ServerStore

    with ServerStore.open(sqlite_url) as store:
        assert store.db.query("SELECT akimat FROM kiosks WHERE kiosk_id = 'karasu-01'") == \
            [("karasu",)]
