"""Spoken clips on disk: each text rendered once, reused, and the folder kept to a size.

A clip's file name is the SHA-256 of the engine's identity (version, voice, rate...) and the
text, so a new espeak-ng or new settings never reuse an old sound. Files are written to a
temporary sibling and renamed into place (a power cut leaves no half clip under a real
name); a clip found cut short anyway is rendered again. Beyond the size limit the oldest
clips (by the time they were written) are dropped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from kiosk.i18n import Language
from kiosk.speech.audio import BadAudio, read_wav
from kiosk.speech.engine import Synthesizer

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_SUFFIX = ".wav"
_TEMP_PREFIX = ".clip-"
#: A temporary file this old is left over from a crash, not being written now.
_STALE_TEMP_SECONDS = 600.0


class SpeechCache:
    """A folder of rendered clips in front of a speech engine."""

    def __init__(self, folder: Path, engine: Synthesizer, *,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes <= 0:
            raise ValueError(f"the cache size limit must be positive, not {max_bytes}")
        self.folder = folder
        self.engine = engine
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def key(self, text: str, language: Language) -> str:
        """The clip's file stem: SHA-256 of the engine identity and the text."""
        identity = self.engine.identity(language)
        return hashlib.sha256(f"{identity}\0{text}".encode()).hexdigest()

    def path(self, text: str, language: Language) -> Path:
        """Where the clip for ``text`` lives (whether or not it is rendered yet)."""
        return self.folder / f"{self.key(text, language)}{_SUFFIX}"

    def clip(self, text: str, language: Language) -> Path:
        """A WAV file of ``text`` in ``language``: from the cache, or rendered now."""
        path = self.path(text, language)
        with self._lock:
            if _complete(path):
                return path
            wav = self.engine.synthesize(text, language)
            self._write(path, wav)
            self._prune(keep=path)
        return path

    def prerender(self, items: Iterable[tuple[str, Language]]) -> list[Path]:
        """Render every (text, language) ahead of time; the clips' paths in order."""
        return [self.clip(text, language) for text, language in items]

    def size_bytes(self) -> int:
        """Bytes the cached clips take now."""
        return sum(size for _, size, _ in self._entries())

    def prune(self) -> int:
        """Drop the oldest clips (the newest always stays) to fit the limit; how many."""
        with self._lock:
            return self._prune(keep=None)

    def _write(self, path: Path, wav: bytes) -> None:
        """Write ``wav`` to ``path`` atomically, readable by this user only."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=self.folder)
        tmp, done = Path(tmp_name), False
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(wav)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            done = True
        finally:
            if not done:
                tmp.unlink(missing_ok=True)

    def _entries(self) -> list[tuple[Path, int, float]]:
        """(path, size, mtime) of every clip, oldest first; stale temporary files removed."""
        entries = []
        try:
            listing = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as exc:  # not a folder, not ours to read: nothing to list or prune
            logger.warning("speech cache %s cannot be listed: %s", self.folder, exc)
            return []
        now = time.time()
        for entry in listing:
            try:
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if entry.name.startswith(_TEMP_PREFIX):
                if now - stat.st_mtime > _STALE_TEMP_SECONDS:
                    Path(entry.path).unlink(missing_ok=True)
                continue
            if entry.name.endswith(_SUFFIX) and entry.is_file(follow_symlinks=False):
                entries.append((Path(entry.path), stat.st_size, stat.st_mtime))
        entries.sort(key=lambda e: (e[2], e[0].name))
        return entries

    def _prune(self, keep: Path | None) -> int:
        """Drop the oldest clips (never ``keep``, else the newest) while over the limit."""
        entries = self._entries()
        if keep is None and entries:
            keep = entries[-1][0]
        total = sum(size for _, size, _ in entries)
        dropped = 0
        for path, size, _ in entries:
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            path.unlink(missing_ok=True)
            total -= size
            dropped += 1
        if dropped:
            logger.info("speech cache: dropped %d old clip(s) to stay under %d bytes",
                        dropped, self.max_bytes)
        return dropped


def _complete(path: Path) -> bool:
    """True when ``path`` holds a whole WAV (a missing or cut-short file is rendered again)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError as exc:
        logger.warning("speech cache: cannot read %s (%s); rendering it again", path, exc)
        return False
    try:
        read_wav(data, strict=True)
    except BadAudio as exc:
        logger.warning("speech cache: %s is damaged (%s); rendering it again", path.name, exc)
        return False
    return True
