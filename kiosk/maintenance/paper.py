"""How much of the paper roll is used: counted from printed lengths, kept on disk.

The printer only says "near end" when a few metres are left; counting the millimetres of
every receipt lets the technician see the roll running down and replace it on a visit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic_files import write_text_atomic
from kiosk.config import Config

logger = logging.getLogger(__name__)

PAPER_FILE = "paper-roll.json"
REPLACE_SOON_FRACTION = 0.85


@dataclass(frozen=True)
class PaperUsage:
    """Paper used since the roll was replaced, against a new roll's length."""

    used_mm: float
    roll_mm: float
    replaced_at: dt.datetime | None

    @property
    def fraction(self) -> float:
        """The share of the roll used, 0.0 … 1.0 (more printed than a roll holds counts as 1)."""
        if self.roll_mm <= 0:
            return 1.0
        return min(max(self.used_mm / self.roll_mm, 0.0), 1.0)

    @property
    def remaining_mm(self) -> float:
        """Paper left on the roll by the count (never below zero)."""
        return max(self.roll_mm - self.used_mm, 0.0)

    @property
    def replace_soon(self) -> bool:
        """True from 85 % used: bring a new roll on the next visit."""
        return self.fraction >= REPLACE_SOON_FRACTION


class PaperRoll:
    """The paper counter of one printer, in ``state_file``; safe to share between threads."""

    def __init__(self, state_file: Path, roll_mm: float) -> None:
        if not (math.isfinite(roll_mm) and roll_mm > 0):
            raise ValueError(f"a roll is a positive length in mm, got {roll_mm}")
        self.state_file = state_file
        self.roll_mm = roll_mm
        self._lock = threading.Lock()

    def add_printed(self, mm: float) -> None:
        """Count ``mm`` of paper as printed (written to disk before returning)."""
        if not (math.isfinite(mm) and mm >= 0):
            raise ValueError(f"printed length must be zero or more mm, got {mm}")
        with self._lock:
            used, replaced_at = self._load()
            self._save(used + mm, replaced_at)

    def replaced(self, now: dt.datetime) -> None:
        """A new roll is in: the count starts again from zero at ``now`` (aware)."""
        if now.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        with self._lock:
            self._save(0.0, now)
        logger.info("paper roll replaced at %s", now.isoformat())

    def usage(self) -> PaperUsage:
        """The count as it stands."""
        with self._lock:
            used, replaced_at = self._load()
        return PaperUsage(used, self.roll_mm, replaced_at)

    def _load(self) -> tuple[float, dt.datetime | None]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            when = data.get("replaced_at")
            used = float(data["used_mm"])
            if not (math.isfinite(used) and used >= 0):
                raise ValueError(f"used_mm {used}")
            return used, dt.datetime.fromisoformat(when) if when else None
        except FileNotFoundError:
            return 0.0, None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            logger.warning("%s is damaged (%s): counting the roll from zero", self.state_file,
                           exc)
            return 0.0, None

    def _save(self, used_mm: float, replaced_at: dt.datetime | None) -> None:
        write_text_atomic(self.state_file, json.dumps({
            "used_mm": round(used_mm, 3),
            "replaced_at": replaced_at.isoformat() if replaced_at else None,
        }))


def paper_roll(config: Config) -> PaperRoll:
    """The kiosk's paper counter: ``<state_dir>/paper-roll.json``, roll length from config."""
    return PaperRoll(config.paths.state_dir / PAPER_FILE, config.printer.roll_length_m * 1000)
