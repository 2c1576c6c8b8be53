"""Names and free text: the letters Kazakh names use, clear limits, never silent truncation."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import ValidationError
from kiosk.validators import clean_free_text, clean_text, normalize_name, remove_emoji


@pytest.mark.parametrize(("typed", "stored"), [
    ("Әлия Нұрланқызы", "Әлия Нұрланқызы"),
    ("  Ғалым   Өтегенұлы  ", "Ғалым Өтегенұлы"),
    ("Іңкәр Үсенова-Һасанова", "Іңкәр Үсенова-Һасанова"),
    ("Иванов Пётр Сергеевич", "Иванов Пётр Сергеевич"),
    ("John O’Neil", "John O'Neil"),
])
def test_real_names_are_accepted(typed: str, stored: str) -> None:
    assert normalize_name(typed) == stored


@pytest.mark.parametrize(("typed", "rule"), [
    ("", "empty"),
    ("Асан 2", "characters"),
    ("Асан@", "characters"),
    ("А", "too_short"),
    ("-Асан", "punctuation"),
    ("Асан--Үсен", "punctuation"),
    ("А" * 101, "too_long"),
])
def test_bad_names_name_the_rule(typed: str, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_name(typed)
    assert info.value.rule == rule


def test_control_characters_are_removed() -> None:
    assert clean_text("Жол\x00 жөндеу\x07\u200b керек", field="text", max_length=100) == \
        "Жол жөндеу керек"


def test_line_breaks_are_kept_and_unified() -> None:
    assert clean_text("бір\r\nекі\r\n\r\n\r\n\r\nүш", field="text", max_length=100) == \
        "бір\nекі\n\nүш"


def test_too_long_text_is_an_error_that_says_by_how_much() -> None:
    with pytest.raises(ValidationError) as info:
        clean_text("ә" * 105, field="text", max_length=100)
    assert info.value.rule == "too_long"
    assert "by 5" in str(info.value)


def test_optional_text_may_be_empty() -> None:
    assert clean_text("  \n ", field="address", max_length=10, required=False) == ""


_KEYCAP = re.compile("[#*0-9][\ufe0e\ufe0f]?\u20e3")


@given(st.text(max_size=300))
def test_clean_text_never_truncates(raw: str) -> None:
    try:
        cleaned = clean_text(raw, field="text", max_length=200)
    except ValidationError as exc:
        assert exc.rule in {"empty", "too_long"}
        return
    assert len(cleaned) <= 200
    # Every kept character comes from the input, in order (only removals, no cuts at the end);
    # the digit of a keycap emoji (1️⃣) goes with its keycap.
    typed = _KEYCAP.sub("", unicodedata.normalize("NFC", raw))
    letters = [ch for ch in typed if ch.isalnum()]
    assert [ch for ch in cleaned if ch.isalnum()] == letters


# -- emoji: dropped from free text, reported, never a reason to refuse the letters around them --

WRITTEN = "₸ € $ № © ° § ™ ® × ÷ ± ≤ ∞ → ★ ✓ é Ä ß ñ Ў ў Ҳ ҳ Қ ғ Ө ү Ң ә Ә җ Ҷ ӯ ‘«»’ — 5 000,50"


def test_zwj_sequences_vanish_without_stray_joiners() -> None:
    cleaned = clean_free_text("Үйде 👨‍👩‍👧 бесеуміз 🧑🏽‍🌾 тұрамыз 🏳️‍🌈",
                              field="text", max_length=100)
    assert cleaned == ("Үйде бесеуміз тұрамыз", True)


def test_flags_vanish_with_their_tags() -> None:
    scotland = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert clean_text(f"Біз 🇰🇿 елміз {scotland}", field="text", max_length=100) == "Біз елміз"


def test_keycaps_vanish_completely() -> None:
    assert clean_text("1️⃣ 2⃣ #️⃣ *️⃣ кезек", field="text", max_length=100) == "кезек"


def test_skin_tones_vanish_with_their_hands() -> None:
    assert clean_text("Рахмет 👍🏽👋🏿!", field="comment", max_length=100) == "Рахмет!"


def test_pictographs_and_emoji_presentation_vanish() -> None:
    # ☀ ✈ ❤ are text-style by default but still pictures; 🫨 is newer than Python's tables.
    assert clean_text("Жарық ☀ ✈ ❤️ ⭐ ⚽ ⌛ 😀 🫨 жоқ", field="text", max_length=100) == \
        "Жарық жоқ"


def test_letters_digits_currency_and_written_symbols_stay() -> None:
    assert clean_free_text(WRITTEN, field="text", max_length=200) == (WRITTEN, False)


def test_a_text_style_selector_goes_and_its_symbol_stays() -> None:
    assert remove_emoji("© 2026\ufe0f, ↔\ufe0e") == ("© 2026, ↔", False)


def test_removal_is_reported_only_when_something_visible_went() -> None:
    assert remove_emoji("Жол 🚧 жабық") == ("Жол жабық", True)
    assert remove_emoji("Жол жабық") == ("Жол жабық", False)


def test_text_of_only_emoji_is_empty_and_the_error_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        clean_text(" 😡🤬 👎🏻 ", field="text", max_length=100)
    assert (info.value.field, info.value.rule) == ("text", "empty")
    assert "Your appeal" in str(info.value) and "emoji" in str(info.value)


def test_optional_text_of_only_emoji_is_stored_empty() -> None:
    assert clean_free_text("👍", field="comment", max_length=100, required=False) == ("", True)


def test_length_limit_is_applied_after_removal() -> None:
    assert clean_text("ә" * 100 + "😀" * 20, field="text", max_length=100) == "ә" * 100
    with pytest.raises(ValidationError) as info:
        clean_text("ә" * 101 + "😀" * 20, field="text", max_length=100)
    assert info.value.rule == "too_long" and "by 1" in str(info.value)


@pytest.mark.parametrize("typed", ["Әлия 😀", "Әлия 👨‍👩‍👧", "Әлия 🇰🇿", "Әлия👍🏽", "Әлия ❤️"])
def test_an_emoji_in_a_name_is_a_clear_error(typed: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_name(typed, "full_name")
    assert (info.value.field, info.value.rule) == ("full_name", "characters")
    assert "emoji" in str(info.value)


@pytest.mark.parametrize("typed", ["Ўктам Ҳасанов", "Жәмилә Ҷӯраева", "José Müller-Lüdenscheidt",
                                   "Гүлнар Җамалова"])
def test_names_in_every_letter_are_accepted(typed: str) -> None:
    assert normalize_name(typed, "full_name") == typed


# ◽ ◾ are maths squares that Unicode draws as emoji by default: they go.
_WRITTEN_CHARS = st.characters(categories=("L", "N", "P", "Sc", "Sm", "Zs"),
                               exclude_characters="◽◾")


@given(st.text(_WRITTEN_CHARS, max_size=80))
def test_written_text_is_never_touched(raw: str) -> None:
    assert remove_emoji(raw) == (raw, False)


_EMOJI_SAMPLES = ["😀", "👍🏽", "👨‍👩‍👧", "🇰🇿", "1️⃣", "❤️", "🏳️‍🌈", "☀", "🫨", "⭐",
                  "🏴\U000e0067\U000e007f"]
_EMOJI_PARTS = frozenset("".join(_EMOJI_SAMPLES)) - {"1"}


@given(st.lists(st.one_of(st.sampled_from(_EMOJI_SAMPLES), st.text(_WRITTEN_CHARS, max_size=5)),
                max_size=20))
def test_no_part_of_an_emoji_is_left_behind(parts: list[str]) -> None:
    cleaned, removed = remove_emoji("".join(parts))
    assert not set(cleaned) & _EMOJI_PARTS
    assert removed == any(part in _EMOJI_SAMPLES for part in parts)


def test_a_lone_surrogate_is_removed_before_it_reaches_the_database() -> None:
    assert clean_free_text("Көпір\ud800 құлады", field="text", max_length=100).text == \
        "Көпір құлады"


def test_a_name_of_invisible_hangul_fillers_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_name("\u3164\u3164")
    assert caught.value.rule == "characters"
