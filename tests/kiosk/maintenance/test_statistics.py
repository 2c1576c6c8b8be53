"""Statistics for the technician: today and the week, and a CSV that Excel opens."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language
from kiosk.maintenance import ExportError, export_csv, statistics_summary
from kiosk.ratings import submit_rating
from kiosk.tickets import issue_ticket
from tests.conftest import at

TZ = "Asia/Almaty"
TODAY = dt.date(2026, 12, 3)  # a Thursday
PERSON = Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78")


@pytest.fixture
def filled(db: Database, catalogue: Catalogue) -> Database:
    """Records on today, earlier this week and before the week."""
    for department, moment in [("social", at(2026, 12, 3, 10)), ("social", at(2026, 12, 3, 11)),
                               ("land", at(2026, 12, 3, 11)), ("land", at(2026, 12, 1, 10)),
                               ("social", at(2026, 11, 20, 10))]:
        issue_ticket(db, catalogue, department, moment, Language.KK)
    for appeal_type, moment in [("complaint", at(2026, 12, 3, 12)),
                                ("application", at(2026, 12, 2, 12))]:
        draft = prepare_draft(catalogue, appeal_type=appeal_type, topic="Жарық", text="Мәтін.",
                              applicant=PERSON, consent=True, language=Language.KK,
                              text_max=3000)
        submit_appeal(db, catalogue, "karasu-01", draft, moment)
    # 00:30 in Almaty is still the day before in UTC: it counts on the local day
    for score, moment in [(5, at(2026, 12, 3, 10)), (3, at(2026, 12, 3, 16)),
                          (4, at(2026, 12, 3, 0, 30)), (2, at(2026, 12, 1, 9)),
                          (1, at(2026, 11, 20, 9))]:
        submit_rating(db, catalogue, score=score, reasons=[], comment="", department=None,
                      language=Language.RU, now=moment, comment_max=500)
    return db


def test_today_counts(filled: Database) -> None:
    today = statistics_summary(filled, TODAY, TZ).today
    assert (today.start, today.end) == (TODAY, TODAY)
    assert today.tickets_by_department == {"land": 1, "social": 2}
    assert today.tickets_total == 3
    assert today.appeals_by_type == {"complaint": 1} and today.appeals_total == 1
    assert today.ratings_total == 3 and today.rating_average == pytest.approx(4.0)


def test_week_is_the_seven_days_ending_today(filled: Database) -> None:
    week = statistics_summary(filled, TODAY, TZ).week
    assert (week.start, week.end) == (dt.date(2026, 11, 27), TODAY)
    assert week.tickets_by_department == {"land": 2, "social": 2} and week.tickets_total == 4
    assert week.appeals_by_type == {"application": 1, "complaint": 1}
    assert week.appeals_total == 2
    assert week.ratings_total == 4 and week.rating_average == pytest.approx(3.5)
    assert week.ratings_by_score == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1}


def test_empty_period(db: Database) -> None:
    today = statistics_summary(db, TODAY, TZ).today
    assert today.tickets_total == 0 and today.tickets_by_department == {}
    assert today.rating_average is None and today.ratings_total == 0


def test_csv_has_a_bom_and_reads_back(filled: Database, tmp_path: Path) -> None:
    path = export_csv(filled, tmp_path, dt.date(2026, 11, 27), TODAY, TZ, kiosk_id="karasu-01")
    assert path == tmp_path / "kiosk-karasu-01-statistics-2026-11-27_2026-12-03.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["kind", "key", "day", "count"]
    assert sorted(rows[1:]) == sorted([
        ["tickets", "land", "2026-12-01", "1"],
        ["tickets", "land", "2026-12-03", "1"],
        ["tickets", "social", "2026-12-03", "2"],
        ["appeals", "application", "2026-12-02", "1"],
        ["appeals", "complaint", "2026-12-03", "1"],
        ["ratings", "2", "2026-12-01", "1"],
        ["ratings", "3", "2026-12-03", "1"],
        ["ratings", "4", "2026-12-03", "1"],
        ["ratings", "5", "2026-12-03", "1"],
    ])


def test_csv_name_without_kiosk_id(db: Database, tmp_path: Path) -> None:
    path = export_csv(db, tmp_path, TODAY, TODAY, TZ)
    assert path.name == "kiosk-statistics-2026-12-03_2026-12-03.csv"
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["kind,key,day,count"]


def test_missing_folder_is_an_export_error(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "usb-gone"
    with pytest.raises(ExportError) as info:
        export_csv(db, folder, TODAY, TODAY, TZ)
    assert isinstance(info.value, OSError)
    assert info.value.folder == folder and str(folder) in str(info.value)


def test_failed_write_is_an_export_error(db: Database, tmp_path: Path) -> None:
    # the file name is taken by a folder: the write itself fails
    (tmp_path / "kiosk-statistics-2026-12-03_2026-12-03.csv").mkdir()
    with pytest.raises(ExportError, match=re.escape(str(tmp_path))):
        export_csv(db, tmp_path, TODAY, TODAY, TZ)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_read_only_folder_is_an_export_error(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="read-only"):
            export_csv(db, folder, TODAY, TODAY, TZ)
    finally:
        folder.chmod(0o755)
