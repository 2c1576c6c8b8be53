"""One sync cycle — send, pull, heartbeat, erase old personal data — and the loop around it.

Used by the app's background thread, the technician's "sync now" button and by
``kiosk sync [--once]``. A failure in one step is logged and reported; it never stops the
others ("data must flow"). Cycles never overlap (a lock), and the outcome of each one is
kept in ``<state_dir>/sync-state.json`` for the maintenance screen.

Each step (send, pull catalogue, announcements and the akimat's reception changes, heartbeat,
retention, old files) runs inside
:meth:`SyncWorker._step`, the one place that catches any exception: network trouble is an
expected error; anything else (a bug, a full disk, a checker that crashed) is logged with
its traceback, counted, recorded in the sync state and the next heartbeat, and the step
backs off for 1, 2, 4 … 16 cycles while the other steps go on. What escapes a cycle anyway
(a ``BaseException``, a failure while logging) ends :meth:`SyncWorker.run_forever`; the
thread runs under :class:`sync.supervisor.Supervisor`, which logs it, records it
(:func:`record_restart`) and starts the loop again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from sqlite_utils import Database

from kiosk.announcements import load_announcements
from kiosk.catalogue import CatalogueStore
from kiosk.catalogue.loader import load_new_catalogue
from kiosk.clock import Clock, system_clock
from kiosk.config import Config
from kiosk.file_retention import purge_files
from kiosk.queue.closing import close_finished_days
from kiosk.storage import utc_iso
from sync.documents import DocumentPuller, PullResult
from sync.heartbeat import build_heartbeat, send_heartbeat
from sync.http import AuthError, ServerClient, TransientError
from sync.reception import reception_puller
from sync.retention import erase_personal_data
from sync.sender import OutboxSender, SendReport

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0
STATE_FILE = "sync-state.json"
#: A step that failed unexpectedly n times in a row sits out min(2**(n-1), this) cycles.
MAX_SKIPPED_CYCLES = 16


class ConfigurationError(Exception):
    """Sync cannot start: no server address or token configured."""


@dataclass
class CycleReport:
    """What one cycle did, for the CLI and the maintenance screen."""

    send: SendReport = field(default_factory=SendReport)
    pulls: list[PullResult] = field(default_factory=list)
    erased: int = 0
    #: Files that could show a citizen's data, removed (kiosk.file_retention).
    files_removed: int = 0
    #: Tickets closed because their day ended (see kiosk.queue.closing).
    closed_tickets: int = 0
    errors: list[str] = field(default_factory=list)
    skew_seconds: float | None = None
    #: Steps that raised something unexpected this cycle (each also has an entry in errors).
    failed_steps: list[str] = field(default_factory=list)
    #: Steps sitting out this cycle after failing unexpectedly before.
    paused_steps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every step reached the server."""
        return not self.errors


@dataclass(frozen=True)
class SyncState:
    """The outcome of the latest cycles, as kept on disk (times are aware UTC)."""

    last_attempt: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error: str = ""
    last_error_at: dt.datetime | None = None
    sent: int = 0
    rejected: int = 0
    skew_seconds: float | None = None
    #: Unexpected step failures since the state file was created (bugs, not network trouble).
    step_failures: int = 0
    #: Times the sync loop itself ended unexpectedly and was restarted (sync.supervisor).
    restarts: int = 0
    #: Why the loop ended the last time (exception type and text), and when.
    last_crash: str = ""
    last_crash_at: dt.datetime | None = None

    def after(self, report: CycleReport, now: dt.datetime) -> SyncState:
        """The state once ``report``'s cycle, attempted at ``now``, is done.

        ``last_success`` is kept from before when this cycle failed; ``last_error`` and
        ``last_error_at`` describe the latest cycle's trouble and are cleared by a success.
        """
        error = "; ".join(dict.fromkeys(report.errors))  # same cause thrice → said once
        return SyncState(
            last_attempt=now,
            last_success=now if report.ok else self.last_success,
            last_error=error,
            last_error_at=now if error else None,
            sent=report.send.sent,
            rejected=report.send.rejected,
            skew_seconds=report.skew_seconds,
            step_failures=self.step_failures + len(report.failed_steps),
            restarts=self.restarts,
            last_crash=self.last_crash,
            last_crash_at=self.last_crash_at,
        )

    def restarted(self, reason: str, now: dt.datetime) -> SyncState:
        """The state once the loop ended because of ``reason`` at ``now`` (and is restarted)."""
        return replace(self, restarts=self.restarts + 1, last_crash=reason[:300],
                       last_crash_at=now)


def state_path(state_dir: Path) -> Path:
    """Where the sync state of a kiosk is kept."""
    return state_dir / STATE_FILE


def read_sync_state(state_dir: Path) -> SyncState:
    """The state the last cycle left on disk; an empty state when there is none (or unreadable)."""
    path = state_path(state_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        skew = data.get("skew_seconds")
        return SyncState(
            last_attempt=_moment(data.get("last_attempt")),
            last_success=_moment(data.get("last_success")),
            last_error=str(data.get("last_error") or ""),
            last_error_at=_moment(data.get("last_error_at")),
            sent=int(data.get("sent") or 0),
            rejected=int(data.get("rejected") or 0),
            skew_seconds=float(skew) if skew is not None else None,
            step_failures=int(data.get("step_failures") or 0),
            restarts=int(data.get("restarts") or 0),
            last_crash=str(data.get("last_crash") or ""),
            last_crash_at=_moment(data.get("last_crash_at")),
        )
    except FileNotFoundError:
        return SyncState()
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("ignoring an unreadable %s: %s", path, exc)
        return SyncState()


def write_sync_state(state_dir: Path, state: SyncState) -> None:
    """Replace the state file atomically (a reader sees the old or the new one, never half).

    :raises OSError: when the state folder cannot be written.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    data = {key: utc_iso(value) if isinstance(value, dt.datetime) else value
            for key, value in asdict(state).items()}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{STATE_FILE}.", dir=state_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp_name, state_path(state_dir))
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def record_restart(state_dir: Path, reason: str, now: dt.datetime) -> None:
    """Count one unexpected end of the sync loop in the state file (logged when impossible)."""
    try:
        write_sync_state(state_dir, read_sync_state(state_dir).restarted(reason, now))
    except OSError as exc:
        logger.error("cannot record the sync restart in %s: %s", state_dir, exc)


def _moment(value: object) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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
class _StepHealth:
    """How one step fared: consecutive unexpected failures and cycles left to sit out."""

    failures: int = 0
    skip: int = 0
    error: str = ""


@dataclass
class SyncWorker:
    """Everything sync does for one kiosk; safe to call from the loop and a button at once.

    ``printer_state`` and ``erase`` are the steps' outside parts (the print service's state;
    the retention pass), given by the composition root and by tests.
    """

    config: Config
    db: Database
    client: ServerClient
    catalogue: CatalogueStore | None = None
    printer_state: Callable[[], tuple[str, str]] = lambda: ("unknown", "unknown")
    last_error: str = ""
    clock: Clock = system_clock
    erase: Callable[[Database, dt.datetime, int], int] = erase_personal_data
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False,
                                  compare=False)
    _health: dict[str, _StepHealth] = field(default_factory=dict, init=False, repr=False,
                                            compare=False)

    def run_once(self) -> CycleReport:
        """One full cycle, then its outcome saved; never raises (see :meth:`_step`).

        A second caller waits for the cycle in progress to end, then runs its own.
        """
        with self._lock:
            started = self.clock()
            report = self._cycle()
            self._step(report, "state", lambda r: self._save_state(r, started))
            return report

    def pull_catalogue(self) -> PullResult:
        """Pull only the catalogue now (between cycles, never during one).

        :raises sync.http.TransientError: when the server cannot be reached.
        :raises sync.http.AuthError: when the server refuses the token.
        """
        with self._lock:
            return self._catalogue_puller().pull()

    def _cycle(self) -> CycleReport:
        report = CycleReport()
        self._step(report, "queue", self._close_queue)  # first: its events go out below
        self._step(report, "send", self._send)
        self._step(report, "catalogue", lambda r: r.pulls.append(self._catalogue_puller().pull()))
        self._step(report, "announcements",
                   lambda r: r.pulls.append(self._announcements_puller().pull()))
        self._step(report, "reception",
                   lambda r: r.pulls.append(reception_puller(
                       self.client, self.config.paths.state_dir, self.db).pull()))
        self._step(report, "heartbeat", self._heartbeat)
        self._step(report, "retention", self._retention)
        self._step(report, "files", self._files)
        self.last_error = report.errors[-1] if report.errors else ""
        if report.skew_seconds is not None and abs(report.skew_seconds) > 300:
            logger.warning("the kiosk clock is %.0f s off the server's", report.skew_seconds)
        return report

    def _step(self, report: CycleReport, name: str,
              action: Callable[[CycleReport], object]) -> None:
        """Run one step of a cycle; whatever it raises stays inside this step.

        The only broad ``except`` of sync: an unexpected error is logged with its traceback,
        added to the report (hence the sync state, the maintenance screen and the next
        heartbeat) and makes the step sit out the next 1, 2, 4 … 16 cycles.
        """
        health = self._health.setdefault(name, _StepHealth())
        if health.skip > 0:
            health.skip -= 1
            report.paused_steps.append(name)
            report.errors.append(f"{name} paused after {health.failures} failure(s), retried "
                                 f"in {health.skip + 1} cycle(s): {health.error}")
            return
        try:
            action(report)
        except (TransientError, AuthError) as exc:  # the network or the token: expected
            report.errors.append(str(exc))
        except Exception as exc:  # the worker's one boundary: logged and recorded below
            health.failures += 1
            health.skip = min(2 ** (health.failures - 1), MAX_SKIPPED_CYCLES)
            health.error = f"{type(exc).__name__}: {exc}"[:300]
            logger.exception("sync step %s failed (%d in a row); it sits out %d cycle(s), the "
                             "other steps go on", name, health.failures, health.skip)
            report.failed_steps.append(name)
            report.errors.append(f"{name} failed: {health.error} (details in the log)")
        else:
            health.failures, health.error = 0, ""

    def _send(self, report: CycleReport) -> None:
        sender = OutboxSender(self.db, self.client, self.config.kiosk.id)
        report.send = sender.send_due()
        if report.send.error:
            report.errors.append(report.send.error)
        report.skew_seconds = report.send.skew_seconds

    def _heartbeat(self, report: CycleReport) -> None:
        printer, paper = self.printer_state()
        beat = build_heartbeat(self.db, self.config.kiosk.id, self.config.paths.state_dir,
                               printer_state=printer, paper=paper,
                               last_error=self.last_error, skew=report.skew_seconds,
                               catalogue_version=self._catalogue_version())
        report.skew_seconds = send_heartbeat(self.client, beat)

    def _close_queue(self, report: CycleReport) -> None:
        """Close the tickets of a day that has ended (missed, reason ``closed``)."""
        if self.catalogue is not None:
            report.closed_tickets = close_finished_days(self.db, self.catalogue.current,
                                                        self.clock())

    def _retention(self, report: CycleReport) -> None:
        report.erased = self.erase(self.db, self.clock(), self.config.limits.retention_days)

    def _files(self, report: CycleReport) -> None:
        report.files_removed = purge_files(self.config, self.clock()).total

    def _save_state(self, report: CycleReport, started: dt.datetime) -> None:
        state_dir = self.config.paths.state_dir
        try:
            write_sync_state(state_dir, read_sync_state(state_dir).after(report, started))
        except OSError as exc:
            logger.error("cannot save the sync state in %s: %s", state_dir, exc)

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

    def _catalogue_puller(self) -> DocumentPuller:
        on_change: Callable[[Path], object] | None = None
        if self.catalogue is not None:
            on_change = self.catalogue.reload
        return DocumentPuller(self.client, "catalogue", self.config.paths.synced_catalogue,
                              load_new_catalogue, on_change)

    def _announcements_puller(self) -> DocumentPuller:
        return DocumentPuller(self.client, "announcements", self.config.paths.announcements,
                              load_announcements)
