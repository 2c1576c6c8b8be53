"""The line to the printer, picked from ``printer.url``: serial, USB printer class, or TCP.

* ``tcp://host[:port]`` — a network printer (port 9100 by default);
* ``usblp:/dev/usb/lp0`` or any path starting with ``/dev/usb/lp`` — the usblp driver;
* anything else — pyserial ``serial_for_url`` (``/dev/ttyUSB0``, ``socket://``, ``loop://``).

Every failure becomes a :class:`PrinterConnectionError` whose message a technician can act
on; :func:`describe_failure` gives the same plain words to the screen, the maintenance page,
``kiosk printer`` and ``kiosk doctor``.
"""

from __future__ import annotations

from printers.profiles import PrinterProfile
from printers.transports.base import (
    Line,
    PrinterConnectionError,
    describe_failure,
    describe_state,
)
from printers.transports.serial_line import SerialLine
from printers.transports.tcp import SCHEME as TCP_SCHEME
from printers.transports.tcp import TcpLine
from printers.transports.usblp import DEVICE_PREFIX, UsbLine
from printers.transports.usblp import SCHEME as USB_SCHEME

__all__ = ["Line", "PrinterConnectionError", "SerialLine", "TcpLine", "UsbLine",
           "describe_failure", "describe_state", "open_line"]


def open_line(url: str, profile: PrinterProfile, *, baudrate: int = 0,
              write_timeout: float = 5.0) -> Line:
    """Open the line ``url`` names.

    :raises PrinterConnectionError: when it cannot be opened (the message says what to check).
    """
    if url.startswith(TCP_SCHEME):
        return TcpLine(url, profile, baudrate=baudrate, write_timeout=write_timeout)
    if url.startswith((USB_SCHEME, DEVICE_PREFIX)):
        return UsbLine(url, profile, baudrate=baudrate, write_timeout=write_timeout)
    return SerialLine(url, profile, baudrate=baudrate, write_timeout=write_timeout)
