"""Pull the catalogue and announcements: conditional GET, validate, then swap in atomically.

A published document that fails validation is rejected and logged; the kiosk keeps
using what it had, and does not download the same bad version again (its hash is
remembered and sent as ``If-None-Match``).
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic_files import install_folder, staging_folder
from kiosk.errors import CatalogueError
from sync.http import ServerClient
from sync.protocol import ProtocolError, decode_body, parse_document

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PullResult:
    """What a pull did: ``changed`` (new data in use), ``unchanged``, or ``rejected``."""

    kind: str
    outcome: str
    version: str = ""
    error: str = ""


@dataclass
class DocumentPuller:
    """Keeps ``folder`` in step with the server's published document of ``kind``."""

    client: ServerClient
    kind: str
    folder: Path
    validate: Callable[[Path], object]
    on_change: Callable[[Path], object] | None = None

    @property
    def _state_file(self) -> Path:
        return self.folder.parent / f".{self.kind}-sync.json"

    def _seen_hash(self) -> str:
        try:
            return str(json.loads(self._state_file.read_text(encoding="utf-8"))["seen"])
        except (FileNotFoundError, KeyError, ValueError):
            return ""

    def _remember(self, content_hash: str, outcome: str, error: str = "") -> None:
        self._state_file.parent.mkdir(parents=True, exist_ok=True)
        self._state_file.write_text(json.dumps({"seen": content_hash, "outcome": outcome,
                                                "error": error}), encoding="utf-8")

    def pull(self) -> PullResult:
        """One conditional GET; validates and installs a new version.

        :raises sync.http.TransientError: when the server cannot be reached.
        """
        seen = self._seen_hash()
        headers = {"If-None-Match": f'"{seen}"'} if seen else {}
        answer = self.client.request("GET", f"/api/v1/documents/{self.kind}", None, headers)
        if answer.status in (304, 404):
            return PullResult(self.kind, "unchanged")
        try:
            if answer.status != 200:
                raise ProtocolError(f"unexpected answer {answer.status}")
            document = parse_document(decode_body(answer.body,
                                                  answer.headers.get("content-encoding")))
            if document.kind != self.kind:
                raise ProtocolError(f"asked for {self.kind}, got {document.kind}")
            staged = staging_folder(self.folder, self.kind)
            for name, text in document.files.items():
                (staged / name).write_text(text, encoding="utf-8")
            try:
                self.validate(staged)
            except CatalogueError:
                shutil.rmtree(staged, ignore_errors=True)
                raise
        except (ProtocolError, CatalogueError) as exc:
            digest = answer.headers.get("etag", "").strip('"')
            self._remember(digest, "rejected", str(exc))
            logger.error("%s update rejected, keeping the current one: %s", self.kind, exc)
            return PullResult(self.kind, "rejected", error=str(exc))
        install_folder(staged, self.folder, version=document.version, origin="server")
        self._remember(document.content_hash, "installed")
        if self.on_change is not None:
            self.on_change(self.folder)
        logger.info("%s %s installed", self.kind, document.version)
        return PullResult(self.kind, "changed", document.version)
