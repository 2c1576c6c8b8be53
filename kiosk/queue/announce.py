"""What the hall hears and reads for a call: the chime, then the call in each language.

The words come from the translation catalogue (``"Ticket {number}, please go to room
{room}."``), with the ticket number and the room spelled so each espeak-ng voice reads them
(:mod:`kiosk.speech.spoken`). With speech off (maintenance mode) a call is the chime alone:
people still look up at the board; a volume of 0 silences both. :class:`Announcer` makes
and plays announcements on a thread of its own, so a screen never waits for espeak-ng.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
from dataclasses import dataclass

from kiosk.assets import assets_dir
from kiosk.i18n import N_, Language, Message, Translator
from kiosk.queue.sound import CallSound
from kiosk.speech.audio import BadAudio, concatenate, scale_volume
from kiosk.speech.cache import SpeechCache
from kiosk.speech.chime import chime_wav
from kiosk.speech.engine import SpeechUnavailable
from kiosk.speech.player import Player
from kiosk.speech.spoken import spoken_room, spoken_ticket_number

logger = logging.getLogger(__name__)

#: Silence after the chime, and between the languages.
CHIME_GAP_MS = 400.0
LANGUAGE_GAP_MS = 700.0
#: Announcements waiting beyond this many are dropped (the board still shows them).
MAX_WAITING = 6
_STOP = object()


def call_message(number: str, room: str) -> Message:
    """The call as a message: "Ticket {number}, please go to room {room}."."""
    if not room:
        return N_("Ticket {number}, please come to the desk.", number=number)
    return N_("Ticket {number}, please go to room {room}.", number=number, room=room)


def room_text(room: str, language: Language, translator: Translator) -> str:
    """The room with its word: kk "103-бөлме", ru "Кабинет 103"."""
    return translator.render(N_("Room {room}", room=room), language)


def display_text(number: str, room: str, language: Language, translator: Translator) -> str:
    """What the board shows for a call (not spoken): "Ә-017 → 103-бөлме"."""
    if not room:
        return number
    return f"{number} → {room_text(room, language, translator)}"


def spoken_text(number: str, room: str, language: Language, translator: Translator) -> str:
    """The call as ``language``'s voice should be given it (number and room spelled)."""
    return translator.render(call_message(spoken_ticket_number(number, language),
                                          spoken_room(room, language) if room else ""),
                             language)


def spoken_languages(sound: CallSound) -> tuple[Language, ...]:
    """The languages of ``sound`` the kiosk can speak, in order, each once."""
    known = {lang.value: lang for lang in Language}
    return tuple(dict.fromkeys(known[x] for x in sound.languages if x in known))


def announcement_wav(number: str, room: str, sound: CallSound, cache: SpeechCache, *,
                     translator: Translator | None = None) -> bytes:
    """The chime, then the call in each of ``sound.languages``, at ``sound.volume``.

    With ``sound.speech`` off it is the chime alone. ``translator`` defaults to the shipped
    catalogues.

    :raises SpeechUnavailable: espeak-ng cannot speak (the caller may play the chime alone).
    """
    if not 0.0 <= sound.volume <= 1.0:
        raise ValueError(f"volume must be between 0 and 1, not {sound.volume}")
    words = translator or shipped_translator()
    chime = chime_wav(sound.volume)
    if not sound.speech:
        return chime
    clips = [cache.clip(spoken_text(number, room, lang, words), lang).read_bytes()
             for lang in spoken_languages(sound)]
    if not clips:
        return chime
    speech = concatenate([scale_volume(clip, sound.volume) for clip in clips], LANGUAGE_GAP_MS)
    return concatenate([chime, speech], CHIME_GAP_MS)


@functools.cache
def shipped_translator() -> Translator:
    """The translations shipped in ``assets/locale`` (loaded once)."""
    return Translator.load(assets_dir() / "locale")


@dataclass(frozen=True)
class _Call:
    number: str
    room: str
    sound: CallSound


class Announcer:
    """Makes each call's announcement on its own thread and hands it to a :class:`Player`.

    The announcement already carries the volume, so give it a player at volume 1.
    :meth:`announce` returns at once; nothing is raised into the caller.
    """

    def __init__(self, cache: SpeechCache, player: Player, translator: Translator) -> None:
        self.cache = cache
        self.player = player
        self.translator = translator
        self._queue: queue.Queue[object] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="call-announcer", daemon=True)
        self._thread.start()

    def announce(self, number: str, room: str, sound: CallSound) -> None:
        """Queue the announcement of a call; returns at once."""
        if self._closed or sound.volume <= 0.0:
            return
        with self._idle:
            if self._pending >= MAX_WAITING:
                logger.warning("announcer: %d calls already wait to be announced; %s is "
                               "only shown", self._pending, number)
                return
            self._pending += 1
        self._queue.put(_Call(number, room, sound))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued call is made and played; False if ``timeout`` ran out."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout):
                return False
        return self.player.wait_idle(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Drop what waits, stop the player, end the thread."""
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout)
        self.player.close(timeout)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                if isinstance(item, _Call) and not self._closed:
                    self.player.play(self._make(item))
            except Exception:  # a bug in one call must not silence the next ones
                logger.exception("announcer: a call could not be announced")
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _make(self, call: _Call) -> bytes:
        """The announcement, or the chime alone when speech cannot be made (logged)."""
        try:
            return announcement_wav(call.number, call.room, call.sound, self.cache,
                                    translator=self.translator)
        except (SpeechUnavailable, BadAudio, OSError) as exc:
            logger.warning("announcer: the call %s is chimed without speech: %s",
                           call.number, exc)
            return chime_wav(call.sound.volume)
