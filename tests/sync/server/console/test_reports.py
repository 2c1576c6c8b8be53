"""Ratings and reports: exact figures of a known month, deadlines kept, scope, escaping.

The month (see ``reports_data``) is made by the kiosk's own code, sent by the kiosk's
outbox sender to the real server on loopback, and its appeals' statuses are set by the
console's ``change_status``; every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue
from kiosk.i18n import Translator
from kiosk.pdf.monthly import MonthlyReport, OnTime
from sync.server.reports import Area, Month, judge, monthly_report, parse_month, ratings_view
from tests.conftest import ALMATY, at
from tests.sync.server.console.reports_data import (
    HOSTILE,
    KIND_WORDS,
    MONTH,
    TODAY,
    ReportWorld,
    report_world,
)

NOVEMBER = Month(2026, 11)
_TILE = re.compile(r'<span class="count">([^<]*)</span>')


@pytest.fixture
def month(database_url: str, translator: Translator, catalogue: Catalogue,
          tmp_path: Path) -> Iterator[ReportWorld]:
    """The server with November 2026's records (SQLite, then PostgreSQL)."""
    with report_world(database_url, translator, catalogue, tmp_path) as world:
        yield world


def report_of(month: ReportWorld, login: str, akimat: str = "",
              today: dt.date | None = None) -> MonthlyReport:
    """The monthly report of November as ``login`` sees it."""
    scope = month.account(login).scope
    return monthly_report(month.store.db, Area(scope, akimat=akimat), NOVEMBER,
                          today or TODAY.date(), ALMATY)


def tiles(page: str) -> list[str]:
    """The key figures of the report page, in order."""
    return _TILE.findall(page)


def test_one_akimats_month_is_counted_exactly(month: ReportWorld) -> None:
    report = report_of(month, "office.a")
    assert (report.place_kind, report.place) == ("akimat", "karasu")
    assert {c.appeal_type: c.count for c in report.appeals.counts} == {
        "application": 3, "complaint": 3, "proposal": 1}  # October's appeal is not counted
    assert report.statuses == (("registered", 1), ("in_progress", 1), ("answered", 3),
                               ("forwarded", 1), ("rejected", 1))
    # on time: answered 23:59 on the deadline day, rejected and forwarded early;
    # late: a day late, and 00:30 the day after (still the deadline day in UTC).
    assert report.on_time == OnTime(on_time=3, late=2, overdue=1)
    assert report.on_time.share == 0.5
    [overdue] = report.overdue
    assert (overdue.number, overdue.name, overdue.appeal_type, overdue.deadline,
            overdue.days_overdue) == ("KARASU-01-2026-00006", "Әлия Нұрланқызы",
                                      "application", dt.date(2026, 12, 1), 9)
    assert overdue.record_id == month.ids["overdue"]
    tickets = report.tickets
    assert (tickets.department_total("social"), tickets.department_total("land"),
            tickets.total) == (3, 2, 5)  # the ticket of 1 December is not November's
    assert tickets.count("social", dt.date(2026, 11, 3)) == 2
    scores = report.ratings.scores
    assert scores.per_score == (1, 1, 0, 1, 2)
    assert scores.average == pytest.approx(3.4)
    assert [(r.reason, r.count) for r in report.ratings.reasons] == [
        ("long-wait", 2), ("polite", 2), ("fast", 1), ("rude", 1)]
    assert [c.comment for c in report.ratings.comments] == [
        HOSTILE, "Кезек өте ұзақ болды", KIND_WORDS]
    newest = report.ratings.comments[0]
    assert (newest.score, newest.department, newest.reasons) == (1, "land", ("rude",
                                                                             "long-wait"))
    assert newest.rated_at == at(2026, 11, 9, 12)
    assert [line.akimat for line in report.akimats] == ["karasu"]


def test_a_district_sums_its_akimats_and_never_another_district(month: ReportWorld) -> None:
    report = report_of(month, "district.arshaly")
    assert (report.place_kind, report.place) == ("district", "arshaly")
    assert report.appeals.total == 9
    assert report.on_time == OnTime(on_time=4, late=2, overdue=2)
    assert [o.number for o in report.overdue] == ["KARASU-01-2026-00006",
                                                  "ZHIBEK-01-2026-00002"]
    assert (report.tickets.total, report.tickets.department_total("farm"),
            report.tickets.department_total("housing")) == (7, 2, 0)
    assert report.ratings.scores.per_score == (1, 1, 1, 1, 2)
    assert "Ozen is another district" not in [c.comment for c in report.ratings.comments]
    lines = {line.akimat: line for line in report.akimats}
    assert sorted(lines) == ["karasu", "zhibek"]
    assert (lines["zhibek"].appeals, lines["zhibek"].on_time, lines["zhibek"].tickets,
            lines["zhibek"].scores.per_score) == (2, OnTime(1, 0, 1), 2, (0, 0, 1, 0, 0))
    one = report_of(month, "district.arshaly", akimat="zhibek")
    assert (one.place_kind, one.place, one.appeals.total, one.tickets.total) == (
        "akimat", "zhibek", 2, 2)
    region = report_of(month, "region")
    assert (region.place_kind, region.appeals.total, region.on_time.overdue,
            region.ratings.scores.total) == ("region", 10, 3, 7)


def test_open_appeals_count_as_overdue_only_after_their_deadline_day(
        month: ReportWorld) -> None:
    due = month.deadlines["not_due"]  # in progress, due 28 December
    on_the_day = report_of(month, "office.a", today=due)
    assert on_the_day.on_time == OnTime(on_time=3, late=2, overdue=1)
    day_after = report_of(month, "office.a", today=due + dt.timedelta(days=1))
    assert day_after.on_time == OnTime(on_time=3, late=2, overdue=2)
    assert [o.days_overdue for o in day_after.overdue] == [28, 1]
    # answered later that day: on time
    month.set_status("not_due", "answered", at(due.year, due.month, due.day, 18), "office.a")
    assert report_of(month, "office.a", today=due + dt.timedelta(days=1)).on_time == \
        OnTime(on_time=4, late=2, overdue=1)


def test_the_verdict_uses_the_akimats_date_of_the_status_change() -> None:
    zone = zoneinfo.ZoneInfo("Asia/Almaty")
    today = dt.date(2026, 12, 10)
    assert judge("answered", "2026-11-24", "2026-11-24T18:59:00+00:00", today, zone) == \
        "on_time"  # 23:59 in Almaty
    assert judge("answered", "2026-11-24", "2026-11-24T19:30:00+00:00", today, zone) == \
        "late"  # 00:30 on the 25th in Almaty, still the 24th in UTC
    assert judge("forwarded", "2026-11-24", "2026-11-20T05:00:00+00:00", today, zone) == \
        "on_time"
    assert judge("registered", "2026-12-10", None, today, zone) == ""  # due today
    assert judge("in_progress", "2026-12-09", None, today, zone) == "overdue"
    assert judge("answered", "", "2026-11-20T05:00:00+00:00", today, zone) == ""


def test_months_are_read_strictly() -> None:
    today = dt.date(2026, 12, 10)
    assert parse_month("", today) == Month(2026, 12)
    assert parse_month(" 2026-02 ", today).end == dt.date(2026, 2, 28)
    assert Month(2026, 1).shift(-1) == Month(2025, 12)
    for bad in ("2026-13", "2026-1", "26-11", "2026-11-01", "1999-12", "абвг-де"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_month(bad, today)


def test_ratings_per_department_akimat_and_month(month: ReportWorld) -> None:
    db = month.store.db
    scope = month.account("district.arshaly").scope
    view = ratings_view(db, Area(scope), NOVEMBER, ALMATY)
    per_department = {line.key: line.scores.per_score for line in view.by_department}
    assert per_department == {"": (0, 0, 0, 1, 0), "farm": (0, 0, 1, 0, 0),
                              "land": (1, 0, 0, 0, 1), "social": (0, 1, 0, 0, 1)}
    assert {line.key: line.scores.total for line in view.by_akimat} == {"karasu": 5,
                                                                        "zhibek": 1}
    trend = {line.key: line.scores.total for line in view.trend}
    assert len(trend) == 12 and trend["2026-11"] == 6 and trend["2025-12"] == 0
    december = ratings_view(db, Area(scope), Month(2026, 12), ALMATY)
    assert december.scores.per_score == (1, 0, 0, 0, 0)
    assert {line.key: line.scores.total for line in december.trend}["2026-11"] == 6
    land = ratings_view(db, Area(scope), NOVEMBER, ALMATY, department="land")
    assert land.scores.per_score == (1, 0, 0, 0, 1)
    assert [(r.reason, r.count) for r in land.reasons] == [("long-wait", 1), ("polite", 1),
                                                            ("rude", 1)]
    assert [c.comment for c in land.comments] == [HOSTILE]


def test_reports_are_for_the_akims_office_and_above(month: ReportWorld) -> None:
    clerk = month.sign_in("clerk.a")
    for path in ("/staff/reports", "/staff/reports/ratings", "/staff/reports.pdf",
                 "/staff/reports.csv"):
        assert clerk.get(f"{path}?month={MONTH}").status_code == 404, path
    assert "/staff/reports" not in clerk.get("/staff/?lang=en").text

    office = month.sign_in("office.a")
    page = office.get(f"/staff/reports?month={MONTH}&lang=en")
    assert page.status_code == 200
    assert tiles(page.text) == ["7", "50.0%", "1", "5", "3.4"]
    assert "KARASU-01-2026-00006" in page.text and "Әлия Нұрланқызы" in page.text
    assert "ZHIBEK" not in page.text and 'name="akimat"' not in page.text
    other = office.get(f"/staff/reports?month={MONTH}&akimat=zhibek&lang=en")
    assert tiles(other.text) == tiles(page.text) and "ZHIBEK" not in other.text

    district = month.sign_in("district.arshaly")
    summed = district.get(f"/staff/reports?month={MONTH}&lang=en")
    assert tiles(summed.text) == ["9", "50.0%", "2", "7", "3.3"]
    assert "ZHIBEK-01-2026-00002" in summed.text and "OZEN" not in summed.text
    zhibek = district.get(f"/staff/reports?month={MONTH}&akimat=zhibek&lang=en")
    assert tiles(zhibek.text) == ["2", "50.0%", "1", "2", "3.0"]
    for path in ("/staff/reports", "/staff/reports/ratings", "/staff/reports.pdf",
                 "/staff/reports.csv"):
        assert district.get(f"{path}?month={MONTH}&akimat=ozen").status_code == 404, path
    region = month.sign_in("region")
    assert tiles(region.get(f"/staff/reports?month={MONTH}&lang=en").text)[:3] == \
        ["10", "44.4%", "3"]
    views = [row for row in month.audit_rows() if row[1] == "view-report"]
    assert [row[0] for row in views] == ["office.a", "office.a", "district.arshaly",
                                         "district.arshaly", "region"]


def test_the_page_defaults_to_this_month_and_refuses_a_broken_one(month: ReportWorld) -> None:
    office = month.sign_in("office.a")
    december = office.get("/staff/reports?lang=en")
    assert december.status_code == 200
    assert "December 2026" in december.text
    assert tiles(december.text) == ["0", "—", "0", "1", "1.0"]
    assert 'value="2026-12"' in december.text
    broken = office.get("/staff/reports?month=2026-13&lang=en")
    assert broken.status_code == 400 and "YYYY-MM" in broken.text
    style = office.get("/staff/static/reports.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")


def test_a_hostile_comment_is_shown_as_text(month: ReportWorld) -> None:
    office = month.sign_in("office.a")
    page = office.get(f"/staff/reports/ratings?month={MONTH}&lang=en")
    assert page.status_code == 200
    assert "<script" not in page.text and "<b>bold</b>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp;" \
        in page.text
    assert "script-src" not in page.headers["content-security-policy"]
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert KIND_WORDS in page.text
    land = office.get(f"/staff/reports/ratings?month={MONTH}&department=land&lang=en")
    assert "Кезек өте ұзақ болды" not in land.text and "&lt;script&gt;" in land.text
    assert office.get(f"/staff/reports/ratings?month={MONTH}&department=nope").status_code \
        == 404


def test_every_bar_shows_its_value(month: ReportWorld) -> None:
    district = month.sign_in("district.arshaly")
    page = district.get(f"/staff/reports?month={MONTH}&lang=en").text
    rows = re.findall(r'<span class="rlabel">([^<]*)</span>\s*<svg class="rbar"[^>]*>'
                      r'<rect [^>]*width="([0-9.]+)%"[^>]*/></svg>\s*'
                      r'<span class="rvalue">([^<]*)</span>', page)
    found = {label: (float(width), value) for label, width, value in rows}
    assert found["Social issues"] == (100.0, "3")
    assert found["Land relations"] == (pytest.approx(66.7), "2")
    assert found["Request for information"] == (0.0, "0")
    assert "<script" not in page and " style=" not in page


def test_the_desks_waiting_and_service_times_are_on_the_page(month: ReportWorld) -> None:
    office = month.sign_in("office.a")
    page = office.get(f"/staff/reports?month={MONTH}&lang=en")
    assert page.status_code == 200
    section = page.text.split("At the desks: waiting and service times", 1)[1]
    section = section.split("</section>", 1)[0]
    cells = re.findall(r'<td data-label="[^"]*" class="num">([^<]+)<', section)
    # social: 2 called, 1 served, 1 did not come, 0 closed; waited 120 and 66 min (mean 93);
    # served in 6 min
    assert cells == ["2", "1", "1", "0", "0", "93.0", "6.0"], cells
    other = office.get("/staff/reports?month=2026-10&lang=en")
    assert "No desk called a ticket in this period." in other.text
