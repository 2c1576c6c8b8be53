"""The setup wizard against emulated hardware: the calibration page, the numbers, the profile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import load_config
from printers.emulator.device import PrinterEmulator
from printers.emulator.faults import Fault
from printers.emulator.model import WEAKEST, HardwareModel
from printers.printer import Printer
from printers.profiles import BufferClear, JobConfirmation, load_profile
from printers.setup import (
    SetupError,
    calibration_page,
    candidates,
    choose_profile,
    parse_numbers,
    probe,
    save_profile,
)
from printers.transport import SerialLine
from tests.printers.helpers import decode

URL = "HTTP://127.0.0.1:8470/"


def _numbers(kind: str, page: str = "", slot: int | None = None) -> list[int]:
    return [c.number for c in candidates() if c.kind == kind and (not page or c.page == page)
            and (slot is None or c.slot == slot)]


def _line_of(text: str, number: int) -> str:
    for line in text.splitlines():
        if line.startswith(f"{number:>2}."):
            return line
    return ""


@pytest.fixture
def weak_printer(tmp_path: Path) -> Iterator[tuple[PrinterEmulator, Printer]]:
    profile = load_profile("safe-default")
    with PrinterEmulator(profile, tmp_path / "weak", model=WEAKEST) as emulator, \
            SerialLine(emulator.port, profile, write_timeout=2.0) as line:
        yield emulator, Printer(line, profile, status_timeout=0.3)


def test_the_calibration_page_shows_a_weak_printer_what_prints_right() -> None:
    safe = load_profile("safe-default")
    [page] = decode(calibration_page(URL), safe, WEAKEST)
    text = page.text()
    cp866 = _numbers("cyrillic_page", "cp866", 17)[0]
    assert "Русский: ЁёЖжЩщЫыЭэЮюЯя" in _line_of(text, cp866)
    kz = _numbers("kazakh_page", "kz1048", 53)[0]
    assert "Қазақ" not in _line_of(text, kz)  # the weak printer has no KZ-1048
    udc = _numbers("user_defined")[0]
    assert "Ә" not in _line_of(text, udc)
    raster_index = text.splitlines().index(_line_of(text, _numbers("raster")[0]))
    assert text.splitlines()[raster_index + 1] == "Қазақ: ӘәҒғҚқҢңӨөҰұҮүҺһІі"
    assert "Калибрлеу беті / Калибровка" in text and "Отметьте номера строк," in text


def test_a_weak_printer_answers_neither_gs_r_nor_the_buffer_clear(
        weak_printer: tuple[PrinterEmulator, Printer]) -> None:
    _, printer = weak_printer
    found = probe(printer)
    assert found == type(found)({}, False, False)


def test_an_epson_answers_gs_i_gs_r_and_dle_dc4(tmp_path: Path) -> None:
    profile = load_profile("epson-tm-t20iii")
    with PrinterEmulator(profile, tmp_path / "epson") as emulator, \
            SerialLine(emulator.port, profile) as line:
        found = probe(Printer(line, profile))
    assert found.answers_job_marker and found.clears_buffer
    assert found.identity == {"maker": "EMULATED", "model": "epson-tm-t20iii",
                              "firmware": "1.0"}


def test_the_numbers_that_printed_right_make_the_cheapest_profile(tmp_path: Path) -> None:
    base = load_profile("safe-default")
    right = _numbers("cyrillic_page", "cp866", 17) + _numbers("raster") + \
        _numbers("raster_qr")
    weak = choose_profile(base, right, probe_result(False, False))
    assert weak.code_pages == {"cp437": 0, "cp866": 17}
    assert not (weak.user_defined_chars or weak.bit_image or weak.native_qr or weak.cutter)
    assert weak.job_confirmation is JobConfirmation.STATUS
    assert WEAKEST.lacks(weak) == []

    richer = right + _numbers("kazakh_page", "kz1048", 53) + _numbers("native_qr") + \
        _numbers("cutter") + _numbers("user_defined")
    rich = choose_profile(base, richer, probe_result(True, True), profile_id="akimat-printer")
    assert rich.code_pages["kz1048"] == 53 and rich.text_page == "kz1048"
    assert rich.native_qr and rich.cutter and rich.user_defined_chars
    assert rich.job_confirmation is JobConfirmation.GS_R
    assert rich.buffer_clear is BufferClear.DLE_DC4
    saved = save_profile(rich, tmp_path / "printer-profile.toml")
    assert saved == rich


def test_without_a_cyrillic_line_no_profile_is_written() -> None:
    with pytest.raises(SetupError, match="Cyrillic"):
        choose_profile(load_profile("safe-default"), _numbers("raster") + _numbers("raster_qr"),
                       probe_result(False, False))


def test_without_a_kazakh_line_or_a_qr_no_profile_is_written() -> None:
    cp866 = _numbers("cyrillic_page", "cp866", 17)
    with pytest.raises(SetupError, match="Kazakh"):
        choose_profile(load_profile("safe-default"), cp866 + _numbers("raster_qr"),
                       probe_result(False, False))
    with pytest.raises(SetupError, match="QR"):
        choose_profile(load_profile("safe-default"), cp866 + _numbers("raster"),
                       probe_result(False, False))


def test_the_technician_types_numbers_and_ranges() -> None:
    assert parse_numbers("1, 5 9-11") == [1, 5, 9, 10, 11]
    with pytest.raises(SetupError):
        parse_numbers("1, x")


def test_the_kiosk_uses_the_wizard_profile_else_the_safe_default(tmp_path: Path) -> None:
    env = {"KIOSK_STATE_DIR": str(tmp_path)}
    assert load_config(environ=env).printer.profile == "safe-default"
    rich = choose_profile(load_profile("safe-default"),
                          _numbers("cyrillic_page", "cp866", 17) + _numbers("raster") +
                          _numbers("raster_qr"), probe_result(False, False))
    save_profile(rich, tmp_path / "printer-profile.toml")
    assert load_config(environ=env).printer.profile == str(tmp_path / "printer-profile.toml")


def probe_result(marker: bool, clears: bool) -> object:
    from printers.setup import Probe

    return Probe({}, marker, clears)


def test_matching_hardware_prints_every_candidate_right() -> None:
    rich = HardwareModel(id="rich", name="rich", code_pages={0: "cp437", 17: "cp866",
                                                             53: "kz1048"},
                         user_defined_chars=True, bit_image=True, native_qr=True, job_reply=True,
                         cutter=True, buffer_clear=True, receive_buffer=4096)
    safe = load_profile("safe-default")
    receipts = decode(calibration_page(URL), safe, rich)
    text = "".join(r.text() for r in receipts)
    assert "Қазақ: ӘәҒғҚқҢңӨөҰұҮүҺһІі" in _line_of(text, _numbers("kazakh_page", "kz1048", 53)[0])
    assert "ӘҒҚҢӨҰҮҺІәғқңөұүһі" in _line_of(text, _numbers("user_defined")[0])
    assert f"[QR {URL}]" in text


def test_a_check_job_that_does_not_print_puts_the_old_profile_back(tmp_path: Path) -> None:
    from printers.setup_steps import save_and_check

    profile = load_profile("safe-default")
    path = tmp_path / "printer-profile.toml"
    path.write_text("# the old one\n", encoding="utf-8")
    with PrinterEmulator(profile, tmp_path / "weak", model=WEAKEST) as emulator, \
            SerialLine(emulator.port, profile, write_timeout=2.0) as line:
        emulator.set_fault(Fault.COVER_OPEN)
        right = _numbers("cyrillic_page", "cp866", 17) + _numbers("raster") + \
            _numbers("raster_qr")
        with pytest.raises(SetupError, match="did not print"):
            save_and_check(Printer(line, profile, status_timeout=0.3), right,
                           probe_result(False, False), path)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "# the old one\n"
