"""The paper counter: adds up across restarts, warns from 85 %, starts again on a new roll."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from kiosk.config import Config, PrinterSection
from kiosk.maintenance import PaperRoll, PaperUsage, paper_roll

NOW = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)


def test_a_fresh_roll_is_unused(tmp_path: Path) -> None:
    usage = PaperRoll(tmp_path / "paper.json", 30_000).usage()
    assert usage == PaperUsage(0.0, 30_000, None)
    assert usage.fraction == 0.0 and usage.remaining_mm == 30_000 and not usage.replace_soon


def test_usage_accumulates_across_instances(tmp_path: Path) -> None:
    PaperRoll(tmp_path / "paper.json", 30_000).add_printed(120.5)
    restarted = PaperRoll(tmp_path / "paper.json", 30_000)
    restarted.add_printed(79.5)
    usage = PaperRoll(tmp_path / "paper.json", 30_000).usage()
    assert usage.used_mm == pytest.approx(200.0)
    assert usage.remaining_mm == pytest.approx(29_800.0)


def test_replace_soon_from_85_percent(tmp_path: Path) -> None:
    roll = PaperRoll(tmp_path / "paper.json", 1000)
    roll.add_printed(849)
    assert not roll.usage().replace_soon
    roll.add_printed(1)
    assert roll.usage().replace_soon
    roll.add_printed(500)
    usage = roll.usage()
    assert usage.fraction == 1.0 and usage.remaining_mm == 0.0


def test_replacing_the_roll_resets_the_count(tmp_path: Path) -> None:
    roll = PaperRoll(tmp_path / "paper.json", 1000)
    roll.add_printed(900)
    roll.replaced(NOW)
    usage = PaperRoll(tmp_path / "paper.json", 1000).usage()
    assert usage.used_mm == 0.0 and usage.replaced_at == NOW and not usage.replace_soon


def test_threads_do_not_lose_counts(tmp_path: Path) -> None:
    roll = PaperRoll(tmp_path / "paper.json", 30_000)

    def work() -> None:
        for _ in range(25):
            roll.add_printed(2)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert roll.usage().used_mm == pytest.approx(200.0)


def test_a_damaged_file_counts_from_zero(tmp_path: Path) -> None:
    path = tmp_path / "paper.json"
    path.write_text("{oops", encoding="utf-8")
    roll = PaperRoll(path, 1000)
    assert roll.usage().used_mm == 0.0
    roll.add_printed(10)
    assert roll.usage().used_mm == 10.0


def test_negative_lengths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="printed length"):
        PaperRoll(tmp_path / "paper.json", 1000).add_printed(-1)


def test_paper_roll_from_config(config: Config) -> None:
    from dataclasses import replace

    roll = paper_roll(replace(config, printer=PrinterSection(roll_length_m=50)))
    assert roll.state_file == config.paths.state_dir / "paper-roll.json"
    assert roll.usage().roll_mm == 50_000
