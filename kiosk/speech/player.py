"""Play WAV clips one after another through a command-line player, never blocking the caller.

The kiosk's Qt build has no QtMultimedia, so a clip is handed to ``aplay`` (ALSA), else
``play`` (sox), else ``paplay`` (PulseAudio). Clips wait in a small queue and one daemon
thread plays them in order, each after the previous one has finished. No player, no sound
device or a broken clip is logged as a warning; nothing is raised into the caller.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.speech.audio import BadAudio, Loudness, read_wav, scale_volume

logger = logging.getLogger(__name__)

#: Player commands tried in order; "{file}" is replaced by the clip's path.
PLAYER_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("aplay", "-q", "{file}"),
    ("play", "-q", "{file}"),
    ("paplay", "{file}"),
)
#: Clips waiting beyond this many are dropped (a call announced a minute late helps no one).
MAX_WAITING = 8
#: Seconds a player may run past the clip's own length before it is stopped.
OVERRUN_SECONDS = 10.0
_STOP = object()
_NO_PLAYER = ("no audio player found: install alsa-utils (aplay) or sox (play); "
              "announcements stay silent")


@dataclass(frozen=True)
class PlayOutcome:
    """How the last clip went: the command run, its exit code, and the problem if any."""

    command: tuple[str, ...]
    returncode: int | None
    problem: str | None


def find_player_command() -> tuple[str, ...] | None:
    """The first of :data:`PLAYER_COMMANDS` whose program is installed, or None."""
    for command in PLAYER_COMMANDS:
        if shutil.which(command[0]):
            return command
    return None


class Player(Loudness):
    """A queue of clips played in order on one daemon thread."""

    def __init__(self, command: Sequence[str] | None = None, *, volume: float = 1.0,
                 enabled: bool = True) -> None:
        self.command = tuple(command) if command is not None else find_player_command()
        self.volume = volume
        self.enabled = enabled
        self.last_outcome: PlayOutcome | None = None
        self._queue: queue.Queue[object] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._process: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._last_warning = ""
        self._thread = threading.Thread(target=self._work, name="speech-player", daemon=True)
        self._thread.start()
        if self.command is None:
            self._warn(_NO_PLAYER)

    def play(self, wav: bytes) -> None:
        """Queue a WAV clip to be played after those already waiting; returns at once."""
        if not self.enabled or self._closed:
            logger.debug("speech player is off; a clip was not played")
            return
        if self.command is None:
            self._warn(_NO_PLAYER)
            return
        with self._idle:
            if self._pending >= MAX_WAITING:
                logger.warning("speech player: %d clips are already waiting; this one is "
                               "dropped (is the sound device stuck?)", self._pending)
                return
            self._pending += 1
        self._queue.put(wav)

    def play_file(self, path: Path) -> None:
        """Queue the WAV file at ``path`` (read now); a missing file is logged, not raised."""
        try:
            wav = path.read_bytes()
        except OSError as exc:
            self._warn(f"cannot read the clip {path}: {exc}")
            return
        self.play(wav)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued clip has finished; False if ``timeout`` ran out first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the clip playing now, drop the waiting ones, and end the thread."""
        self._closed = True
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not _STOP:
                self._finished()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _work(self) -> None:
        """The thread: play each queued clip to its end, one at a time."""
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                if isinstance(item, bytes) and self.command is not None and not self._closed:
                    self.last_outcome = self._play_now(item, self.command)
            except (OSError, ValueError, subprocess.SubprocessError) as exc:
                self._warn(f"a clip could not be played: {exc}")
            finally:
                self._finished()

    def _play_now(self, wav: bytes, template: tuple[str, ...]) -> PlayOutcome:
        """Write the clip (at the set volume) to a private temp file and run the player."""
        try:
            duration = read_wav(wav).duration
            scaled = scale_volume(wav, self.volume)
        except BadAudio as exc:
            self._warn(f"a clip is not playable audio: {exc}")
            return PlayOutcome(template, None, str(exc))
        fd, name = tempfile.mkstemp(prefix="kiosk-speech-", suffix=".wav")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(scaled)
            command = tuple(part.replace("{file}", name) for part in template)
            return self._run(command, duration + OVERRUN_SECONDS)
        finally:
            Path(name).unlink(missing_ok=True)

    def _run(self, command: tuple[str, ...], limit: float) -> PlayOutcome:
        """Run one player process to its end (or stop it after ``limit`` seconds)."""
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            problem = f"the audio player {command[0]} cannot be started ({exc})"
            self._warn(f"{problem}: install alsa-utils (aplay) or sox (play)")
            return PlayOutcome(command, None, problem)
        process = self._process
        if self._closed:  # close() came while the process was starting
            process.kill()
        try:
            _, err = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            problem = f"{command[0]} was still playing after {limit:.0f} s and was stopped"
            self._warn(f"{problem}: check the sound device")
            return PlayOutcome(command, process.returncode, problem)
        finally:
            self._process = None
        if process.returncode != 0 and not self._closed:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            detail = lines[-1] if lines else f"exit code {process.returncode}"
            problem = f"{command[0]} could not play the clip ({detail})"
            self._warn(f"{problem}: is a speaker connected and a sound device configured? "
                       "(check with aplay -l)")
            return PlayOutcome(command, process.returncode, problem)
        return PlayOutcome(command, process.returncode, None)

    def _finished(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def _warn(self, message: str) -> None:
        """Log ``message`` as a warning, once until a different problem comes along."""
        if message != self._last_warning:
            logger.warning("speech player: %s", message)
            self._last_warning = message
        else:
            logger.debug("speech player: %s", message)
