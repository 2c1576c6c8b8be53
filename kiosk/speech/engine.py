"""Offline speech with espeak-ng: text in, a complete mono 16-bit WAV out.

The text goes to espeak-ng on stdin, never on its command line (a text starting with '-'
would be read as an option). Every failure is a :class:`SpeechUnavailable` whose message
says what to do about it.
"""

from __future__ import annotations

import logging
import subprocess
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from kiosk.i18n import Language
from kiosk.speech.audio import SPEECH_RATE, BadAudio, Pcm, read_wav, write_wav

logger = logging.getLogger(__name__)

#: espeak-ng's voice for each kiosk language.
VOICES: Mapping[Language, str] = {Language.KK: "kk", Language.RU: "ru", Language.EN: "en"}
_LANGUAGE_NAMES = {Language.KK: "Kazakh", Language.RU: "Russian", Language.EN: "English"}
#: Words per minute: espeak-ng's default is 175; a hall announcement is a little slower.
DEFAULT_RATE = 150
DEFAULT_PITCH = 50
#: espeak-ng's 0..200 loudness; its default 100 peaks at 0.99 of full scale in Russian at
#: this rate, 80 leaves headroom (peaks about 0.85). The hall's loudness is the amplifier's.
DEFAULT_AMPLITUDE = 80
DEFAULT_TIMEOUT = 30.0
_INSTALL = "apt-get install espeak-ng"


#: The longest text spoken (a call is under 100 characters; a screen's prompt under 1,000).
MAX_TEXT = 2000


class SpeechUnavailable(Exception):
    """Speech cannot be made; the message says why and what to do."""


class Synthesizer(Protocol):
    """What the cache needs from an engine."""

    def synthesize(self, text: str, language: Language) -> bytes:
        """A complete WAV of ``text`` spoken in ``language``."""
        ...

    def identity(self, language: Language) -> str:
        """Everything that changes the sound besides the text (version, voice, rate)."""
        ...


class SpeechEngine:
    """espeak-ng run as a subprocess, one call per text."""

    def __init__(self, binary: str | Path = "espeak-ng", *, rate: int = DEFAULT_RATE,
                 pitch: int = DEFAULT_PITCH, amplitude: int = DEFAULT_AMPLITUDE,
                 word_gap_ms: int = 0, timeout: float = DEFAULT_TIMEOUT,
                 voices: Mapping[Language, str] = VOICES) -> None:
        if not 80 <= rate <= 450:
            raise ValueError(f"speech rate must be 80..450 words per minute, not {rate}")
        if not 0 <= pitch <= 99:
            raise ValueError(f"pitch must be 0..99, not {pitch}")
        if not 0 <= amplitude <= 200:
            raise ValueError(f"amplitude must be 0..200, not {amplitude}")
        if word_gap_ms < 0 or timeout <= 0:
            raise ValueError("the word gap must be >= 0 ms and the timeout > 0 s")
        self.binary = str(binary)
        self.rate, self.pitch, self.amplitude = rate, pitch, amplitude
        self.word_gap_ms, self.timeout = word_gap_ms, timeout
        self.voices = dict(voices)
        self._version: str | None = None

    def available(self) -> bool:
        """True when the espeak-ng binary can be found and run."""
        try:
            self.version()
        except SpeechUnavailable as exc:
            logger.info("speech is not available: %s", exc)
            return False
        return True

    def version(self) -> str:
        """espeak-ng's version line, e.g. "eSpeak NG text-to-speech: 1.51" (in cache keys)."""
        if self._version is None:
            out = self._run(["--version"], b"", "report its version")
            lines = out.decode("utf-8", "replace").strip().splitlines()
            if not lines:
                raise SpeechUnavailable(f"{self.binary} printed no version: is it espeak-ng? "
                                        f"{_INSTALL}")
            line = lines[0]
            self._version = line.split("  Data at:")[0].strip()
        return self._version

    def voice(self, language: Language) -> str:
        """The espeak-ng voice used for ``language``."""
        return self.voices[language]

    def identity(self, language: Language) -> str:
        """Engine version, voice and settings: what changes the sound besides the text."""
        return (f"{self.version()}|voice={self.voice(language)}|rate={self.rate}"
                f"|pitch={self.pitch}|amplitude={self.amplitude}|gap={self.word_gap_ms}")

    def command(self, language: Language) -> list[str]:
        """The espeak-ng command line (without any text: the text goes on stdin)."""
        return [self.binary, "-v", self.voice(language), "-s", str(self.rate),
                "-p", str(self.pitch), "-a", str(self.amplitude),
                "-g", str(max(0, round(self.word_gap_ms / 10))), "-b", "1", "--stdout"]

    def synthesize(self, text: str, language: Language) -> bytes:
        """``text`` spoken in ``language`` as a complete mono 16-bit WAV."""
        clean = _clean(text)
        if not clean.strip():
            return write_wav(Pcm(SPEECH_RATE, 1, b""))
        if len(clean) > MAX_TEXT:  # 320,000 characters made an 839 MB clip
            raise SpeechUnavailable(f"a text of {len(clean)} characters is too long to speak "
                                    f"(at most {MAX_TEXT})")
        what = f"speak {len(clean)} characters in {_LANGUAGE_NAMES[language]}"
        out = self._run(self.command(language)[1:], clean.encode("utf-8"), what,
                        language=language)
        if not out:  # only punctuation, nothing to say
            return write_wav(Pcm(SPEECH_RATE, 1, b""))
        try:
            pcm = read_wav(out)
        except BadAudio as exc:
            raise SpeechUnavailable(f"espeak-ng gave no usable audio ({exc}); reinstall it: "
                                    f"{_INSTALL}") from exc
        return write_wav(pcm)

    def _run(self, args: list[str], stdin: bytes, what: str,
             language: Language | None = None) -> bytes:
        """Run espeak-ng with ``args`` and return its stdout, or raise SpeechUnavailable."""
        try:
            done = subprocess.run([self.binary, *args], input=stdin, capture_output=True,
                                  timeout=self.timeout, check=False)
        except FileNotFoundError as exc:
            raise SpeechUnavailable(
                f"espeak-ng is not installed ({self.binary} not found): {_INSTALL}") from exc
        except PermissionError as exc:
            raise SpeechUnavailable(
                f"espeak-ng cannot be run ({self.binary}: permission denied): check the file "
                f"or reinstall it: {_INSTALL}") from exc
        except subprocess.TimeoutExpired as exc:
            raise SpeechUnavailable(
                f"espeak-ng took longer than {self.timeout:g} s to {what}: the machine may be "
                "overloaded; try again, or say less at once") from exc
        except OSError as exc:
            raise SpeechUnavailable(f"espeak-ng could not be started ({exc}): {_INSTALL}") \
                from exc
        error = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            if language is not None and "voice does not exist" in error:
                voice = self.voice(language)
                raise SpeechUnavailable(
                    f"espeak-ng has no {_LANGUAGE_NAMES[language]} voice ({voice}): install "
                    f"espeak-ng-data (apt-get install espeak-ng-data)")
            detail = error.splitlines()[-1] if error else f"exit code {done.returncode}"
            raise SpeechUnavailable(f"espeak-ng failed to {what}: {detail}")
        if error:
            logger.debug("espeak-ng said on stderr: %s", error)
        return done.stdout


def _clean(text: str) -> str:
    """``text`` with control characters (a NUL would cut it short) as spaces, format ones gone."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch != "\n":
            kept.append(" ")
        elif category not in ("Cf", "Cs"):
            kept.append(ch)
    return "".join(kept)
