"""The documented example config loads as written."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_is_valid() -> None:
    config = load_config(ROOT / "docs" / "kiosk.example.toml", environ={})
    assert config.kiosk.id == "karasu-01"
    assert config.printer.url == "/dev/ttyKioskPrinter"
    assert config.printer.roll_length_m == 30.0
    assert config.maintenance.pin_hash == ""
    assert config.maintenance.idle_seconds == 120
    assert config.log_file == config.paths.state_dir / "kiosk.log"
