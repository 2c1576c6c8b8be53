"""A damaged wizard profile never stops printing: the safe default takes over, doctor says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli.doctor import Level, check_printer
from kiosk.config import load_config
from printers.connect import open_printer, profile_for


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"id = [", b"id = 'x'\n",
                                     b"a = " + b"[" * 5000 + b"]" * 5000])
def test_a_damaged_wizard_profile_falls_back_to_the_safe_default(tmp_path: Path,
                                                                 content: bytes) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "printer-profile.toml").write_bytes(content)
    config = load_config(environ={"KIOSK_STATE_DIR": str(state)})
    assert config.printer.profile == str(state / "printer-profile.toml")
    assert profile_for(config.printer).id == "safe-default"
    with open_printer(config.printer, state / "receipts") as printer:
        assert printer.status().can_print
    finding = check_printer(config)
    assert finding.level is Level.WARN
    assert "kiosk printer setup" in finding.fix
