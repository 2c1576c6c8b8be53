"""What the server checks in a batch and a heartbeat beyond the protocol's own parsing.

A batch holds at most :data:`~sync.protocol.MAX_BATCH_RECORDS` records (the kiosk's own
limit). A record whose payload holds a value that cannot be stored (see
:func:`sync.server.jsonbody.find_unusable`) is answered ``invalid`` with the field and the
reason; the other records of the batch are stored as usual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from sync.protocol import (
    MAX_BATCH_RECORDS,
    Heartbeat,
    ProtocolError,
    Record,
    parse_batch,
    parse_heartbeat,
)
from sync.server.jsonbody import find_unusable

#: Counts (bytes, outbox rows) above this are not real; 2**63 is what PostgreSQL's bigint holds.
COUNT_MAX = 2**63 - 1
_ECHO = re.compile(r"^[0-9A-Za-z-]{1,64}$")


class TooManyRecords(ProtocolError):
    """A batch with more records than a kiosk ever sends."""


def read_batch(data: Any) -> tuple[str, list[Record | ProtocolError], list[str]]:
    """``(kiosk_id, items, uuids)`` as :func:`sync.protocol.parse_batch` returns them, with
    records holding unusable values turned into errors and odd uuids not echoed back.

    :raises TooManyRecords: for more than MAX_BATCH_RECORDS records (before reading any).
    :raises ProtocolError: for a batch that is malformed or holds an unusable value outside
        its records.
    """
    if isinstance(data, Mapping):
        records = data.get("records")
        if isinstance(records, list) and len(records) > MAX_BATCH_RECORDS:
            raise TooManyRecords(f"batch.records: {len(records)} records; a batch holds at "
                                 f"most {MAX_BATCH_RECORDS}")
        problem = find_unusable({k: v for k, v in data.items() if k != "records"}, "batch")
        if problem:
            raise ProtocolError(problem)
    kiosk_id, items, uuids = parse_batch(data)
    for index, item in enumerate(items):
        if isinstance(item, Record):
            problem = find_unusable(item.payload, "record.payload")
            if problem:
                items[index] = ProtocolError(problem)
        if not _ECHO.match(uuids[index]):  # only a uuid-like text goes back to the kiosk
            uuids[index] = ""
    return kiosk_id, items, uuids


def _count(value: int, field: str) -> None:
    if not 0 <= value <= COUNT_MAX:
        raise ProtocolError(f"heartbeat.{field}: must be a whole number from 0 to {COUNT_MAX}")


def read_heartbeat(data: Any) -> Heartbeat:
    """A heartbeat checked by :func:`sync.protocol.parse_heartbeat`, with numbers that the
    fleet view can show: a finite clock skew, counts from 0 to COUNT_MAX.

    :raises ProtocolError: naming the field.
    """
    problem = find_unusable(data, "heartbeat")
    if problem:
        raise ProtocolError(problem)
    try:
        beat = parse_heartbeat(data)
    except OverflowError as exc:
        raise ProtocolError(f"heartbeat: a number is out of range: {exc}") from exc
    if beat.clock_skew_seconds is not None and not math.isfinite(beat.clock_skew_seconds):
        raise ProtocolError("heartbeat.clock_skew_seconds: must be a finite number")
    _count(beat.free_disk_bytes, "free_disk_bytes")
    _count(beat.sync_restarts, "sync_restarts")
    for state, count in beat.outbox.items():
        _count(count, f"outbox.{state}")
    return beat
