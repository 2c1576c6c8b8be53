"""Offline speech for call announcements, without Qt: espeak-ng, a chime, a cache, a player."""

from kiosk.speech.audio import AudioStats, BadAudio, concatenate, measure, scale_volume
from kiosk.speech.cache import SpeechCache
from kiosk.speech.chime import chime_wav
from kiosk.speech.engine import SpeechEngine, SpeechUnavailable, Synthesizer
from kiosk.speech.player import Player, PlayOutcome
from kiosk.speech.spoken import spoken_room, spoken_ticket_number

__all__ = [
    "AudioStats",
    "BadAudio",
    "PlayOutcome",
    "Player",
    "SpeechCache",
    "SpeechEngine",
    "SpeechUnavailable",
    "Synthesizer",
    "chime_wav",
    "concatenate",
    "measure",
    "scale_volume",
    "spoken_room",
    "spoken_ticket_number",
]
