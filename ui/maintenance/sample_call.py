"""The call-sound check: the chime and a sample call played on this kiosk (no Qt; run on a worker).

What is played is what the hall display plays for a call: the chime, then (with speech on)
"Ә-017 нөмірлі талон, 103-бөлмеге өтіңіз" and "Талон Ә-017, пройдите в кабинет 103" in the
order of the saved languages, at the saved volume. Nothing here raises for a missing
espeak-ng, player or sound device: the outcome says what went wrong, in words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.i18n import Language
from kiosk.queue.sound import CallSound
from kiosk.speech import (
    BadAudio,
    Player,
    SpeechUnavailable,
    Synthesizer,
    chime_wav,
    concatenate,
    spoken_room,
    spoken_ticket_number,
)
from kiosk.speech.audio import read_wav

logger = logging.getLogger(__name__)

SAMPLE_NUMBER = "Ә-017"
SAMPLE_ROOM = "103"
#: The sample call as written (shown to the technician) in each language.
SAMPLE_CALLS: Mapping[Language, str] = {
    Language.KK: "{number} нөмірлі талон, {room}-бөлмеге өтіңіз",
    Language.RU: "Талон {number}, пройдите в кабинет {room}",
    Language.EN: "Ticket {number}, please go to room {room}",
}
#: Seconds the player may take beyond the clip's own length before the test gives up.
PLAY_SLACK = 20.0


@dataclass(frozen=True)
class SoundCheck:
    """How the test went: what was played, and what (if anything) stopped part of it."""

    #: Seconds of sound handed to the player (0 when nothing could be played).
    seconds: float
    #: True when speech was asked for and is in the clip.
    spoken: bool
    #: espeak-ng's problem (speech on but not made; the chime still plays), else None.
    speech_problem: str | None = None
    #: The player's problem (none installed, no sound device, a failure), else None.
    player_problem: str | None = None
    #: True when no audio player program is installed at all.
    no_player: bool = False

    @property
    def ok(self) -> bool:
        """Everything asked for was played."""
        return self.speech_problem is None and self.player_problem is None and not self.no_player


def sample_call(language: Language) -> str:
    """The sample call as a person reads it ("Ә-017 нөмірлі талон, …")."""
    return SAMPLE_CALLS[language].format(number=SAMPLE_NUMBER, room=SAMPLE_ROOM)


def spoken_sample_call(language: Language) -> str:
    """The sample call as espeak-ng is given it (the number and room spelled to be read right)."""
    return SAMPLE_CALLS[language].format(number=spoken_ticket_number(SAMPLE_NUMBER, language),
                                         room=spoken_room(SAMPLE_ROOM, language))


def languages_of(sound: CallSound) -> list[Language]:
    """The saved languages as kiosk languages (unknown codes skipped)."""
    return [Language(code) for code in sound.languages if code in {x.value for x in Language}]


def sample_call_wav(sound: CallSound, engine: Synthesizer) -> tuple[bytes, str | None]:
    """The chime, then the sample call in each language when speech is on; espeak-ng's problem."""
    clips = [chime_wav()]
    if not sound.speech:
        return clips[0], None
    try:
        clips += [engine.synthesize(spoken_sample_call(lang), lang) for lang in languages_of(sound)]
    except SpeechUnavailable as exc:
        logger.warning("call sound test: no speech: %s", exc)
        return clips[0], str(exc)
    return concatenate(clips), None


def play_sample_call(sound: CallSound, engine: Synthesizer,
                   command: Sequence[str] | None = None) -> SoundCheck:
    """Make the test call and play it to its end on this kiosk (blocking: run it on a worker)."""
    wav, speech_problem = sample_call_wav(sound, engine)
    spoken = sound.speech and speech_problem is None
    try:
        seconds = read_wav(wav).duration
    except BadAudio as exc:  # espeak-ng gave something unplayable
        return SoundCheck(0.0, False, speech_problem or str(exc))
    player = Player(command, volume=sound.volume)
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
