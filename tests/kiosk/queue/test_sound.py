"""The hall's call sound settings: read back, defaults for anything unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.queue.sound import FILE_NAME, CallSound, read_call_sound, write_call_sound


def test_settings_are_read_back(tmp_path: Path) -> None:
    write_call_sound(tmp_path, CallSound(speech=False, volume=0.3, languages=("ru",)))
    assert read_call_sound(tmp_path) == CallSound(False, 0.3, ("ru",))


@pytest.mark.parametrize(("text", "speech"), [('{"speech": "false"}', True),
                                              ('{"speech": false}', False),
                                              ("[" * 5000, True), ("[]", True), ("\x00", True)])
def test_an_odd_file_never_breaks_the_board(tmp_path: Path, text: str, speech: bool) -> None:
    (tmp_path / FILE_NAME).write_text(text, encoding="utf-8")
    assert read_call_sound(tmp_path).speech is speech
