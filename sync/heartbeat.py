"""The kiosk's health for the region's fleet view: version, printer, paper, disk, outbox,
sync restarts and whether a technician is needed (a damaged database kept aside)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlite_utils import Database

from kiosk import __version__
from kiosk.storage import outbox_counts
from kiosk.storage.integrity import read_service_needed
from sync.http import ServerClient, TransientError
from sync.protocol import Heartbeat, encode_body

HEARTBEAT_PATH = "/api/v1/heartbeat"


def build_heartbeat(db: Database, kiosk_id: str, state_dir: Path, *, printer_state: str,
                    paper: str, last_error: str, skew: float | None,
                    catalogue_version: str) -> Heartbeat:
    """Collect the heartbeat from the database, the state folder and the machine."""
    from sync.worker import read_sync_state  # sync.worker imports this module

    state = read_sync_state(state_dir)
    service = read_service_needed(state_dir)
    return Heartbeat(
        kiosk_id=kiosk_id,
        app_version=__version__,
        printer_state=printer_state,
        paper=paper,
        free_disk_bytes=shutil.disk_usage(state_dir).free,
        outbox={state.value: count for state, count in outbox_counts(db).items()},
        last_error=last_error[:500],
        clock_skew_seconds=skew,
        catalogue_version=catalogue_version,
        sync_restarts=state.restarts,
        last_crash=state.last_crash[:500],
        service_needed=service.summary()[:500] if service is not None else "",
    )


def send_heartbeat(client: ServerClient, heartbeat: Heartbeat) -> float | None:
    """Post the heartbeat; returns the clock skew the server's ``Date`` header showed.

    :raises TransientError: when it cannot be delivered.
    """
    answer = client.request("POST", HEARTBEAT_PATH, encode_body(heartbeat),
                            {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    if answer.status not in (200, 201, 204):
        raise TransientError(f"heartbeat answered {answer.status}")
    return answer.skew_seconds
