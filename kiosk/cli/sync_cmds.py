"""``kiosk sync [--once]`` and ``kiosk server ...`` — sync imported only when used."""

from __future__ import annotations

import argparse
import signal
import threading

from kiosk.cli.output import Console
from kiosk.config import Config
from kiosk.i18n import N_, Message

EXIT_OK = 0
EXIT_FAILURE = 1


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk sync``."""
    sync = commands.add_parser("sync", help="send the outbox, pull updates, send a heartbeat")
    sync.add_argument("--once", action="store_true", help="one cycle, then exit")
    sync.add_argument("--interval", type=float, default=60.0,
                      help="seconds between cycles (default 60)")


def configuration_problem(config: Config) -> tuple[Message, Message] | None:
    """What stops ``kiosk sync`` before it tries the network, and the fix; None when nothing."""
    from kiosk.cli.doctor import LOCAL_SERVER, LOCAL_SERVER_FIX

    server = config.server
    if server.url == "local":
        return LOCAL_SERVER, LOCAL_SERVER_FIX
    if not server.url.startswith(("http://", "https://")):
        return (N_("server.url must be an address that starts with http:// or https://, not "
                   "{url}", url=repr(server.url)),
                N_("set server.url to the regional server's address (ask the region's IT "
                   "office)"))
    if server.token_file is None:
        return (N_("server.token_file is not set"),
                N_("ask the region for this kiosk's token (kiosk-server add-kiosk {kiosk}), put "
                   "it in a file and set server.token_file to it", kiosk=config.kiosk.id))
    try:
        server.token_file.read_bytes()
    except OSError as exc:
        return (N_("cannot read the token file {path}: {error}", path=server.token_file,
                   error=exc.strerror or str(exc)),
                N_("check server.token_file and that the kiosk's user may read that file"))
    return None


def run_sync(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Run one cycle or loop until SIGTERM / Ctrl+C."""
    from kiosk.catalogue import CatalogueStore
    from kiosk.storage import open_database
    from sync.worker import ConfigurationError, SyncWorker, client_from_config

    problem = configuration_problem(config)
    if problem is not None:
        console.error(problem[0])
        print(f"  → {console.text(problem[1])}", file=console.err)
        return EXIT_FAILURE
    try:
        client = client_from_config(config)
    except ConfigurationError as exc:  # e.g. the token file cannot be read
        console.error(N_("Sync is not configured: {error}", error=str(exc)))
        return EXIT_FAILURE
    db = open_database(config.paths.database)
    worker = SyncWorker(config, db, client, CatalogueStore(config.paths.active_catalogue))
    if args.once:
        report = worker.run_once()
        console.say(N_("Sent {sent}, rejected {rejected}, waiting {waiting}.",
                       sent=report.send.sent, rejected=report.send.rejected,
                       waiting=report.send.retry_later))
        for pull in report.pulls:
            console.say(N_("{kind}: {outcome} {detail}", kind=pull.kind, outcome=pull.outcome,
                           detail=pull.version or pull.error))
        for error in report.errors:
            console.error(N_("Sync problem: {error}", error=error))
        db.close()
        return EXIT_OK if report.ok else EXIT_FAILURE
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        worker.run_forever(stop, args.interval)
    except KeyboardInterrupt:
        stop.set()
    db.close()
    return EXIT_OK
