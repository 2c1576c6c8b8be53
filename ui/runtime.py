"""``kiosk run``: the whole kiosk on its embedded defaults — emulator, loopback server, UI.

* ``printer.url = "emulator"``: a printer emulator on a pty for the app's lifetime.
* ``server.url = "local"``: the regional server on loopback (SQLite in the state folder),
  this kiosk registered with a fresh token, and the sync worker pointed at it.
* The window is frameless fullscreen; ``--windowed`` for development; with no display the
  UI runs offscreen and saves a picture of the home screen instead.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import Config, load_config
from kiosk.systemd import EXIT_RESTART, EXIT_TO_DESKTOP, under_systemd

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kiosk.catalogue import CatalogueStore
    from printers.printer import Printer

logger = logging.getLogger(__name__)

LOCAL_SERVER = "local"
LOCAL_PORT = 8470


class EmulatedPrinter:
    """Opens the embedded printer emulator, starting it on first use (or from :meth:`start`)."""

    def __init__(self, config: Config, stack: ExitStack) -> None:
        self.config = config
        self.stack = stack
        self.port = ""
        self._lock = threading.Lock()

    def start(self) -> str:
        """Start the emulator once; returns its pty."""
        from printers.emulator.device import PrinterEmulator
        from printers.profiles import load_profile

        with self._lock:
            if not self.port:
                profile = load_profile(self.config.printer.profile)
                emulator = self.stack.enter_context(
                    PrinterEmulator(profile, self.config.paths.receipts / "emulator"))
                self.port = emulator.port
                print(f"Printer emulator ({profile.name}) on {emulator.port}; receipts in "
                      f"{emulator.out_dir}", flush=True)
        return self.port

    @contextmanager
    def __call__(self) -> Iterator[Printer]:
        from printers.printer import Printer
        from printers.profiles import load_profile
        from printers.transport import SerialLine

        port = self.start()
        profile = load_profile(self.config.printer.profile)
        with SerialLine(port, profile, baudrate=self.config.printer.baudrate) as line:
            yield Printer(line, profile)


def _printer_opener(config: Config, stack: ExitStack) -> Any:
    if config.printer.url != "emulator":  # printers.connect.EMULATOR_URL, without the import
        from printers.connect import open_printer

        return lambda: open_printer(config.printer, config.paths.receipts / "emulator")
    return EmulatedPrinter(config, stack)


def _port_free(port: int) -> bool:
    import socket  # after Home is painted: the loopback server starts then

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _demo_console_account(store: Any, state_dir: Path) -> str:
    """A district account ``demo`` for the demo server's console; its password in a 0600 file."""
    import datetime as dt

    from sync.server.accounts import Accounts

    accounts = Accounts(store.db, lambda: dt.datetime.now(dt.UTC))
    secret = state_dir / "console-password.txt"
    if accounts.get("demo") is None or not secret.is_file():
        password = accounts.new_or_reset("demo", "Demo district administrator", "district",
                                         district="demo")
        secret.write_text(password + "\n", encoding="utf-8")
        secret.chmod(0o600)
    return f"login demo, password in {secret}"


def _local_server(config: Config, stack: ExitStack) -> Config:
    """Start the regional server on loopback and return the config pointed at it."""
    import uvicorn

    from kiosk.i18n import Translator
    from sync.server.app import create_app
    from sync.server.store import ServerStore

    store = ServerStore.open(f"sqlite:///{config.paths.state_dir / 'regional.sqlite3'}")
    stack.callback(store.close)
    token = store.add_kiosk(config.kiosk.id, "demo", replace_token=True)
    token_file = config.paths.state_dir / "server.token"
    token_file.write_text(token, encoding="utf-8")
    token_file.chmod(0o600)
    console_note = _demo_console_account(store, config.paths.state_dir)
    app = create_app(store, translator=Translator.load(config.paths.locale_dir))
    port = LOCAL_PORT if _port_free(LOCAL_PORT) else _free_port()
    if port != LOCAL_PORT:
        logger.warning("port %d is taken; the demo server uses %d (receipt QR codes still "
                       "point to %d)", LOCAL_PORT, port, LOCAL_PORT)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, name="regional-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=5)

    stack.callback(stop)
    url = f"http://127.0.0.1:{port}"
    print(f"Regional server on {url} (status pages: {url}/t/<code>)", flush=True)
    print(f"Staff console: {url}/staff/ — {console_note}", flush=True)
    return replace(config, server=replace(config.server, url=url, public_url=url,
                                          token_file=token_file))


def _start_sync(config: Config, db_path: Path, store: CatalogueStore, stack: ExitStack,
                printer_state: Callable[[], tuple[str, str]] | None = None) -> tuple[Any, Any]:
    """Start the sync worker; returns it and the server status look-up for the UI."""
    from kiosk.storage import open_database
    from sync.status import server_status
    from sync.worker import ConfigurationError, SyncWorker, client_from_config

    try:
        client = client_from_config(config)
    except ConfigurationError as exc:
        logger.warning("sync is off: %s", exc)
        return None, None
    worker = SyncWorker(config, open_database(db_path), client, store)
    if printer_state is not None:  # the heartbeat reports the printer and paper
        worker.printer_state = printer_state
    from sync.supervisor import Supervisor

    # Restarted whenever its thread ends unexpectedly (logged, counted in the sync state).
    supervisor = Supervisor(partial(worker.run_forever, interval=30.0),
                            config.paths.state_dir).start()
    stack.callback(supervisor.stop)
    from sync.http import ServerClient

    quick = ServerClient(client.base_url, client.token, client.ca_file, timeout=5.0)
    return worker, partial(server_status, quick)


def _start_desks(config: Config, store: CatalogueStore, stack: ExitStack) -> str | None:
    """Start the desk web server when ``[desks] listen`` is set; returns the board's URL."""
    address = config.desks.address
    if address is None:
        return None
    from kiosk.clock import system_clock
    from kiosk.i18n import Translator
    from kiosk.web.desk_server import DeskServer
    from kiosk.web.desk_service import DeskService

    service = DeskService(config.paths.database, lambda: store.current, system_clock,
                          config.paths.state_dir)
    try:
        server = DeskServer(service, Translator.load(config.paths.locale_dir), *address,
                            default_language=config.kiosk.language).start()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        logger.error("desks are off: cannot listen on %s: %s", config.desks.listen, exc)
        print(f"Desks: cannot listen on {config.desks.listen}: {exc}", flush=True)
        return None
    stack.callback(service.close)
    stack.callback(server.stop)
    host = "127.0.0.1" if address[0] in ("0.0.0.0", "::") else address[0]
    url = f"http://{host}:{server.httpd.server_address[1]}"
    who = (_demo_desk(config, store) if config.server.url == LOCAL_SERVER
           else "sign in with a login from 'kiosk desk add'")
    print(f"Desks: {url}/desk — {who}; call display: kiosk display --url {url}", flush=True)
    return url


def open_ui_database(config: Config) -> Database:
    """The touch UI's connection: a lock held by another connection is waited for at most
    :data:`~kiosk.storage.connection.UI_BUSY_TIMEOUT_MS`."""
    from kiosk.storage import open_database
    from kiosk.storage.connection import UI_BUSY_TIMEOUT_MS

    return open_database(config.paths.database, busy_timeout_ms=UI_BUSY_TIMEOUT_MS)


def _demo_desk(config: Config, store: CatalogueStore) -> str:
    """The demo's desk ``demo`` (first department); its password in a 0600 file."""
    from kiosk.clock import system_clock
    from kiosk.queue.desks import add_desk, get_desk, reset_desk_password
    from kiosk.storage import open_database

    secret = config.paths.state_dir / "desk-password.txt"
    db = open_database(config.paths.database)
    try:
        if get_desk(db, "demo") is None:
            department = next(iter(store.current.departments))
            password = add_desk(db, store.current, "demo", department=department, room="",
                                specialist="Demo specialist", now=system_clock())
        elif not secret.is_file():
            password = reset_desk_password(db, "demo")
        else:
            return f"login demo, password in {secret}"
    finally:
        db.close()
    secret.write_text(password + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return f"login demo, password in {secret}"


def _attach_board(window: Any, url: str, stack: ExitStack) -> None:
    """Show the latest calls on the home screen (a feed from the desk server's board)."""
    from ui.board_feed import BoardFeed

    feed = BoardFeed(url)
    window.navigator.attach_board(feed)  # starts the feed
    stack.callback(feed.stop)


def log_to_file(config: Config) -> Path | None:
    """Also write INFO and up to a rotating file in the state folder (shown in maintenance).

    A file that cannot be opened (e.g. under /var/log with ``ProtectSystem=strict``) is a
    warning on stderr (the journal) naming the path and the fix, and None: nothing else of
    the start-up depends on it.
    """
    from logging.handlers import RotatingFileHandler

    path = config.log_file
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                      encoding="utf-8")
    except OSError as exc:
        logger.warning("cannot write the log file %s (%s); logging to the journal only. Fix: "
                       "set [maintenance] log_file to a writable path, or remove it to use "
                       "%s", path, exc, config.paths.state_dir / "kiosk.log")
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in root.handlers:  # the console keeps the level the command line chose
        if existing.level == logging.NOTSET:
            existing.setLevel(root.level)
    root.addHandler(handler)
    root.setLevel(min(root.level, logging.INFO) if root.level else logging.INFO)
    return path


_CHECKED: set[Path] = set()  #: checked by this process (``kiosk run``, then the UI: once)


def check_database_at_start(config: Config) -> None:
    """A damaged database is kept aside and the kiosk starts on a fresh one, with a "service
    needed" state for maintenance and the heartbeat (see kiosk.storage.integrity)."""
    if config.paths.database in _CHECKED:
        return
    _CHECKED.add(config.paths.database)
    from kiosk.clock import system_clock
    from kiosk.storage.integrity import check_at_start

    notice = check_at_start(config.paths.database, config.paths.state_dir, system_clock())
    if notice is not None:
        from kiosk.storage import open_database

        open_database(config.paths.database).close()  # the fresh one, ready for the UI
        print(f"SERVICE NEEDED: {notice.summary()}", file=sys.stderr, flush=True)


def announce_initial_pin(config: Config) -> None:
    """On the very first start, make a maintenance PIN and say where it is written."""
    from kiosk.maintenance import ensure_initial_pin

    pin = ensure_initial_pin(config)
    if pin is not None:
        where = config.paths.state_dir / "maintenance-pin.initial"  # logged by pin_store
        # Under systemd stdout is the journal, which more people can read: path only.
        shown = f"in {where}" if under_systemd() else f"{pin} (also in {where})"
        print(f"Maintenance: tap the top-left corner 5 times (or Ctrl+Alt+M), PIN {shown}; "
              "change it under System.", flush=True)


def _attempt(what: str, action: Callable[[], Any], fallback: Any = None) -> Any:
    """``action()``, or ``fallback`` when it raises (logged with its traceback)."""
    try:
        return action()
    except Exception:  # one part of the start-up must not keep the others from starting
        logger.exception("could not start %s; the kiosk goes on without it", what)
        return fallback


def restart_self() -> None:
    """Start ``kiosk run`` again in this process (outside systemd, which restarts it itself)."""
    command = [sys.executable, *sys.orig_argv[1:]]  # as started, including "-m kiosk"
    logger.info("restarting: %s", " ".join(command))
    os.execv(sys.executable, command)


def main(argv: list[str] | None = None, config: Config | None = None) -> int:
    """Start the kiosk; returns when the window closes (or at once with ``--exit-after``)."""
    parser = argparse.ArgumentParser(prog="kiosk run")
    parser.add_argument("--windowed", action="store_true", help="a normal window (development)")
    parser.add_argument("--exit-after", type=float, default=0.0,
                        help="quit this many seconds after the home screen is painted")
    args = parser.parse_args(argv)
    config = config or load_config(None)
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and \
        not os.environ.get("QT_QPA_PLATFORM")
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with ExitStack() as stack:
        config.paths.state_dir.mkdir(parents=True, exist_ok=True)
        check_database_at_start(config)
        from kiosk.catalogue import CatalogueStore

        store = CatalogueStore(config.paths.active_catalogue)
        opener = _printer_opener(config, stack)

        def open_db() -> Database:
            return open_ui_database(config)

        def after_show() -> None:
            """What the home screen need not wait for: log file, printer, server, sync.

            One part failing (logged with its traceback) never keeps the next from starting.
            """
            log_to_file(config)  # until now messages went to stderr (the journal) only
            if isinstance(opener, EmulatedPrinter):
                _attempt("the printer emulator", opener.start)
            synced = _attempt("the demo regional server", partial(_local_server, config, stack),
                              config) if config.server.url == LOCAL_SERVER else config
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)]
            health = windows[0].navigator.ctx.printing.health if windows else None
            worker, lookup = _attempt("sync", partial(_start_sync, synced, config.paths.database,
                                                      store, stack, health), (None, None))
            if worker is None:  # the sync cycle purges old files; without it, a timer does
                from kiosk.file_retention import start_purge_thread

                stack.callback(_attempt("the file purge", partial(start_purge_thread, config),
                                        lambda: None))
            board_url = _attempt("the desks", partial(_start_desks, config, store, stack))
            _attempt("the first maintenance PIN", partial(announce_initial_pin, config))
            for widget in windows:
                if isinstance(widget, KioskWindow):
                    ctx = widget.navigator.ctx
                    ctx.status_lookup = lookup
                    services = ctx.maintenance
                    services.sync_worker = worker
                    services.restart = partial(widget.shut_down, EXIT_RESTART)
                    services.exit_to_desktop = partial(widget.shut_down, EXIT_TO_DESKTOP)
                    if board_url is not None:
                        _attach_board(widget, board_url, stack)

        from PySide6.QtWidgets import QApplication

        from ui.app import KioskWindow
        from ui.window import run_window

        code = run_window(config, open_db, store, opener, windowed=args.windowed or headless,
                          exit_after=args.exit_after, after_show=after_show,
                          screenshot=config.paths.state_dir / "home.png" if headless else None)
    if code == EXIT_RESTART and not under_systemd():
        restart_self()  # systemd restarts the service itself (Restart=always)
    return code


if __name__ == "__main__":
    sys.exit(main())
