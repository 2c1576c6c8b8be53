"""How loud and how fast the visitor's spoken guidance is (maintenance mode).

Kept in ``<state>/guidance.json`` beside the hall's call sound (``call-sound.json``). The
speed is espeak-ng's words per minute; it is part of every clip's cache key, so a new speed
renders the prompts again in the background (until then phrases are made as they are
needed). The volume is applied as the clips play.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.atomic_files import write_text_atomic

logger = logging.getLogger(__name__)

FILE_NAME = "guidance.json"
#: espeak-ng's words per minute: the normal speed, and the range maintenance offers.
NORMAL_RATE = 150
MIN_RATE = 90
MAX_RATE = 240
DEFAULT_VOLUME = 0.9


@dataclass(frozen=True)
class GuidanceSettings:
    """The guidance's volume (0..1) and speed (words per minute)."""

    volume: float = DEFAULT_VOLUME
    rate: int = NORMAL_RATE

    @property
    def speed_percent(self) -> int:
        """The speed as a share of the normal one (100 % is normal)."""
        return round(self.rate * 100 / NORMAL_RATE)


def read_guidance(state_dir: Path) -> GuidanceSettings:
    """The saved settings, or the defaults when none (or unreadable: logged)."""
    path = state_dir / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        volume = float(data.get("volume", DEFAULT_VOLUME))
        rate = float(data.get("rate", NORMAL_RATE))
        if not (math.isfinite(volume) and math.isfinite(rate)):
            raise ValueError(f"not a finite number (volume {volume}, rate {rate})")
        return GuidanceSettings(min(1.0, max(0.0, volume)),
                                min(MAX_RATE, max(MIN_RATE, int(rate))))
    except FileNotFoundError:
        return GuidanceSettings()
    except (OSError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        logger.warning("guidance settings %s unreadable (%s); using the defaults", path, exc)
        return GuidanceSettings()


def write_guidance(state_dir: Path, settings: GuidanceSettings) -> None:
    """Save the settings (atomically)."""
    if not 0.0 <= settings.volume <= 1.0:
        raise ValueError("the volume is between 0 and 1")
    if not MIN_RATE <= settings.rate <= MAX_RATE:
        raise ValueError(f"the speed is {MIN_RATE}..{MAX_RATE} words per minute")
    write_text_atomic(state_dir / FILE_NAME, json.dumps(asdict(settings)), mode=0o600)
