"""Config: defaults with no file, a TOML file, environment overrides, errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.i18n import Language
from kiosk.maintenance_pin import hash_pin


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file(tmp_path: Path) -> None:
    config = load_config(None, environ={"XDG_STATE_HOME": str(tmp_path)})
    assert config.kiosk.language is Language.KK
    assert config.paths.state_dir == tmp_path / "akimat-kiosk"
    assert (config.paths.catalogue_dir / "services.toml").is_file()
    assert config.paths.receipts == config.paths.state_dir / "receipts"


def test_systemd_state_directory_is_the_default(tmp_path: Path) -> None:
    config = load_config(None, environ={"STATE_DIRECTORY": str(tmp_path / "kiosk")})
    assert config.paths.database == tmp_path / "kiosk" / "kiosk.sqlite3"


def test_file_values_are_used(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[kiosk]
id = "karasu-01"
language = "ru"
[paths]
state_dir = "/var/lib/kiosk"
receipts_dir = "/srv/receipts"
[printer]
url = "/dev/ttyUSB0"
baudrate = 19200
""")
    config = load_config(path, environ={})
    assert config.kiosk.id == "karasu-01"
    assert config.kiosk.language is Language.RU
    assert config.paths.database == Path("/var/lib/kiosk/kiosk.sqlite3")
    assert config.paths.receipts == Path("/srv/receipts")
    assert config.printer.baudrate == 19200
    assert config.source == path


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = _write(tmp_path, '[kiosk]\nid = "from-env-file"\n')
    config = load_config(None, environ={"KIOSK_CONFIG": str(path)})
    assert config.kiosk.id == "from-env-file"


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, '[kiosk]\nid = "in-file"\n[printer]\nurl = "/dev/ttyS0"\n')
    config = load_config(path, environ={"KIOSK_ID": "from-env", "KIOSK_PRINTER_URL":
                                        "socket://127.0.0.1:9100"})
    assert config.kiosk.id == "from-env"
    assert config.printer.url == "socket://127.0.0.1:9100"


def test_config_is_frozen() -> None:
    config = load_config(None, environ={})
    with pytest.raises(AttributeError):
        config.kiosk.id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(("text", "named"), [
    ('[kiosk]\nidd = "x"\n', "kiosk.idd"),
    ('[printr]\nurl = "x"\n', "printr"),
    ('[printer]\nbaudrate = "fast"\n', "printer.baudrate"),
    ('[kiosk]\nlanguage = "de"\n', "kiosk.language"),
    ('[paths]\nstate_dir = 5\n', "paths.state_dir"),
    ('[kiosk]\nid = "Bad Id!"\n', "kiosk.id"),
    ('[limits]\nidle_countdown_seconds = 5\n', "idle_countdown_seconds"),
    ('[printer]\nroll_length_m = "long"\n', "printer.roll_length_m"),
    ('[printer]\nroll_length_m = true\n', "printer.roll_length_m"),
    ('[printer]\nroll_length_m = 0\n', "printer.roll_length_m"),
    ('[printer]\nroll_length_m = nan\n', "printer.roll_length_m"),
    ('[maintenance]\nidle_seconds = -5\n', "maintenance.idle_seconds"),
    ('[maintenance]\npin_hash = "482913"\n', "maintenance.pin_hash"),
    ('[maintenance]\nlog_file = 3\n', "maintenance.log_file"),
    ('[maintenance]\npin = "1234"\n', "maintenance.pin"),
    ('[kiosk\n', "not valid TOML"),
])
def test_errors_name_the_bad_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, text), environ={})
    assert named in str(info.value)
    assert "kiosk.toml" in str(info.value)


def test_maintenance_defaults(tmp_path: Path) -> None:
    config = load_config(None, environ={"STATE_DIRECTORY": str(tmp_path)})
    assert config.maintenance.pin_hash == ""
    assert config.maintenance.idle_seconds == 120
    assert config.maintenance.log_file is None
    assert config.log_file == tmp_path / "kiosk.log"
    assert config.printer.roll_length_m == 30.0


def test_maintenance_values_are_used(tmp_path: Path) -> None:
    stored = hash_pin("482913")
    path = _write(tmp_path, f"""
[printer]
roll_length_m = 50
[maintenance]
pin_hash = "{stored}"
idle_seconds = 300
log_file = "/var/log/akimat-kiosk/kiosk.log"
""")
    config = load_config(path, environ={})
    assert config.printer.roll_length_m == 50.0
    assert isinstance(config.printer.roll_length_m, float)
    assert config.maintenance.pin_hash == stored
    assert config.maintenance.idle_seconds == 300
    assert config.log_file == Path("/var/log/akimat-kiosk/kiosk.log")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", environ={})


@pytest.mark.parametrize("listen", ["abc:8480", " 0.0.0.0:8480", "0.0.0.0 :8480", "::8480",
                                    "[::]:8480", "0.0.0.0:0", "0.0.0.0:70000", "8480"])
def test_a_desk_address_that_cannot_be_served_is_refused_at_load(listen: str) -> None:
    with pytest.raises(ConfigError, match=r"desks\.listen"):
        load_config(None, environ={"KIOSK_DESKS_LISTEN": listen})


@pytest.mark.parametrize(("listen", "address"), [("0.0.0.0:8480", ("0.0.0.0", 8480)),
                                                 ("127.0.0.1:9000", ("127.0.0.1", 9000)),
                                                 ("localhost:8480", ("localhost", 8480))])
def test_desk_addresses_that_work(listen: str, address: tuple[str, int]) -> None:
    assert load_config(None, environ={"KIOSK_DESKS_LISTEN": listen}).desks.address == address
    assert load_config(None, environ={}).desks.address is None
