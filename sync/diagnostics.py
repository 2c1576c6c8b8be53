"""What a technician asks about sync: where the records stand, and does the link work.

* :func:`sync_overview` — the outbox by state, the last cycle's outcome (from the state file
  the worker writes) and the newest records the server rejected, with its reasons.
* :func:`connection_test` — three checks, each with a sentence saying what to do: the server
  answers at all (reach), it accepts this kiosk's token (auth), the clocks agree (clock).
  ``kiosk doctor`` uses the same checks.
* :func:`pull_catalogue_now` — "reload from the server" without a whole cycle.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import re
import socket
import ssl
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from kiosk.config import Config
from kiosk.storage import OutboxState, outbox_counts
from kiosk.storage.outbox_sql import rejected_rows
from sync.documents import PullResult
from sync.http import AuthError, ServerClient, TransientError
from sync.protocol import (
    Batch,
    ProtocolError,
    decode_body,
    encode_body,
    parse_batch_result,
)
from sync.sender import RECORDS_PATH
from sync.worker import ConfigurationError, SyncWorker, client_from_config, read_sync_state

logger = logging.getLogger(__name__)

#: Clock skew beyond which receipts and the server disagree about dates and deadlines.
MAX_SKEW_SECONDS = 300.0
TEST_TIMEOUT = 10.0
_STATUS = re.compile(r"answered (\d{3})")


@dataclass(frozen=True)
class RejectedItem:
    """An outbox record the server refused, and why (kept on the kiosk for a technician)."""

    kind: str
    uuid: str
    reason: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SyncOverview:
    """The outbox and the last sync cycles at a glance."""

    counts: dict[OutboxState, int]
    last_attempt: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error: str = ""
    last_error_at: dt.datetime | None = None
    skew_seconds: float | None = None
    rejected: list[RejectedItem] = field(default_factory=list)
    #: Sync steps that failed unexpectedly (a bug or a local fault, not the network), ever.
    step_failures: int = 0


@dataclass(frozen=True)
class Check:
    """One connection check: ``reach``, ``auth`` or ``clock``; ``detail`` says what to do."""

    name: str
    ok: bool
    detail: str


def sync_overview(db: Database, state_dir: Path, rejected_limit: int = 20) -> SyncOverview:
    """Outbox counts (every state), the last cycle's outcome, the newest rejected records."""
    state = read_sync_state(state_dir)
    rows = rejected_rows(db, max(0, rejected_limit))  # the outbox's own query and index
    rejected = [RejectedItem(str(kind), str(uuid), str(reason), _utc(str(created)))
                for kind, uuid, reason, created in rows]
    return SyncOverview(counts=outbox_counts(db), last_attempt=state.last_attempt,
                        last_success=state.last_success, last_error=state.last_error,
                        last_error_at=state.last_error_at, skew_seconds=state.skew_seconds,
                        rejected=rejected, step_failures=state.step_failures)


def pull_catalogue_now(worker: SyncWorker) -> PullResult:
    """Ask the server for a newer catalogue now (waits for a cycle in progress to end).

    :raises sync.http.TransientError: when the server cannot be reached.
    :raises sync.http.AuthError: when the server refuses the token.
    """
    return worker.pull_catalogue()


def connection_test(config: Config, timeout: float = TEST_TIMEOUT) -> list[Check]:
    """Reach, auth and clock checks against the configured server (blocking: use a worker)."""
    try:
        client = client_from_config(config)
    except ConfigurationError as exc:
        detail = f"sync is not configured: {exc}"
        return [Check(name, False, detail) for name in ("reach", "auth", "clock")]
    client.timeout = timeout
    where = _server_address(client.base_url)
    reach, skew = _check_reach(client, where, timeout)
    if not reach.ok:
        not_tested = "not tested: the server cannot be reached"
        return [reach, Check("auth", False, not_tested), Check("clock", False, not_tested)]
    auth, auth_skew = _check_auth(client, config, where)
    return [reach, auth, _check_clock(auth_skew if auth_skew is not None else skew)]


def _check_reach(client: ServerClient, where: str, timeout: float) -> tuple[Check, float | None]:
    """Any HTTP answer at all, with or without the token; the clock skew it showed."""
    try:
        answer = client.request("GET", "/")
    except AuthError:
        return Check("reach", True, f"server {where} answers"), None
    except TransientError as exc:
        if _answered(exc):
            return Check("reach", True, f"server {where} answers (with an error)"), None
        return Check("reach", False, _unreachable(exc, where, timeout)), None
    return Check("reach", True, f"server {where} answers"), answer.skew_seconds


def _check_auth(client: ServerClient, config: Config,
                where: str) -> tuple[Check, float | None]:
    """An empty batch of records for this kiosk: only its own valid token gets a 201."""
    kiosk_id = config.kiosk.id
    token_file = config.server.token_file
    body = encode_body(Batch(kiosk_id, ()))
    try:
        answer = client.request("POST", RECORDS_PATH, body, {
            "Content-Type": "application/json", "Content-Encoding": "gzip"})
    except AuthError as exc:
        status = _STATUS.search(str(exc))
        if status and status.group(1) == "403":
            return Check("auth", False, (
                f"the server refused this kiosk's rights (403: {_server_text(exc)}): check "
                f"kiosk.id ({kiosk_id}) matches the kiosk the token was issued for, or issue "
                f"a token with kiosk-server add-kiosk {kiosk_id} --replace-token")), None
        return Check("auth", False, (
            f"the kiosk token was refused (401): issue a new one with kiosk-server add-kiosk "
            f"{kiosk_id} --replace-token and put it in {token_file}")), None
    except TransientError as exc:
        return Check("auth", False, (
            f"the server answered the authenticated request with an error ({exc}): ask the "
            f"region's administrator to check the regional server's log")), None
    if answer.status != 201:
        return Check("auth", False, (
            f"{where} answered {answer.status} to an authenticated request, not 201: check "
            f"server.url points at the regional server, not a proxy or a login page")), None
    try:
        parse_batch_result(decode_body(answer.body, answer.headers.get("content-encoding")))
    except ProtocolError as exc:
        return Check("auth", False, (
            f"the answer did not come from the regional server ({exc}): check server.url and "
            f"that no captive portal or proxy sits in between")), None
    return Check("auth", True, f"the server accepts the token of kiosk {kiosk_id}"), \
        answer.skew_seconds


def _check_clock(skew: float | None) -> Check:
    if skew is None:
        return Check("clock", False, "the server sent no usable Date header, so the clocks "
                     "could not be compared: check the server or proxy sends one")
    seconds = round(abs(skew))
    if abs(skew) > MAX_SKEW_SECONDS:
        side = "behind" if skew > 0 else "ahead of"
        return Check("clock", False, f"kiosk clock is {seconds} s {side} the server: enable "
                     f"NTP (timedatectl set-ntp true)")
    return Check("clock", True, f"kiosk clock agrees with the server ({round(skew):+d} s)")


def _answered(exc: TransientError) -> bool:
    """True when the server did answer, with a 5xx (raised by sync.http without a cause)."""
    cause = exc.__cause__
    return cause is None or isinstance(cause, urllib.error.HTTPError)


def _unreachable(exc: TransientError, where: str, timeout: float) -> str:
    """The sentence for a request that got no HTTP answer, from what the socket said."""
    reason: object = exc.__cause__
    if isinstance(reason, urllib.error.URLError):
        reason = reason.reason
    link = "check the network cable / modem / VPN; records wait safely in the outbox meanwhile"
    sentences: list[tuple[type[BaseException], str]] = [
        (ssl.SSLCertVerificationError,
         f"the TLS certificate of {where} is not trusted "
         f"({getattr(reason, 'verify_message', reason)}): set server.ca_file to the region's "
         f"CA certificate"),
        (ssl.SSLError, f"TLS with {where} failed ({reason}): check server.url (http or https?)"),
        (ConnectionRefusedError,
         f"server {where} refused the connection: check the network cable / VPN and that the "
         f"regional server runs; records wait safely in the outbox meanwhile"),
        (socket.gaierror,
         f"the name in server.url ({where}) cannot be resolved: check server.url and DNS"),
        (TimeoutError, f"server {where} did not answer within {timeout:.0f} s: {link}"),
    ]
    for kind, sentence in sentences:
        if isinstance(reason, kind):
            return sentence
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"no route to {where}: {link}"
    return f"server {where} cannot be reached ({reason or exc}): {link}"


def _server_address(base_url: str) -> str:
    """``host:port`` of a server URL (the default port filled in)."""
    parts = urllib.parse.urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


def _server_text(exc: AuthError) -> str:
    """The server's own words after ``answered 403:`` (its JSON ``error``, if it sent one)."""
    text = str(exc).partition(": ")[2].partition(": ")[2].strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text or str(exc)
    return str(data.get("error", text)) if isinstance(data, dict) else text


def _utc(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
