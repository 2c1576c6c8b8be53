"""Pull published documents (catalogue, announcements, reception): conditional GET, validate,
then swap in atomically.

A published document that fails validation is rejected and logged; the kiosk keeps
using what it had, and does not download the same bad version again (its ETag is
remembered and sent as ``If-None-Match``). "Fails validation" covers everything the
region can get wrong in a document: a garbled answer, an unsafe file name (empty, NUL,
too long, a path), text that cannot be written, and any error the kiosk's own checker
raises on it — including a checker that trips over data it did not expect (a number
where a list belongs, TOML nested ten thousand deep). The staging folder of a rejected
document is always removed.

What a kiosk does with an installed document (reload the catalogue, apply the reception
document's booking changes) runs before the document is remembered as installed: when
that step fails, the next pull downloads and installs the same version again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic_files import install_folder, staging_folder, write_text_atomic
from kiosk.errors import CatalogueError
from sync.http import Response, ServerClient
from sync.protocol import ProtocolError, PublishedDocument, decode_body, parse_document

logger = logging.getLogger(__name__)

#: A file name a published document may carry: plain ASCII, short, not hidden, no path.
SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
#: What may be remembered and sent back as ``If-None-Match`` (a hash, never a header break).
_TAG = re.compile(r"[A-Za-z0-9._:+=-]{1,128}")
#: What a checker handed malformed data may raise besides :class:`CatalogueError` (it
#: expected a list and got a number; the TOML reader recursed too deep). The document is
#: rejected like any other bad one, and the traceback logged so the checker can be fixed.
CHECKER_FAILURES: tuple[type[Exception], ...] = (
    ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


@dataclass(frozen=True)
class PullResult:
    """What a pull did: ``changed`` (new data in use), ``unchanged``, or ``rejected``."""

    kind: str
    outcome: str
    version: str = ""
    error: str = ""


class _Rejected(Exception):
    """A document the kiosk will not install (the text says why)."""


@dataclass
class DocumentPuller:
    """Keeps ``folder`` in step with the server's published document of ``kind``."""

    client: ServerClient
    kind: str
    folder: Path
    validate: Callable[[Path], object]
    on_change: Callable[[Path], object] | None = None

    @property
    def state_file(self) -> Path:
        """Where the tag of the last document seen (installed or rejected) is kept."""
        return self.folder.parent / f".{self.kind}-sync.json"

    def last_seen(self) -> tuple[str, str]:
        """``(tag, outcome)`` of the last document seen; ``("", "")`` when none is known."""
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return "", ""
        except (OSError, ValueError) as exc:
            logger.warning("ignoring an unreadable %s: %s", self.state_file, exc)
            return "", ""
        tag = data.get("seen") if isinstance(data, dict) else None
        if not isinstance(tag, str) or not _TAG.fullmatch(tag):
            return "", ""
        return tag, str(data.get("outcome", ""))

    def _remember(self, tag: str, outcome: str, error: str = "") -> None:
        write_text_atomic(self.state_file, json.dumps(
            {"seen": tag, "outcome": outcome, "error": error}, ensure_ascii=False))

    def pull(self) -> PullResult:
        """One conditional GET; validates and installs a new version, or rejects it.

        :raises sync.http.TransientError: when the server cannot be reached.
        :raises sync.http.AuthError: when the server refuses the token.
        :raises OSError: when the kiosk's own disk fails while installing.
        """
        seen, outcome = self.last_seen()
        headers = {"If-None-Match": f'"{seen}"'} if seen else {}
        answer = self.client.request("GET", f"/api/v1/documents/{self.kind}", None, headers)
        if answer.status in (304, 404):
            return PullResult(self.kind, "unchanged")
        tag = _tag_of(answer)
        if tag == seen and outcome == "rejected":  # the server ignored If-None-Match
            return PullResult(self.kind, "unchanged")
        staged: Path | None = None
        try:
            try:
                document = self._document(answer)
                staged = staging_folder(self.folder, self.kind)
                self._stage(document, staged)
                self.validate(staged)
            except (ProtocolError, CatalogueError, _Rejected) as exc:
                return self._reject(tag, str(exc))
            except CHECKER_FAILURES as exc:
                return self._reject(tag, f"the document breaks the checker "
                                         f"({type(exc).__name__}: {exc})", trace=True)
            install_folder(staged, self.folder, version=document.version, origin="server")
            staged = None
        finally:
            if staged is not None:
                shutil.rmtree(staged, ignore_errors=True)
        if self.on_change is not None:  # before remembering: if it fails, the next pull redoes it
            self.on_change(self.folder)
        self._remember(document.content_hash, "installed")
        logger.info("%s %s installed", self.kind, document.version)
        return PullResult(self.kind, "changed", document.version)

    def _document(self, answer: Response) -> PublishedDocument:
        """The answer's document, checked against the protocol, this kind and safe names."""
        if answer.status != 200:
            raise _Rejected(f"unexpected answer {answer.status}")
        document = parse_document(decode_body(answer.body,
                                              answer.headers.get("content-encoding")))
        if document.kind != self.kind:
            raise _Rejected(f"asked for {self.kind}, got {document.kind}")
        for name in document.files:
            if not SAFE_FILE_NAME.fullmatch(name) or ".." in name:
                raise _Rejected(f"unsafe file name {name[:60]!r}: names are 1-100 letters, "
                                f"digits, '_', '-' or '.', not starting with '.'")
        return document

    @staticmethod
    def _stage(document: PublishedDocument, staged: Path) -> None:
        for name, text in document.files.items():
            (staged / name).write_text(text, encoding="utf-8")  # a lone surrogate: ValueError

    def _reject(self, tag: str, reason: str, *, trace: bool = False) -> PullResult:
        self._remember(tag, "rejected", reason[:500])
        logger.error("%s update %s rejected, keeping the current one: %s", self.kind,
                     tag[:16], reason, exc_info=trace)
        return PullResult(self.kind, "rejected", error=reason)


def _tag_of(answer: Response) -> str:
    """The answer's ETag when it is a plain tag, else a hash of its body."""
    etag = answer.headers.get("etag", "").strip().removeprefix("W/").strip('"')
    if _TAG.fullmatch(etag):
        return etag
    return hashlib.sha256(answer.body).hexdigest()
