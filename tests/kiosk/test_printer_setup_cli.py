"""``kiosk printer setup`` on the embedded emulator (the safe default's weak hardware)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from kiosk.cli import printer_cmds
from kiosk.cli.output import Console
from kiosk.config import Config, load_config
from kiosk.i18n import Language, Translator
from kiosk.storage import open_database
from printers.profiles import JobConfirmation, load_profile
from printers.setup import candidates


def _config(tmp_path: Path) -> Config:
    return load_config(environ={"KIOSK_STATE_DIR": str(tmp_path / "state")})


def _numbers(*kinds: tuple[str, str, int | None]) -> str:
    chosen = [c.number for c in candidates() for kind, page, slot in kinds
              if c.kind == kind and (not page or c.page == page)
              and (slot is None or c.slot == slot)]
    return ", ".join(map(str, chosen))


def _setup(config: Config, translator: Translator, numbers: str | None,
           typed: str = "") -> tuple[int, str, str]:
    console = Console(translator, Language.EN, out=io.StringIO(), err=io.StringIO())
    args = argparse.Namespace(printer_command="setup", numbers=numbers, page_only=False)
    code = printer_cmds.run(args, config, console)
    assert isinstance(console.out, io.StringIO) and isinstance(console.err, io.StringIO)
    return code, console.out.getvalue(), console.err.getvalue()


WEAK_RIGHT = (("cyrillic_page", "cp866", 17), ("raster", "", None), ("raster_qr", "", None))


def test_setup_writes_the_profile_the_kiosk_then_uses_and_audits_it(
        tmp_path: Path, translator: Translator) -> None:
    config = _config(tmp_path)
    assert config.printer.profile == "safe-default"
    code, out, err = _setup(config, translator, _numbers(*WEAK_RIGHT))
    assert code == printer_cmds.EXIT_OK, err
    assert "Kazakh letters as image lines" in out
    profile = load_profile(config.paths.wizard_profile)
    assert profile.code_pages == {"cp437": 0, "cp866": 17}
    assert profile.job_confirmation is JobConfirmation.STATUS  # the hardware is silent on GS r
    assert _config(tmp_path).printer.profile == str(config.paths.wizard_profile)
    db = open_database(config.paths.database)
    [event] = list(db["audit_events"].rows_where("action = ?", ["printer.setup"]))
    assert json.loads(event["details"])["text"] == "cp866"
    receipts = sorted((config.paths.receipts / "emulator").glob("*.txt"))
    assert "Русский: ЁёЖжЩщЫыЭэЮюЯя" in receipts[-1].read_text(encoding="utf-8")


def test_a_no_at_the_check_lines_changes_nothing(tmp_path: Path, translator: Translator,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(tmp_path)
    answers = iter([_numbers(*WEAK_RIGHT), "n"])
    monkeypatch.setattr("builtins.input", lambda: next(answers))
    code, _, err = _setup(config, translator, None)
    assert code == printer_cmds.EXIT_FAILURE
    assert "Nothing was changed" in err
    assert not config.paths.wizard_profile.exists()


def test_numbers_without_a_kazakh_line_are_refused_with_the_reason(
        tmp_path: Path, translator: Translator) -> None:
    config = _config(tmp_path)
    code, _, err = _setup(config, translator, _numbers(("cyrillic_page", "cp866", 17)))
    assert code == printer_cmds.EXIT_FAILURE
    assert "no Kazakh line printed right" in err
    assert not config.paths.wizard_profile.exists()


def test_a_printer_out_of_paper_stops_the_wizard_before_anything_is_asked(
        tmp_path: Path, translator: Translator) -> None:
    config = _config(tmp_path)
    emulator_dir = config.paths.receipts / "emulator"
    emulator_dir.mkdir(parents=True)
    (emulator_dir / "faults").write_text("paper_out\n", encoding="utf-8")
    code, _, err = _setup(config, translator, _numbers(*WEAK_RIGHT))
    assert code == printer_cmds.EXIT_FAILURE
    assert "The printer cannot print now" in err and "out of paper" in err
    assert not config.paths.wizard_profile.exists()


def test_an_empty_answer_cancels(tmp_path: Path, translator: Translator,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(tmp_path)
    monkeypatch.setattr("builtins.input", lambda: "")
    code, _, err = _setup(config, translator, None)
    assert code == printer_cmds.EXIT_FAILURE and "Cancelled" in err
    assert not config.paths.wizard_profile.exists()


def test_a_damaged_wizard_profile_is_reported_in_the_technicians_language(
        tmp_path: Path, translator: Translator) -> None:
    config = _config(tmp_path)
    config.paths.wizard_profile.parent.mkdir(parents=True, exist_ok=True)
    config.paths.wizard_profile.write_bytes(b"\xff\xfe garbage")
    config = _config(tmp_path)
    console = Console(translator, Language.KK, out=io.StringIO(), err=io.StringIO())
    code = printer_cmds.run(argparse.Namespace(printer_command="status"), config, console)
    assert isinstance(console.err, io.StringIO)
    assert code == printer_cmds.EXIT_OK  # the safe default prints
    assert "принтер профилін қолдану мүмкін емес" in console.err.getvalue()
