"""Where specialists open their desk page: the listen address, this PC's LAN addresses, a check.

``[desks] listen = "0.0.0.0:8480"`` serves every network the PC is on, so the address a
specialist types is one of the PC's own IPv4 addresses (read with QtNetwork, the only way
without an extra dependency or a subprocess). The check asks the server for its sign-in page
over loopback, so "on in the config" and "really answering" are told apart.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: Hosts that mean "every network of this PC".
ANY_HOST = ("0.0.0.0", "::", "")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DESK_PATH = "/desk"
CHECK_TIMEOUT = 2.0


def lan_ipv4_addresses() -> list[str]:
    """This PC's IPv4 addresses on interfaces that are up, without loopback (sorted)."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    flags = QNetworkInterface.InterfaceFlag
    found: set[str] = set()
    for interface in QNetworkInterface.allInterfaces():
        state = interface.flags()
        if not (state & flags.IsUp and state & flags.IsRunning) or state & flags.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            address = entry.ip()
            if address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol \
                    and not address.isLoopback():
                found.add(address.toString())
    return sorted(found, key=_ip_order)


def desk_urls(address: tuple[str, int], lan: Sequence[str]) -> list[str]:
    """The addresses a specialist can open: one per LAN address for 0.0.0.0, else the host's."""
    host, port = address
    hosts = list(lan) if host in ANY_HOST else [host]
    return [f"http://{_bracketed(h)}:{port}{DESK_PATH}" for h in hosts]


def only_this_pc(address: tuple[str, int]) -> bool:
    """True when the server listens on loopback: other PCs cannot reach it."""
    return address[0] in LOOPBACK


def server_answers(address: tuple[str, int], timeout: float = CHECK_TIMEOUT) -> bool:
    """True when the desk server answers its sign-in page (asked over loopback for 0.0.0.0)."""
    host, port = address
    target = "127.0.0.1" if host in ANY_HOST else host
    connection = http.client.HTTPConnection(target, port, timeout=timeout)
    try:
        connection.request("GET", DESK_PATH + "/login")
        response = connection.getresponse()
        response.read(64 * 1024)
        server = response.getheader("Server", "")
    except (OSError, http.client.HTTPException) as exc:
        logger.info("desk server on %s:%d does not answer: %s", target, port, exc)
        return False
    finally:
        connection.close()
    return response.status < 500 and server.startswith("kiosk-desk")


def _ip_order(text: str) -> tuple[int, ...]:
    """192.168.x first (the usual office LAN), then the others in numeric order."""
    parts = tuple(int(p) for p in text.split(".") if p.isdigit())
    return (0 if parts[:2] == (192, 168) else 1, *parts)


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host
