"""systemd's notify protocol without a library: READY, WATCHDOG, STATUS, STOPPING datagrams.

``$NOTIFY_SOCKET`` names a Unix datagram socket (a leading ``@`` means the abstract
namespace); ``$WATCHDOG_USEC`` is the watchdog period, pinged at half of it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

logger = logging.getLogger(__name__)

#: ``kiosk run`` exits with this when a technician asks for a restart: systemd restarts
#: it (``Restart=always``); outside systemd, ``kiosk run`` starts itself again.
EXIT_RESTART = 75
#: ... and with this for "exit to the desktop": the unit's ``RestartPreventExitStatus=``
#: keeps systemd from starting it again.
EXIT_TO_DESKTOP = 76


def under_systemd(environ: Mapping[str, str] | None = None) -> bool:
    """True when systemd started this process as a service."""
    env = os.environ if environ is None else environ
    return bool(env.get("INVOCATION_ID") or env.get("NOTIFY_SOCKET"))


def notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``message`` (e.g. ``READY=1``) to systemd; False when not run by systemd."""
    env = os.environ if environ is None else environ
    address = env.get("NOTIFY_SOCKET")
    if not address:
        return False
    import socket  # only under systemd, and after Home is painted

    target = "\0" + address[1:] if address.startswith("@") else address
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(target)
            sock.sendall(message.encode())
    except OSError as exc:
        logger.warning("cannot notify systemd at %s: %s", address, exc)
        return False
    return True


def watchdog_period(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds between watchdog pings (half of ``$WATCHDOG_USEC``), or None if it is off."""
    env = os.environ if environ is None else environ
    usec = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) <= 0 or (pid.isdigit() and int(pid) != os.getpid()):
        return None
    return int(usec) / 2_000_000
