"""One utterance at a time, streamed into a player's stdin, cut off the moment a new one comes.

The guidance must start speaking at once and stop at once: the clips of an utterance are
written one after another into the standard input of one player process (``aplay -``,
``play -t wav -`` or ``paplay``) in small chunks, at the set volume, with a short pause
between phrases. The player starts playing from the first chunk; :meth:`Stream.cut` kills
it (the visitor moved on: an old phrase must not be heard after a new one).
"""

from __future__ import annotations

import logging
import shutil
import struct
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence

from kiosk.speech.audio import SPEECH_RATE, BadAudio, Loudness, read_wav, scale_frames, silence

logger = logging.getLogger(__name__)

#: Players that read a WAV stream on stdin, tried in order.
STREAM_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("aplay", "-q", "-"),
    ("play", "-q", "-t", "wav", "-"),
    ("paplay",),
)
#: Bytes written at a time (about 0.09 s of speech): the volume is applied per chunk.
CHUNK = 4096
#: Silence between two phrases of one utterance.
PHRASE_GAP_MS = 250.0
#: A WAV stream's data size when the length is not known yet (players read to the end).
_STREAMING_SIZE = 0x7FFF0000


def find_stream_command() -> tuple[str, ...] | None:
    """The first of :data:`STREAM_COMMANDS` whose program is installed, or None."""
    for command in STREAM_COMMANDS:
        if shutil.which(command[0]):
            return command
    return None


def stream_header(rate: int = SPEECH_RATE, channels: int = 1) -> bytes:
    """A WAV header for a mono 16-bit stream of unknown length."""
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", _STREAMING_SIZE + 36, b"WAVE", b"fmt ",
                       16, 1, channels, rate, rate * channels * 2, channels * 2, 16, b"data",
                       _STREAMING_SIZE)


class Stream(Loudness):
    """Plays utterances (iterables of WAV clips) through one player process each."""

    def __init__(self, command: Sequence[str] | None = None, *, volume: float = 1.0) -> None:
        self.command = tuple(command) if command is not None else find_stream_command()
        self.volume = volume
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._cut = 0
        self._warned = ""

    def cut(self) -> None:
        """Stop the utterance playing now (from any thread)."""
        with self._lock:
            self._cut += 1
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def play(self, clips: Iterable[bytes], *, first_bytes: Callable[[], None] | None = None
             ) -> bool:
        """Stream ``clips`` (made lazily: the first plays while the next is made) to one
        player and wait for it to finish; False when cut off or the player failed.
        ``first_bytes`` is called once the first audio is in the player's stdin."""
        if self.command is None:
            self._warn("no audio player found: install alsa-utils (aplay) or sox (play); "
                       "the guidance is silent")
            return False
        with self._lock:
            ticket = self._cut
        started: list[subprocess.Popen[bytes]] = []
        try:
            return self._play(clips, ticket, started, first_bytes)
        except OSError as exc:  # BrokenPipeError: the player was stopped or died
            if self._cut == ticket:
                self._warn(f"the audio player stopped: {exc}")
            return False
        finally:
            for process in started:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                with self._lock:
                    if self._process is process:
                        self._process = None

    def _play(self, clips: Iterable[bytes], ticket: int,
              started: list[subprocess.Popen[bytes]],
              first_bytes: Callable[[], None] | None) -> bool:
        process: subprocess.Popen[bytes] | None = None
        for frames in _frames(clips):
            if self._cut != ticket:
                return False
            if process is None:
                process = self._start(ticket)
                if process is None or process.stdin is None:
                    return False
                started.append(process)
                process.stdin.write(stream_header())
            elif process.stdin is not None:
                process.stdin.write(silence(PHRASE_GAP_MS))
            if not self._write(process, frames, ticket, first_bytes):
                return False
            first_bytes = None
        return True if process is None else self._finish(process, ticket)

    def _start(self, ticket: int) -> subprocess.Popen[bytes] | None:
        if self.command is None:  # play() checks first; a cleared command plays nothing
            return None
        try:
            process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            self._warn(f"the audio player {self.command[0]} cannot be started ({exc})")
            return None
        with self._lock:
            self._process = process
            cut_meanwhile = self._cut != ticket
        if cut_meanwhile:
            process.kill()
            return None
        return process

    def _write(self, process: subprocess.Popen[bytes], frames: bytes, ticket: int,
               first_bytes: Callable[[], None] | None) -> bool:
        stdin = process.stdin
        if stdin is None:  # started without a pipe: nothing can be written to it
            return False
        for start in range(0, len(frames), CHUNK):
            if self._cut != ticket:
                return False
            stdin.write(scale_frames(frames[start:start + CHUNK], self._volume))
            if first_bytes is not None:
                stdin.flush()
                first_bytes()
                first_bytes = None
        stdin.flush()
        return True

    def _finish(self, process: subprocess.Popen[bytes], ticket: int) -> bool:
        if process.stdin is not None:
            process.stdin.close()
        err = process.stderr.read() if process.stderr is not None else b""
        process.wait()
        if self._cut != ticket:
            return False
        if process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            detail = lines[-1] if lines else f"exit code {process.returncode}"
            self._warn(f"{self.command[0] if self.command else 'the player'} could not play "
                       f"the guidance ({detail}): is a speaker or headphones connected?")
            return False
        return True

    def _warn(self, message: str) -> None:
        """Log ``message`` once until a different problem comes along."""
        if message != self._warned:
            logger.warning("guidance: %s", message)
            self._warned = message


def _frames(clips: Iterable[bytes]) -> Iterator[bytes]:
    """The samples of each clip (a clip that is not audio is logged and skipped)."""
    for wav in clips:
        try:
            yield read_wav(wav).frames
        except BadAudio as exc:
            logger.warning("guidance: a clip is not playable audio: %s", exc)
