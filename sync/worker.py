"""One sync cycle — send, pull, heartbeat, erase old personal data — and the loop around it.

Used by the app's background thread and by ``kiosk sync [--once]``. A failure in one step
is logged and reported; it never stops the others ("data must flow").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from kiosk.announcements import load_announcements
from kiosk.catalogue import CatalogueStore, load_catalogue
from kiosk.clock import system_clock
from kiosk.config import Config
from sync.documents import DocumentPuller, PullResult
from sync.heartbeat import build_heartbeat, send_heartbeat
from sync.http import AuthError, ServerClient, TransientError
from sync.retention import erase_personal_data
from sync.sender import OutboxSender, SendReport

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0


class ConfigurationError(Exception):
    """Sync cannot start: no server address or token configured."""


@dataclass
class CycleReport:
    """What one cycle did, for the CLI and the maintenance screen."""

    send: SendReport = field(default_factory=SendReport)
    pulls: list[PullResult] = field(default_factory=list)
    erased: int = 0
    errors: list[str] = field(default_factory=list)
    skew_seconds: float | None = None

    @property
    def ok(self) -> bool:
        """True when every step reached the server."""
        return not self.errors


def client_from_config(config: Config) -> ServerClient:
    """A client for the configured server and token file.

    :raises ConfigurationError: when the address or the token is missing.
    """
    server = config.server
    if not server.url.startswith(("http://", "https://")):
        raise ConfigurationError(f"server.url must be an http(s) address, not {server.url!r}")
    if server.token_file is None:
        raise ConfigurationError("server.token_file is not set: ask the region for a kiosk "
                                 "token (kiosk-server add-kiosk) and put it in a file")
    try:
        token = server.token_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigurationError(f"cannot read the token file {server.token_file}: {exc}") from exc
    return ServerClient(server.url, token, server.ca_file)


@dataclass
class SyncWorker:
    """Everything sync does for one kiosk."""

    config: Config
    db: Database
    client: ServerClient
    catalogue: CatalogueStore | None = None
    printer_state: Callable[[], tuple[str, str]] = lambda: ("unknown", "unknown")
    last_error: str = ""

    def run_once(self) -> CycleReport:
        """One full cycle; never raises for network trouble."""
        report = CycleReport()
        sender = OutboxSender(self.db, self.client, self.config.kiosk.id)
        report.send = sender.send_due()
        if report.send.error:
            report.errors.append(report.send.error)
        report.skew_seconds = report.send.skew_seconds
        for puller in self._pullers():
            try:
                report.pulls.append(puller.pull())
            except (TransientError, AuthError) as exc:
                report.errors.append(str(exc))
        try:
            printer, paper = self.printer_state()
            beat = build_heartbeat(self.db, self.config.kiosk.id, self.config.paths.state_dir,
                                   printer_state=printer, paper=paper,
                                   last_error=self.last_error, skew=report.skew_seconds,
                                   catalogue_version=self._catalogue_version())
            report.skew_seconds = send_heartbeat(self.client, beat)
        except (TransientError, AuthError) as exc:
            report.errors.append(str(exc))
        report.erased = erase_personal_data(self.db, system_clock(),
                                            self.config.limits.retention_days)
        self.last_error = report.errors[-1] if report.errors else ""
        if report.skew_seconds is not None and abs(report.skew_seconds) > 300:
            logger.warning("the kiosk clock is %.0f s off the server's", report.skew_seconds)
        return report

    def run_forever(self, stop: threading.Event, interval: float = DEFAULT_INTERVAL) -> None:
        """Cycle until ``stop`` is set; waits ``interval`` seconds between cycles."""
        while not stop.is_set():
            report = self.run_once()
            logger.info("sync: sent %d, rejected %d, pending %d; %s", report.send.sent,
                        report.send.rejected, report.send.retry_later,
                        "; ".join(report.errors) or "ok")
            stop.wait(interval)

    def _catalogue_version(self) -> str:
        return self.catalogue.current.version if self.catalogue else ""

    def _pullers(self) -> list[DocumentPuller]:
        paths = self.config.paths
        on_change: Callable[[Path], object] | None = None
        if self.catalogue is not None:
            store = self.catalogue
            on_change = store.reload
        return [
            DocumentPuller(self.client, "catalogue", paths.synced_catalogue, load_catalogue,
                           on_change),
            DocumentPuller(self.client, "announcements", paths.announcements,
                           load_announcements),
        ]
