"""The call-sound check: a sample call played on this kiosk (no Qt; run it on a worker).

It is the hall display's own announcement (:func:`kiosk.queue.announce.announcement_wav`):
the chime, then (with speech on) "Ә-017 нөмірлі талон, 103-бөлмеге өтіңіз." and "Талон
Ә-017, пройдите в кабинет 103." in the saved languages, at the saved volume. Nothing here
raises for a missing espeak-ng, player or sound device: the outcome says what went wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.i18n import Language, Translator
from kiosk.queue.announce import announcement_wav, call_message, spoken_languages
from kiosk.queue.sound import CallSound
from kiosk.speech import BadAudio, Player, SpeechCache, SpeechUnavailable, chime_wav
from kiosk.speech.audio import read_wav

logger = logging.getLogger(__name__)

SAMPLE_NUMBER = "Ә-017"
SAMPLE_ROOM = "103"
#: Seconds the player may take beyond the clip's own length before the check gives up.
PLAY_SLACK = 20.0


@dataclass(frozen=True)
class SoundCheck:
    """How the check went: what was played, and what (if anything) stopped part of it."""

    #: Seconds of sound handed to the player (0 when nothing could be played).
    seconds: float
    #: True when the call was spoken (speech on and made).
    spoken: bool
    #: espeak-ng's problem (speech on but not made; the chime still plays), else None.
    speech_problem: str | None = None
    #: The player's problem (no sound device, a failure), else None.
    player_problem: str | None = None
    #: True when no audio player program is installed at all.
    no_player: bool = False


def sample_call(language: Language, translator: Translator) -> str:
    """The sample call as a person reads it ("Ә-017 нөмірлі талон, 103-бөлмеге өтіңіз.")."""
    return translator.render(call_message(SAMPLE_NUMBER, SAMPLE_ROOM), language)


def sample_languages(sound: CallSound) -> tuple[Language, ...]:
    """The languages the sample is spoken in (the hall display's)."""
    return spoken_languages(sound)


def sample_call_wav(sound: CallSound, cache: SpeechCache,
                    translator: Translator) -> tuple[bytes, str | None]:
    """The announcement of the sample call, or the chime alone and espeak-ng's problem."""
    try:
        return announcement_wav(SAMPLE_NUMBER, SAMPLE_ROOM, sound, cache,
                                translator=translator), None
    except (SpeechUnavailable, BadAudio, OSError) as exc:
        logger.warning("call sound check: no speech: %s", exc)
        return chime_wav(sound.volume), str(exc)


def play_sample_call(sound: CallSound, cache: SpeechCache, translator: Translator,
                     command: Sequence[str] | None = None) -> SoundCheck:
    """Make the sample call and play it to its end on this kiosk (blocking: use a worker)."""
    wav, speech_problem = sample_call_wav(sound, cache, translator)
    spoken = sound.speech and speech_problem is None and bool(sample_languages(sound))
    seconds = read_wav(wav).duration
    player = Player(command, volume=1.0)  # the announcement carries the volume
    try:
        if player.command is None:
            return SoundCheck(0.0, spoken, speech_problem, no_player=True)
        player.play(wav)
        if not player.wait_idle(seconds + PLAY_SLACK):
            return SoundCheck(seconds, spoken, speech_problem,
                              f"the player did not finish within {seconds + PLAY_SLACK:.0f} s")
        outcome = player.last_outcome
    finally:
        player.close()
    problem = outcome.problem if outcome is not None else "the player did not run"
    return SoundCheck(seconds, spoken, speech_problem, problem)
