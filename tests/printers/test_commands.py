"""Golden bytes for every ESC/POS command the driver sends (Epson command reference)."""

from __future__ import annotations

import pytest

from printers import commands as c
from printers.commands import QrErrorCorrection, StatusRequest


@pytest.mark.parametrize(("produced", "expected"), [
    (c.initialize(), "1b40"),
    (c.select_code_page(53), "1b7435"),
    (c.select_code_page(17), "1b7411"),
    (c.bold(True), "1b4501"),
    (c.bold(False), "1b4500"),
    (c.underline(2), "1b2d02"),
    (c.character_size(1, 1), "1d2100"),
    (c.character_size(2, 2), "1d2111"),
    (c.character_size(3, 3), "1d2122"),
    (c.character_size(8, 1), "1d2170"),
    (c.select_font(True), "1b4d01"),
    (c.align(0), "1b6100"),
    (c.align(1), "1b6101"),
    (c.align(2), "1b6102"),
    (c.line_feed(), "0a"),
    (c.feed_lines(3), "1b6403"),
    (c.cut(), "1d5600"),
    (c.cut(partial=True), "1d5601"),
    (c.cut(partial=False, feed=96), "1d564160"),
    (c.cut(partial=True, feed=96), "1d564260"),
    (c.qr_model(), "1d286b0400314132" "00"),
    (c.qr_module_size(6), "1d286b0300314306"),
    (c.qr_error_correction(QrErrorCorrection.M), "1d286b0300314531"),
    (c.qr_error_correction(QrErrorCorrection.H), "1d286b0300314533"),
    (c.qr_store(b"AB"), "1d286b0500315030" "4142"),
    (c.qr_print(), "1d286b0300315130"),
    (c.status_request(StatusRequest.PRINTER), "100401"),
    (c.status_request(StatusRequest.OFFLINE_CAUSE), "100402"),
    (c.status_request(StatusRequest.ERROR_CAUSE), "100403"),
    (c.status_request(StatusRequest.PAPER), "100404"),
    (c.end_of_job_marker(), "1d7201"),
    (c.automatic_status_back_off(), "1d6100"),
    (c.recover_from_error(), "100502"),
    (c.user_characters(True), "1b2501"),
    (c.user_characters(False), "1b2500"),
])
def test_command_bytes(produced: bytes, expected: str) -> None:
    assert produced.hex() == expected


def test_native_qr_is_the_five_functions_in_order() -> None:
    data = b"HTTP://X/T/AB"
    assert c.native_qr(data, 6) == (c.qr_model() + c.qr_module_size(6) +
                                    c.qr_error_correction(QrErrorCorrection.M) +
                                    c.qr_store(data) + c.qr_print())


def test_qr_store_length_counts_bytes_plus_three() -> None:
    stored = c.qr_store(b"x" * 300)
    assert stored[3] + 256 * stored[4] == 303


def test_raster_image_header_and_rows() -> None:
    image = c.raster_image(10, [b"\xff\xc0", b"\x80\x40"])
    assert image.hex() == "1d763000" "0200" "0200" "ffc0" "8040"


def test_raster_image_quadruple_mode() -> None:
    assert c.raster_image(8, [b"\x81"], double=True).hex() == "1d763003" "0100" "0100" "81"


def test_raster_rows_must_match_width() -> None:
    with pytest.raises(ValueError):
        c.raster_image(16, [b"\xff"])


def test_bit_image_24_inline() -> None:
    assert c.bit_image_24([b"\x01\x02\x03", b"\x04\x05\x06"]).hex() == \
        "1b2a21" "0200" "010203" "040506"


def test_define_user_characters() -> None:
    glyph = bytes(range(36))
    produced = c.define_user_characters(0x21, [(12, glyph), (12, glyph)])
    assert produced[:5].hex() == "1b26032122"
    assert produced[5] == 12 and produced[6:42] == glyph and produced[42] == 12


@pytest.mark.parametrize("call", [
    lambda: c.character_size(0, 1),
    lambda: c.character_size(1, 9),
    lambda: c.align(3),
    lambda: c.qr_module_size(17),
    lambda: c.define_user_characters(20, [(12, bytes(36))]),
    lambda: c.feed_lines(256),
    lambda: c.underline(3),
])
def test_out_of_range_arguments_are_refused(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]
