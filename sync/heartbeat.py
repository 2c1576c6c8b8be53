"""The kiosk's health for the region's fleet view: version, printer, paper, disk, outbox."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlite_utils import Database

from kiosk import __version__
from kiosk.storage import outbox_counts
from sync.http import ServerClient, TransientError
from sync.protocol import Heartbeat, encode_body

HEARTBEAT_PATH = "/api/v1/heartbeat"


def build_heartbeat(db: Database, kiosk_id: str, state_dir: Path, *, printer_state: str,
                    paper: str, last_error: str, skew: float | None,
                    catalogue_version: str) -> Heartbeat:
    """Collect the heartbeat from the database and the machine."""
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
