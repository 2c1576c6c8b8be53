"""Typed, frozen kiosk configuration: a TOML file, a few environment overrides, safe defaults.

With no file at all the defaults run the demo. The file path comes from ``--config`` or
``$KIOSK_CONFIG``. Errors name the key and say why it is wrong.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.assets import assets_dir
from kiosk.errors import ConfigError
from kiosk.i18n import N_, Language

CONFIG_ENV = "KIOSK_CONFIG"
KIOSK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
PIN_HASH_PATTERN = re.compile(r"^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$")

#: Environment variables a technician may set instead of editing the file.
ENV_OVERRIDES: Mapping[str, tuple[str, str]] = {
    "KIOSK_ID": ("kiosk", "id"),
    "KIOSK_LANGUAGE": ("kiosk", "language"),
    "KIOSK_STATE_DIR": ("paths", "state_dir"),
    "KIOSK_CATALOGUE_DIR": ("paths", "catalogue_dir"),
    "KIOSK_PRINTER_URL": ("printer", "url"),
    "KIOSK_PRINTER_PROFILE": ("printer", "profile"),
    "KIOSK_SERVER_URL": ("server", "url"),
    "KIOSK_DESKS_LISTEN": ("desks", "listen"),
}


def default_state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """systemd's ``$STATE_DIRECTORY``, else ``$XDG_STATE_HOME/akimat-kiosk`` (or ~/.local/state)."""
    env = os.environ if environ is None else environ
    systemd = env.get("STATE_DIRECTORY")
    if systemd:
        return Path(systemd.split(":")[0])
    xdg = env.get("XDG_STATE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "state"
    return base / "akimat-kiosk"


@dataclass(frozen=True)
class KioskSection:
    """Who this kiosk is."""

    id: str = "demo-kiosk"
    language: Language = Language.KK


@dataclass(frozen=True)
class PathsSection:
    """Folders; every path the kiosk writes or reads comes from here."""

    state_dir: Path = field(default_factory=default_state_dir)
    catalogue_dir: Path = field(default_factory=lambda: assets_dir() / "catalogue")
    locale_dir: Path = field(default_factory=lambda: assets_dir() / "locale")
    receipts_dir: Path | None = None

    @property
    def database(self) -> Path:
        """The kiosk's SQLite database file."""
        return self.state_dir / "kiosk.sqlite3"

    @property
    def synced_catalogue(self) -> Path:
        """Where catalogue updates from the regional server are installed."""
        return self.state_dir / "catalogue"

    @property
    def active_catalogue(self) -> Path:
        """The catalogue in use: the last update from the server, else ``catalogue_dir``."""
        if (self.synced_catalogue / "manifest.toml").is_file():
            return self.synced_catalogue
        return self.catalogue_dir

    @property
    def announcements(self) -> Path:
        """Where announcements from the regional server are installed."""
        return self.state_dir / "announcements"

    @property
    def wizard_profile(self) -> Path:
        """The printer profile ``kiosk printer setup`` wrote for this kiosk's printer."""
        return self.state_dir / "printer-profile.toml"

    @property
    def receipts(self) -> Path:
        """Where receipt copies and previews are kept."""
        return self.receipts_dir if self.receipts_dir is not None else self.state_dir / "receipts"


@dataclass(frozen=True)
class PrinterSection:
    """The receipt printer: a pyserial URL (``/dev/ttyUSB0``, ``socket://``) or ``emulator``.

    ``profile = "auto"`` (the default) is the profile the setup wizard wrote for this
    printer, else ``safe-default``, which prints right on any ESC/POS printer.
    """

    url: str = "emulator"
    profile: str = "auto"
    #: Used when ``profile`` cannot be loaded (a damaged wizard file): ``"auto"`` sets it
    #: to the safe default, so a broken file never stops printing.
    profile_fallback: str = ""
    baudrate: int = 0  # 0: the profile's default
    roll_length_m: float = 30.0  # a new paper roll, for the "replace soon" warning


@dataclass(frozen=True)
class ServerSection:
    """The regional server; ``local`` starts one on loopback for the demo."""

    url: str = "local"
    public_url: str = "http://127.0.0.1:8470"
    token_file: Path | None = None
    ca_file: Path | None = None


@dataclass(frozen=True)
class LimitsSection:
    """Lengths and times a region may tune."""

    appeal_text_max: int = 3000
    comment_max: int = 500
    retention_days: int = 30
    idle_seconds: int = 60
    idle_countdown_seconds: int = 20
    screen_dpi: int = 102  # a 21.5" 1920x1080 panel; keys are sized to 15 mm from it


@dataclass(frozen=True)
class MaintenanceSection:
    """The technician's mode: the PIN hash (a changed PIN lives in the state dir), idle, log."""

    pin_hash: str = ""  # scrypt$N$r$p$salt$hash; empty: set on first start or by a PIN change
    idle_seconds: int = 120  # maintenance mode closes itself after this long untouched
    log_file: Path | None = None  # None: <state_dir>/kiosk.log


@dataclass(frozen=True)
class DesksSection:
    """Desks on the akimat's LAN call tickets through the kiosk's small web server.

    ``listen`` is ``host:port``: ``""`` (the default) keeps the server off; ``0.0.0.0:8480``
    serves the whole LAN; ``127.0.0.1:8480`` only this PC (a display on a second monitor).
    """

    listen: str = ""

    @property
    def address(self) -> tuple[str, int] | None:
        """``(host, port)``, or None when desks are off."""
        if not self.listen:
            return None
        host, _, port = self.listen.rpartition(":")
        return host or "0.0.0.0", int(port)


@dataclass(frozen=True)
class Config:
    """The whole configuration; built once at start-up and passed in."""

    kiosk: KioskSection = field(default_factory=KioskSection)
    paths: PathsSection = field(default_factory=PathsSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    server: ServerSection = field(default_factory=ServerSection)
    limits: LimitsSection = field(default_factory=LimitsSection)
    maintenance: MaintenanceSection = field(default_factory=MaintenanceSection)
    desks: DesksSection = field(default_factory=DesksSection)
    source: Path | None = None

    @property
    def log_file(self) -> Path:
        """The kiosk's log file: ``maintenance.log_file``, else ``<state_dir>/kiosk.log``."""
        if self.maintenance.log_file is not None:
            return self.maintenance.log_file
        return self.paths.state_dir / "kiosk.log"


_SECTIONS: Mapping[str, type] = {
    "kiosk": KioskSection,
    "paths": PathsSection,
    "printer": PrinterSection,
    "server": ServerSection,
    "limits": LimitsSection,
    "maintenance": MaintenanceSection,
    "desks": DesksSection,
}


#: ``printer.profile`` meaning "the wizard's profile, else the safe default".
AUTO_PROFILE = "auto"
#: The profile that prints right on any ESC/POS printer.
SAFE_PROFILE = "safe-default"


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Build the config from ``path`` (or ``$KIOSK_CONFIG``), then environment overrides.

    :raises ConfigError: naming the file, the key and what is wrong with it.
    """
    env = os.environ if environ is None else environ
    if path is None and env.get(CONFIG_ENV):
        path = Path(env[CONFIG_ENV])
    data: dict[str, dict[str, Any]] = {}
    if path is not None:
        data = _read_toml(path)
    for var, (section, key) in ENV_OVERRIDES.items():
        if env.get(var):
            data.setdefault(section, {})[key] = env[var]
    data.setdefault("paths", {}).setdefault("state_dir", str(default_state_dir(env)))
    where = str(path) if path is not None else "defaults"
    sections = {name: _build_section(cls, data.get(name, {}), name, where)
                for name, cls in _SECTIONS.items()}
    config = Config(**sections, source=path)
    _check(config, where)
    if config.printer.profile == AUTO_PROFILE:
        wizard = config.paths.wizard_profile
        chosen = str(wizard) if wizard.is_file() else SAFE_PROFILE
        config = dataclasses.replace(config, printer=dataclasses.replace(
            config.printer, profile=chosen,
            profile_fallback=config.printer.profile_fallback or SAFE_PROFILE))
    return config


def _read_toml(path: Path) -> dict[str, dict[str, Any]]:
    import tomllib  # only when there is a config file (the defaults need no parser)

    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(N_("Config file {path} does not exist.", path=path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(N_("Config file {path} is not valid TOML: {error}", path=path,
                             error=str(exc))) from exc
    except OSError as exc:
        raise ConfigError(N_("Config file {path} cannot be read: {error}", path=path,
                             error=exc.strerror or str(exc))) from exc
    for name, value in raw.items():
        if name not in _SECTIONS:
            raise ConfigError(N_("{where}: unknown section [{key}]; known: {known}.",
                                 where=path, key=name, known=", ".join(_SECTIONS)))
        if not isinstance(value, dict):
            raise ConfigError(N_("{where}: [{key}] must be a table.", where=path, key=name))
    return raw


def _build_section(cls: type, values: Mapping[str, Any], section: str, where: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        dotted = f"{section}.{key}"
        if key not in fields:
            raise ConfigError(N_("{where}: unknown key {key}; known keys: {known}.", where=where,
                                 key=dotted, known=", ".join(fields)))
        kwargs[key] = _coerce(value, fields[key].type, dotted, where)
    return cls(**kwargs)


def _coerce(value: Any, annotation: Any, key: str, where: str) -> Any:
    kind = str(annotation)
    if kind.startswith("Path"):
        if not isinstance(value, str) or not value:
            raise ConfigError(N_("{where}: {key} must be a path (text), got {value}.",
                                 where=where, key=key, value=repr(value)))
        return Path(value).expanduser()
    if kind == "int":
        if isinstance(value, bool):
            raise ConfigError(N_("{where}: {key} must be a whole number, got {value}.",
                                 where=where, key=key, value=repr(value)))
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(N_("{where}: {key} must be a whole number, got {value}.",
                                 where=where, key=key, value=repr(value))) from exc
    if kind == "float":
        try:
            if isinstance(value, bool):
                raise TypeError("true/false is not a number")
            return float(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(N_("{where}: {key} must be a number, got {value}.",
                                 where=where, key=key, value=repr(value))) from exc
    if kind == "Language":
        try:
            return Language(str(value))
        except ValueError as exc:
            raise ConfigError(N_("{where}: {key} must be one of kk, ru, en, got {value}.",
                                 where=where, key=key, value=repr(value))) from exc
    if not isinstance(value, str):
        raise ConfigError(N_("{where}: {key} must be text, got {value}.",
                             where=where, key=key, value=repr(value)))
    return value


def _check(config: Config, where: str) -> None:
    if not KIOSK_ID_PATTERN.match(config.kiosk.id):
        raise ConfigError(N_("{where}: kiosk.id {value} must be 2-40 lowercase letters, digits "
                             "or hyphens.", where=where, value=repr(config.kiosk.id)))
    limits = config.limits
    for name in ("appeal_text_max", "comment_max", "retention_days", "idle_seconds",
                 "idle_countdown_seconds", "screen_dpi"):
        if getattr(limits, name) <= 0:
            raise ConfigError(N_("{where}: limits.{key} must be greater than zero.",
                                 where=where, key=name))
    if limits.idle_countdown_seconds < 20:
        raise ConfigError(N_("{where}: limits.idle_countdown_seconds must be at least 20 "
                             "(people need time to react).", where=where))
    if config.printer.baudrate < 0:
        raise ConfigError(N_("{where}: printer.baudrate must be 0 (profile default) or a baud "
                             "rate.", where=where))
    positive: dict[str, float] = {"printer.roll_length_m": config.printer.roll_length_m,
                                  "maintenance.idle_seconds": config.maintenance.idle_seconds}
    for key, number in positive.items():
        if not (math.isfinite(number) and number > 0):
            raise ConfigError(N_("{where}: {key} must be greater than zero.", where=where,
                                 key=key))
    if config.desks.listen and _listen_problem(config.desks.listen):
        raise ConfigError(N_("{where}: desks.listen {value} must be an address of this PC "
                             "and a port, e.g. 0.0.0.0:8480 for the akimat's network or "
                             "127.0.0.1:8480 for this PC only.", where=where,
                             value=repr(config.desks.listen)))
    pin_hash = config.maintenance.pin_hash
    if pin_hash and not PIN_HASH_PATTERN.match(pin_hash):
        raise ConfigError(N_("{where}: maintenance.pin_hash must be a scrypt hash "
                             "(scrypt$N$r$p$salt$hash), never the PIN itself.", where=where))


def _listen_problem(listen: str) -> bool:
    """True unless ``listen`` is ``IPv4:port`` (or ``localhost:port``) with a usable port."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        return True
    if host == "localhost":
        return False
    try:
        return ipaddress.ip_address(host).version != 4
    except ValueError:
        return True
