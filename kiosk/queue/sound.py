"""How calls are announced in the hall: speech on or off, volume, languages (maintenance mode).

Kept in ``<state>/call-sound.json`` so a technician sets it once on the kiosk; every call
display reads it from the board.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.atomic_files import write_text_atomic

logger = logging.getLogger(__name__)

FILE_NAME = "call-sound.json"
LANGUAGES = ("kk", "ru")


@dataclass(frozen=True)
class CallSound:
    """Chime and speech for each call: on/off, volume 0..1, the languages spoken in order."""

    speech: bool = True
    volume: float = 0.8
    languages: tuple[str, ...] = LANGUAGES


def read_call_sound(state_dir: Path) -> CallSound:
    """The saved settings, or the defaults when none (or unreadable: logged)."""
    path = state_dir / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        languages = tuple(x for x in data.get("languages", LANGUAGES) if x in ("kk", "ru", "en"))
        return CallSound(data.get("speech", True) is not False,
                         min(1.0, max(0.0, float(data.get("volume", 0.8)))),
                         languages or LANGUAGES)
    except FileNotFoundError:
        return CallSound()
    except (OSError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        logger.warning("call sound settings %s unreadable (%s); using the defaults", path, exc)
        return CallSound()


def write_call_sound(state_dir: Path, sound: CallSound) -> None:
    """Save the settings (atomically)."""
    if not 0.0 <= sound.volume <= 1.0:
        raise ValueError("the volume is between 0 and 1")
    data = asdict(sound)
    data["languages"] = list(sound.languages)
    write_text_atomic(state_dir / FILE_NAME, json.dumps(data), mode=0o600)
