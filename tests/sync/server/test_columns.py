"""The console's indexed columns read from a record's payload at ingest."""

from __future__ import annotations

from sync.server.columns import fold, record_columns


def test_name_search_key_folds_case_and_spaces_but_keeps_kazakh_letters() -> None:
    assert fold("  АСҚАРОВА   Гүлнар ") == "аскарова гулнар"
    # typed on a Russian keyboard, as a clerk on the phone would
    assert fold("Нұрпейісова Қарлығаш") == fold("Нурпеисова карлыгаш")


def test_appeal_columns_come_from_its_payload() -> None:
    columns = record_columns("appeal", {
        "full_name": "Асқарова\x00 Гүлнар", "phone": "+77015550123", "appeal_type": "complaint",
        "topic": "Көше\nжарығы", "language": "kk", "registered_on": "2026-12-01"},
        "karasu", "arshaly")
    assert columns["person_name"] == "Асқарова Гүлнар"  # control characters dropped
    assert columns["name_key"] == "аскарова гулнар"
    assert (columns["category"], columns["topic"], columns["day"]) == \
        ("complaint", "Көше жарығы", "2026-12-01")
    assert (columns["akimat"], columns["district"], columns["score"]) == \
        ("karasu", "arshaly", None)


def test_a_rating_late_in_the_evening_utc_counts_on_the_next_local_day() -> None:
    evening = record_columns("rating", {"score": 5, "department": "social",
                                        "rated_at": "2026-11-30T20:30:00.000000+00:00"},
                             "karasu", "arshaly")
    assert evening["day"] == "2026-12-01"  # 01:30 in Almaty: December's report
    assert evening["score"] == 5 and evening["category"] == "social"


def test_unusable_values_leave_columns_empty() -> None:
    columns = record_columns("rating", {"score": True, "rated_at": "yesterday",
                                        "full_name": 5}, "a", "d")
    assert (columns["score"], columns["day"], columns["person_name"]) == (None, "", "")
    booking = record_columns("booking", {"slot_start": "2026-12-03T10:00:00+05:00"}, "a", "d")
    assert (booking["day"], booking["slot_start"]) == ("2026-12-03", "2026-12-03T10:00:00+05:00")
