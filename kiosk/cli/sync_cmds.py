"""``kiosk sync [--once]`` and ``kiosk server ...`` — sync imported only when used."""

from __future__ import annotations

import argparse
import signal
import threading

from kiosk.cli.output import Console
from kiosk.config import Config
from kiosk.i18n import N_

EXIT_OK = 0
EXIT_FAILURE = 1


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk sync``."""
    sync = commands.add_parser("sync", help="send the outbox, pull updates, send a heartbeat")
    sync.add_argument("--once", action="store_true", help="one cycle, then exit")
    sync.add_argument("--interval", type=float, default=60.0,
                      help="seconds between cycles (default 60)")


def run_sync(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Run one cycle or loop until SIGTERM / Ctrl+C."""
    from kiosk.catalogue import CatalogueStore
    from kiosk.storage import open_database
    from sync.worker import ConfigurationError, SyncWorker, client_from_config

    try:
        client = client_from_config(config)
    except ConfigurationError as exc:
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
