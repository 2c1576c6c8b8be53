"""Spoken guidance for the visitor: phrases in, speech out at once, the old phrase cut off.

:class:`Guide` is the kiosk's voice in audio mode. It is given texts already translated
(by the same catalogue the screen shows them from), cuts them into phrases
(:func:`~kiosk.speech.phrases.split_phrases`) and plays each phrase's clip: from the cache
when it was rendered ahead of time (no espeak-ng on the way: speech starts within a few
milliseconds), else made now. :meth:`Guide.say` interrupts whatever is playing or waiting;
``interrupt=False`` queues after it (a message that follows from what the visitor did).

Every prompt is rendered ahead of time on a background thread at low priority
(:meth:`Guide.prerender`, see :mod:`kiosk.speech.prompts`). A clip's cache key is the
engine's identity (espeak-ng version, voice, rate...) and the text, so a changed
translation or a new speed is a new clip and a stale one is never played.

Only prompts (what :meth:`Guide.prerender` was given: the catalogues' own texts) are
written to the cache folder. A phrase made on demand — a name, an IIN or an appeal's text
read back, a template filled in with the visitor's answers — is kept in memory only (the
last :data:`MEMORY_CLIPS`), so nothing a visitor typed is left on the disk as a clip or as
a file name derived from it; at the end of each prerendering pass a clip that is not a
prompt (left by an older version) is removed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import Language
from kiosk.speech.audio import BadAudio, read_wav
from kiosk.speech.cache import SpeechCache
from kiosk.speech.engine import SpeechEngine, SpeechUnavailable, Synthesizer
from kiosk.speech.phrases import single_letter, split_phrases, voice_for
from kiosk.speech.stream import Stream

logger = logging.getLogger(__name__)

#: The guidance's clips (all prompts in three languages take about 250 MB).
DEFAULT_MAX_BYTES = 768 * 1024 * 1024
#: Utterances waiting behind the one playing beyond this many are dropped.
MAX_WAITING = 4
_PRERENDER_NICE = 15
#: Clips of phrases that are not prompts, kept in memory (never on disk), most recent last.
MEMORY_CLIPS = 64


@dataclass(frozen=True)
class Utterance:
    """What the voice was asked to say: phrases in one language."""

    phrases: tuple[str, ...]
    language: Language


class GuideCache(SpeechCache):
    """The speech cache read without waiting for a clip being rendered elsewhere."""

    def cached(self, text: str, language: Language) -> bytes | None:
        """The whole clip of ``text`` if it is rendered, else None (never synthesizes)."""
        try:
            data = self.path(text, language).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("guidance cache: cannot read a clip (%s)", exc)
            return None
        try:
            read_wav(data, strict=True)
        except BadAudio:
            return None
        return data

    def store(self, text: str, language: Language, wav: bytes) -> None:
        """Keep ``wav`` as the clip of ``text`` (written atomically)."""
        path = self.path(text, language)
        with self._lock:
            self._write(path, wav)


class Guide:
    """The guidance voice: a cache of clips, a streaming player, two threads."""

    def __init__(self, folder: Path, *, engine: Synthesizer | None = None,
                 command: Sequence[str] | None = None, volume: float = 1.0,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 listener: Callable[[Utterance], None] | None = None) -> None:
        self.cache = GuideCache(folder, engine or SpeechEngine(), max_bytes=max_bytes)
        self.stream = Stream(command, volume=volume)
        #: Told of every utterance as it is asked for (tests record the spoken sequence).
        self.listener = listener
        #: Clips made on demand (not found in the cache) and ahead of time, since start.
        self.synthesized_on_demand = 0
        self.prerendered = 0
        #: The (phrase, voice) pairs given to :meth:`prerender`: the only clips written to disk.
        self._prompts: frozenset[tuple[str, Language]] = frozenset()
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._memory_lock = threading.Lock()
        self._waiting: list[Utterance] = []
        self._busy = False
        self._closed = False
        self._cond = threading.Condition()
        self._todo: list[tuple[str, Language]] = []
        self._render_cond = threading.Condition()
        self._rendering = False
        self._speaker = threading.Thread(target=self._speak_loop, name="guidance-voice",
                                         daemon=True)
        self._renderer = threading.Thread(target=self._render_loop, name="guidance-prerender",
                                          daemon=True)
        self._speaker.start()
        self._renderer.start()

    @property
    def engine(self) -> Synthesizer:
        """The speech engine (its identity is part of every clip's key)."""
        return self.cache.engine

    @engine.setter
    def engine(self, engine: Synthesizer) -> None:
        self.cache.engine = engine

    # -- speaking ----------------------------------------------------------------------
    def say(self, texts: Sequence[str], language: Language, *, interrupt: bool = True) -> None:
        """Speak ``texts`` (each cut into phrases) in ``language``; returns at once.

        With ``interrupt`` what plays now and what waits is dropped first.
        """
        phrases = tuple(single_letter(phrase, language)
                        for text in texts for phrase in split_phrases(text))
        if self._closed or not phrases:
            return
        utterance = Utterance(phrases, language)
        if self.listener is not None:
            self.listener(utterance)
        with self._cond:
            if interrupt:
                self._waiting.clear()
            elif len(self._waiting) >= MAX_WAITING:
                logger.info("guidance: %d utterances wait; one is dropped", MAX_WAITING)
                return
            self._waiting.append(utterance)
            self._cond.notify_all()
        if interrupt:
            self.stream.cut()

    def stop(self) -> None:
        """Silence: what plays stops, what waits is dropped."""
        with self._cond:
            self._waiting.clear()
        self.stream.cut()

    def speaking(self) -> bool:
        """True while an utterance plays or waits."""
        with self._cond:
            return self._busy or bool(self._waiting)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing plays or waits; False if ``timeout`` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._busy and not self._waiting, timeout)

    def forget(self) -> None:
        """Drop the clips kept in memory (what was read back to the visitor who left)."""
        with self._memory_lock:
            self._memory.clear()

    def clip(self, text: str, language: Language) -> bytes:
        """The clip of one phrase: cached, or made now (and kept for next time).

        :raises SpeechUnavailable: espeak-ng cannot speak.
        """
        wav = self.cache.cached(text, language)
        if wav is not None:
            return wav
        key = self.cache.key(text, language)  # the engine's identity is part of it
        with self._memory_lock:
            wav = self._memory.get(key)
            if wav is not None:
                self._memory.move_to_end(key)
                return wav
        wav = self.engine.synthesize(text, language)
        self.synthesized_on_demand += 1
        if (text, language) not in self._prompts:  # perhaps what the visitor typed: RAM only
            with self._memory_lock:
                self._memory[key] = wav
                while len(self._memory) > MEMORY_CLIPS:
                    self._memory.popitem(last=False)
            return wav
        try:
            self.cache.store(text, language, wav)
        except OSError as exc:
            logger.warning("guidance: a clip could not be kept in the cache (%s)", exc)
        return wav

    def _clips(self, utterance: Utterance) -> Iterator[bytes]:
        for phrase in utterance.phrases:
            try:
                yield self.clip(phrase, voice_for(phrase, utterance.language))
            except SpeechUnavailable as exc:  # this phrase only: the rest is still said
                logger.warning("guidance: a phrase cannot be spoken: %s", exc)

    def _speak_loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._closed or bool(self._waiting))
                if self._closed:
                    return
                utterance = self._waiting.pop(0)
                self._busy = True
            try:
                self.stream.play(self._clips(utterance))
            except Exception:  # one bad utterance must not silence the kiosk for good
                logger.exception("guidance: an utterance failed")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    # -- rendering ahead of time -------------------------------------------------------
    def prerender(self, prompts: Iterable[tuple[str, Language]]) -> None:
        """Render ``prompts`` into the cache in the background (replacing any earlier list
        not yet done); returns at once."""
        todo = list(prompts)
        self._prompts = self._prompts | {(text, voice_for(text, language))
                                         for text, language in todo}
        with self._render_cond:
            self._todo = todo
            self._rendering = bool(todo)
            self._render_cond.notify_all()

    def wait_prerendered(self, timeout: float | None = None) -> bool:
        """Block until the prompts given to :meth:`prerender` are all rendered."""
        with self._render_cond:
            return self._render_cond.wait_for(lambda: not self._rendering, timeout)

    def _render_loop(self) -> None:
        try:  # this thread's espeak-ng children inherit its low priority (Linux)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _PRERENDER_NICE)
        except (OSError, AttributeError) as exc:
            logger.debug("guidance: prerender keeps normal priority (%s)", exc)
        while True:
            with self._render_cond:
                self._render_cond.wait_for(lambda: self._closed or bool(self._todo))
                if self._closed:
                    return
                text, screen_language = self._todo.pop(0)
            language = voice_for(text, screen_language)  # the voice it will be played in
            try:
                if self.cache.cached(text, language) is None:
                    self.cache.store(text, language, self.engine.synthesize(text, language))
                    self.prerendered += 1
            except SpeechUnavailable as exc:
                logger.warning("guidance: prompts are not rendered ahead: %s", exc)
                with self._render_cond:
                    self._todo.clear()
            except OSError as exc:
                logger.warning("guidance: a prompt could not be cached (%s)", exc)
            finally:
                with self._render_cond:
                    if not self._todo:
                        if self._rendering:
                            self._drop_strays()
                            self._prune()
                        self._rendering = False
                        self._render_cond.notify_all()

    def _drop_strays(self) -> None:
        """Remove the clips that are not prompts of this engine: a name or a text read back
        and kept by an older version, an old wording or speed. Counts are logged, not names."""
        try:
            keep = {self.cache.path(text, language).name for text, language in self._prompts}
            strays = [entry.path for entry in os.scandir(self.cache.folder)
                      if entry.name.endswith(".wav") and entry.name not in keep
                      and entry.is_file(follow_symlinks=False)]
            for path in strays:
                os.unlink(path)
        except (OSError, SpeechUnavailable) as exc:
            logger.warning("guidance: clips that are not prompts could not be removed (%s)", exc)
            return
        if strays:
            logger.info("guidance: %d clip(s) that are not prompts removed", len(strays))

    def _prune(self) -> None:
        """Keep the cache under its limit; a disk that refuses is logged, and the next
        rendering still happens (the thread must not end)."""
        try:
            self.cache.prune()
        except OSError as exc:
            logger.warning("guidance: the speech cache could not be pruned (%s)", exc)

    def close(self, timeout: float = 5.0) -> None:
        """Stop speaking and rendering; end both threads."""
        self._closed = True
        self.stop()
        with self._cond:
            self._cond.notify_all()
        with self._render_cond:
            self._todo.clear()
            self._render_cond.notify_all()
        self._speaker.join(timeout)
        self._renderer.join(timeout)
