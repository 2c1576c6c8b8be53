"""Printer profiles as data (``assets/printers/*.toml``): what a model can do, its slots."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.assets import assets_dir


class Handshake(StrEnum):
    """Serial flow control; DTR/DSR is the safe choice for binary data."""

    NONE = "none"
    RTSCTS = "rtscts"
    DSRDTR = "dsrdtr"
    XONXOFF = "xonxoff"


class JobConfirmation(StrEnum):
    """How the driver learns that a job printed."""

    #: ``GS r 1`` after the job: the printer answers once everything before it is printed.
    GS_R = "gs_r"
    #: For printers that never answer ``GS r``: real-time status (``DLE EOT``) once the job's
    #: bytes are on the wire and ``settle_seconds`` have passed, never an assumption.
    STATUS = "status"


class BufferClear(StrEnum):
    """How a job held back by a fault is removed from the printer before the next one."""

    #: ``DLE DC4 8``: real-time clear of the receive and print buffers (Epson TM and clones).
    DLE_DC4 = "dle_dc4"
    #: The printer has no way to drop held data: it prints when the fault is cleared.
    NONE = "none"


#: Python codec for each code page name a profile may list.
CODECS = {"cp437": "cp437", "cp866": "cp866", "cp1251": "cp1251", "kz1048": "kz1048",
          "pt154": "ptcp154"}
#: Code pages with every Kazakh letter (one byte a letter).
KAZAKH_PAGES = ("kz1048", "pt154")


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class PrinterProfile:
    """Capabilities of one printer model."""

    id: str
    name: str
    paper_width_dots: int
    columns_font_a: int
    columns_font_b: int
    baudrate: int
    handshake: Handshake
    receive_buffer: int
    native_qr: bool
    user_defined_chars: bool
    cutter: bool
    feed_before_cut: int
    code_pages: dict[str, int]
    #: ``ESC *`` column bit images (many cheap printers have only ``GS v 0`` raster).
    bit_image: bool = False
    job_confirmation: JobConfirmation = JobConfirmation.STATUS
    #: Seconds the printer may still print after the last byte arrived (status confirmation).
    settle_seconds: float = 0.4
    buffer_clear: BufferClear = BufferClear.NONE
    #: Where the capabilities come from (a manual, a public database, the setup wizard).
    source: str = ""

    @property
    def text_page(self) -> str:
        """The code page text is printed in: a Kazakh page if present, else a Cyrillic one."""
        for name in (*KAZAKH_PAGES, "cp1251", "cp866"):
            if name in self.code_pages:
                return name
        raise ProfileError(f"profile {self.id} has no Cyrillic code page")

    @property
    def bytes_per_second(self) -> float:
        """Throughput of the serial line at the default baud rate (8N1: 10 bits a byte)."""
        return self.baudrate / 10


_INT_FIELDS = {"paper_width_dots": (128, 1024), "columns_font_a": (16, 80),
               "columns_font_b": (16, 100), "baudrate": (1200, 921600),
               "receive_buffer": (16, 1 << 20), "feed_before_cut": (0, 20)}
_BOOL_FIELDS = ("native_qr", "user_defined_chars", "cutter")
#: Keys a profile may leave out (older and hand-written profiles), with their defaults.
_OPTIONAL_BOOLS = ("bit_image",)


def profiles_dir() -> Path:
    """The folder with the shipped profiles."""
    return assets_dir() / "printers"


def load_profile(name_or_path: str | Path) -> PrinterProfile:
    """Load a profile by id (from ``assets/printers``) or from a file path.

    :raises ProfileError: naming the file and the key that is missing or wrong.
    """
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = profiles_dir() / f"{name_or_path}.toml"
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        known = ", ".join(sorted(p.stem for p in profiles_dir().glob("*.toml")))
        raise ProfileError(f"no printer profile {name_or_path!r}; known: {known}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path.name}: not UTF-8 text (a damaged file?)") from exc
    except RecursionError as exc:
        raise ProfileError(f"{path.name}: nested too deeply to be a profile") from exc
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{path.name}: not a profile")
    return _build(path.name, data)


def available_profiles() -> list[str]:
    """Ids of the shipped profiles."""
    return sorted(p.stem for p in profiles_dir().glob("*.toml"))


def _build(file: str, data: dict[str, Any]) -> PrinterProfile:
    def need(key: str) -> Any:
        if key not in data:
            raise ProfileError(f"{file}: missing key {key!r}")
        return data[key]

    values: dict[str, Any] = {"id": str(need("id")), "name": str(need("name"))}
    for key, (low, high) in _INT_FIELDS.items():
        value = need(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ProfileError(f"{file}: {key} must be a whole number in {low}..{high}")
        values[key] = value
    for key in _BOOL_FIELDS:
        if not isinstance(need(key), bool):
            raise ProfileError(f"{file}: {key} must be true or false")
        values[key] = data[key]
    values.update(_optional(file, data))
    try:
        values["handshake"] = Handshake(need("handshake"))
    except ValueError as exc:
        raise ProfileError(f"{file}: handshake must be one of "
                           f"{', '.join(h.value for h in Handshake)}") from exc
    pages = need("code_pages")
    if not isinstance(pages, dict) or not pages:
        raise ProfileError(f"{file}: code_pages must list at least one page")
    for page, slot in pages.items():
        if page not in CODECS:
            raise ProfileError(f"{file}: unknown code page {page!r}; known: {', '.join(CODECS)}")
        if isinstance(slot, bool) or not isinstance(slot, int) or not 0 <= slot <= 255:
            raise ProfileError(f"{file}: code_pages.{page} must be an ESC t slot 0..255")
    values["code_pages"] = dict(pages)
    unknown = set(data) - set(values) - {"code_pages"}
    if unknown:
        raise ProfileError(f"{file}: unknown keys {', '.join(sorted(unknown))}")
    profile = PrinterProfile(**values)
    _ = profile.text_page  # a profile without a Cyrillic page cannot print our receipts
    return profile


def _optional(file: str, data: dict[str, Any]) -> dict[str, Any]:
    """The keys a profile may leave out, checked; absent ones keep their defaults."""
    values: dict[str, Any] = {}
    for key in _OPTIONAL_BOOLS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ProfileError(f"{file}: {key} must be true or false")
            values[key] = data[key]
    for key, kind in (("job_confirmation", JobConfirmation), ("buffer_clear", BufferClear)):
        if key in data:
            try:
                values[key] = kind(data[key])
            except ValueError as exc:
                raise ProfileError(f"{file}: {key} must be one of "
                                   f"{', '.join(k.value for k in kind)}") from exc
    if "settle_seconds" in data:
        settle = data["settle_seconds"]
        if isinstance(settle, bool) or not isinstance(settle, int | float) or \
                not 0 <= settle <= 30:
            raise ProfileError(f"{file}: settle_seconds must be a number of seconds in 0..30")
        values["settle_seconds"] = float(settle)
    if "source" in data:
        if not isinstance(data["source"], str):
            raise ProfileError(f"{file}: source must be text")
        values["source"] = data["source"]
    return values


def profile_text(profile: PrinterProfile) -> str:
    """The profile as a TOML file :func:`load_profile` reads back (what the wizard saves)."""
    def value(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return str(v)
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    fields = ("id", "name", "source", "paper_width_dots", "columns_font_a", "columns_font_b",
              "baudrate", "handshake", "receive_buffer", "native_qr", "user_defined_chars",
              "bit_image", "cutter", "feed_before_cut", "job_confirmation", "settle_seconds",
              "buffer_clear")
    lines = ["# Written by the printer setup wizard (kiosk printer setup)."]
    lines += [f"{key} = {value(getattr(profile, key))}" for key in fields]
    lines += ["", "[code_pages]"]
    lines += [f"{page} = {slot}" for page, slot in profile.code_pages.items()]
    return "\n".join(lines) + "\n"
