"""Every sign-only key has words for the voice, in every language."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from pytestqt.qtbot import QtBot

from kiosk.assets import assets_dir
from ui.access.keymap import KEY_TABLE
from ui.access.names import SYMBOL_NAMES, symbol_name
from ui.app import KioskWindow
from ui.keyboard import LAYOUTS, LETTERS_LABELS, OnScreenKeyboard


def _labels(keyboard: OnScreenKeyboard) -> set[str]:
    return {button.text() for button in keyboard.keys.values()} | set(keyboard.keys)


@pytest.mark.parametrize("wide", [False, True], ids=["narrow", "wide"])
def test_every_sign_key_of_every_layout_is_named(qtbot: QtBot, wide: bool) -> None:
    labels: set[str] = set(LETTERS_LABELS.values())
    for layout in [*LAYOUTS, "code"]:
        keyboard = OnScreenKeyboard(layout=layout, wide=wide)
        qtbot.addWidget(keyboard)
        labels |= _labels(keyboard)
        keyboard.attach(None, numeric=True)
        labels |= _labels(keyboard)
    signs = {label for label in labels if not label.isalnum() or label in LETTERS_LABELS.values()
             or label in ("123", "ҚАЗ", "РУС", "ENG")}
    unnamed = sorted(sign for sign in signs if symbol_name(sign) is None)
    assert unnamed == [], f"keys the voice cannot name: {unnamed}"


def test_the_header_and_field_signs_are_named(window: KioskWindow) -> None:
    nav = window.navigator
    for button in (nav.text_size_button, nav.contrast_button, nav.audio_button):
        assert symbol_name(button.text().split("\n")[0]) is not None
    assert symbol_name("×") == "Clear"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_names_are_translated(lang: str) -> None:
    with (assets_dir() / "locale" / f"{lang}.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain="kiosk")
    entries = {msgid: catalog.get(msgid) for msgid in SYMBOL_NAMES.values()}
    missing = sorted(msgid for msgid, entry in entries.items()
                     if entry is None or not entry.string)
    assert missing == []


def test_the_key_table_names_every_action() -> None:
    for words in ("Down", "Up", "Left", "PageDown", "Home", "Enter", "Backspace", "keypad −",
                  "keypad *", "F1"):
        assert words in KEY_TABLE
