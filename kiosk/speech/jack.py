"""Headphones plugged in or out, where the sound hardware reports its jack.

An HDA sound card reports its headphone socket as an ALSA control ("Headphone Jack",
"Front Headphone Jack": ``amixer -c N contents`` shows ``values=on`` while a plug is in);
under PulseAudio the headphone port of a sink shows "available" / "not available"
(``pactl list sinks``). :func:`headphones_plugged` asks ALSA first, then PulseAudio, and
returns None when neither reports a jack (USB headsets, HDMI, a kiosk without a sound card):
then only the screen's Sound button turns guidance on. :class:`JackWatcher` polls on a
thread of its own and calls back on each change.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.5
_TIMEOUT = 3.0
_CONTROL = re.compile(r"^numid=\d+,iface=CARD,name='([^']*)'", re.MULTILINE)


def amixer_headphones(contents: str) -> bool | None:
    """From ``amixer contents`` output: a headphone jack control on (True), all off
    (False), or none at all (None)."""
    states: list[bool] = []
    blocks = _CONTROL.split(contents)
    # split gives [before, name1, body1, name2, body2, ...]
    for name, body in zip(blocks[1::2], blocks[2::2], strict=True):
        if "jack" in name.lower() and ("headphone" in name.lower() or "headset" in name.lower()):
            value = re.search(r"^\s*:\s*values=(\w+)", body, re.MULTILINE)
            if value is not None:
                states.append(value.group(1).lower() in ("on", "1", "true"))
    return any(states) if states else None


def pactl_headphones(sinks: str) -> bool | None:
    """From ``pactl list sinks`` output: a headphone port available (True), present but
    not available (False), or none reported (None)."""
    states: list[bool] = []
    for line in sinks.splitlines():
        port = line.strip()
        if not port.lower().startswith(("analog-output-headphones", "headphone")):
            continue
        if "not available" in port:
            states.append(False)
        elif re.search(r"\bavailable\)", port) or port.endswith("available"):
            states.append(True)
    return any(states) if states else None


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False,
                              text=True)
    except (OSError, subprocess.SubprocessError) as exc:
        logger.debug("%s could not run: %s", command[0], exc)
        return None
    return done.stdout if done.returncode == 0 else None


def sound_cards(proc_asound: Path = Path("/proc/asound")) -> list[str]:
    """The ALSA card numbers present ("0", "1"...)."""
    try:
        return sorted(p.name.removeprefix("card") for p in proc_asound.glob("card[0-9]*"))
    except OSError:
        return []


def headphones_plugged() -> bool | None:
    """True while headphones are in, False while out, None when nothing reports a jack."""
    if shutil.which("amixer"):
        states = [amixer_headphones(out) for card in sound_cards()
                  if (out := _run(["amixer", "-c", card, "contents"])) is not None]
        known = [s for s in states if s is not None]
        if known:
            return any(known)
    if shutil.which("pactl"):
        out = _run(["pactl", "list", "sinks"])
        if out is not None:
            return pactl_headphones(out)
    return None


class JackWatcher:
    """Polls :func:`headphones_plugged` and calls ``changed(plugged)`` on each change
    (also at start when a plug is already in). Stops by itself where no jack reports."""

    def __init__(self, changed: Callable[[bool], None], *,
                 probe: Callable[[], bool | None] = headphones_plugged,
                 interval: float = POLL_SECONDS) -> None:
        self.changed = changed
        self.probe = probe
        self.interval = interval
        self.reporting: bool | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="headphone-jack", daemon=True)

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop polling."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        last: bool | None = None
        while not self._stop.is_set():
            plugged = self.probe()
            if plugged is None:
                if self.reporting is None:
                    logger.info("no headphone jack is reported by the sound hardware: "
                                "audio mode is turned on by the screen's Sound button only")
                self.reporting = False
                return
            self.reporting = True
            if plugged != last and (last is not None or plugged):
                logger.info("headphones %s", "plugged in" if plugged else "unplugged")
                self.changed(plugged)
            last = plugged
            self._stop.wait(self.interval)
