"""The console's Kiosks page and fleet.json: who sees which kiosks, and the alerts in words,
from heartbeats the kiosk's own client sends to the real /api/v1/heartbeat.

The world: karasu-01 and zhibek-01 in the district arshaly, ozen-01 in bulandy; the clock
starts on Wednesday 2 December 2026 at 10:00 in Almaty (the akimat opens 09:00-13:00 and
14:00-18:30 by the shipped catalogue).
"""

from __future__ import annotations

import pytest

from sync.heartbeat import send_heartbeat
from sync.http import ServerClient
from sync.protocol import Heartbeat
from tests.sync.server.console.conftest import World


def beat(world: World, kiosk_id: str, *, printer: str = "ready", paper: str = "ok",
         pending: int = 0, skew: float | None = 0.4, error: str = "",
         version: str = "0.1.0") -> None:
    """Send one heartbeat as the kiosk does (its HTTP client, gzip JSON, its token)."""
    client = ServerClient(world.url, world.tokens[kiosk_id], timeout=20)
    send_heartbeat(client, Heartbeat(kiosk_id, version, printer, paper, 50_000_000_000,
                                     {"pending": pending, "sent": 12, "rejected": 0},
                                     last_error=error, clock_skew_seconds=skew))


def english(world: World, login: str, path: str = "/staff/fleet") -> str:
    """The page in English as ``login`` sees it (200 required)."""
    page = world.sign_in(login).get(path, params={"lang": "en"})
    assert page.status_code == 200, page.text[:500]
    return page.text


def alerts_section(page: str) -> str:
    """The alerts card of the page (before the table of every kiosk)."""
    start = page.index('id="alerts-title"')
    return page[start:page.index("</section>", start)]


def test_a_district_admin_sees_only_the_kiosks_of_their_district(world: World) -> None:
    district = english(world, "district.arshaly")
    assert 'id="kiosk-karasu-01"' in district and 'id="kiosk-zhibek-01"' in district
    assert "ozen-01" not in district
    region = english(world, "region")
    for kiosk_id in ("karasu-01", "zhibek-01", "ozen-01"):
        assert f'id="kiosk-{kiosk_id}"' in region

    data = world.sign_in("district.arshaly").get("/staff/fleet.json").json()
    assert [row["kiosk_id"] for row in data["kiosks"]] == ["karasu-01", "zhibek-01"]
    assert {row["akimat"] for row in data["kiosks"]} == {"karasu", "zhibek"}
    everything = world.sign_in("region").get("/staff/fleet.json").json()
    assert len(everything["kiosks"]) == 3


@pytest.mark.parametrize("login", ["clerk.a", "office.a"])
def test_clerks_and_the_akims_office_do_not_get_the_fleet(world: World, login: str) -> None:
    staff = world.sign_in(login)
    for path in ("/staff/fleet", "/staff/fleet.json"):
        assert staff.get(path).status_code == 404, path
    assert 'href="/staff/fleet"' not in staff.get("/staff/").text


def test_the_fleet_needs_a_signed_in_account(world: World) -> None:
    http = world.client()
    for path in ("/staff/fleet", "/staff/fleet.json"):
        answer = http.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/staff/login")


def test_each_kiosk_shows_its_heartbeat_in_words(world: World) -> None:
    beat(world, "karasu-01", printer="ready", paper="near_end", pending=7, skew=-95.0,
         error="upload: connection reset", version="0.1.0-rc2")
    page = english(world, "district.arshaly")
    row = page[page.index('id="kiosk-karasu-01"'):page.index('id="kiosk-zhibek-01"')]
    assert "0.1.0-rc2" in row
    assert "Ready" in row and "Paper: Nearly finished" in row
    assert ">7<" in row.replace("\n", "").replace(" ", "")
    assert "2 min fast" in row  # the server's clock minus the kiosk's is -95 s
    assert "upload: connection reset" in row
    assert "just now" in row
    assert "2\u00a0December\u00a02026, 10:00" in row  # Almaty time; the date never breaks
    assert "Paper nearly finished — have a new roll ready" in alerts_section(page)


def test_alerts_for_paper_out_silence_and_clock_skew(world: World) -> None:
    beat(world, "karasu-01", printer="paper_out", paper="out")
    beat(world, "zhibek-01", skew=-420.0)  # the kiosk's clock is 7 minutes ahead
    beat(world, "ozen-01", printer="cover_open")
    section = alerts_section(english(world, "district.arshaly"))
    assert "Paper out — put in a new roll" in section
    assert "Clock 7 min fast — check the time synchronisation (NTP)" in section
    assert "Silent" not in section
    assert "ozen-01" not in section and "cover" not in section.lower()
    region = alerts_section(english(world, "region"))
    assert "Printer: Cover open — check the cover, the power and the cable" in region

    # 10:00 -> 14:10 on a Wednesday: 3 h 10 min of opening hours (closed 13:00-14:00).
    world.clock.advance(hours=4, minutes=10)
    beat(world, "zhibek-01", skew=-420.0)  # zhibek-01 keeps in touch
    page = english(world, "district.arshaly")
    section = alerts_section(page)
    silent = "Silent for 3 h 10 min of opening hours — check the power and the network"
    assert section.count(silent) == 1
    karasu = section[section.index("karasu-01"):]
    assert silent in karasu[:karasu.index("</tr>")]
    assert section.index(silent) < section.index("Clock 7 min fast")  # critical first
    row = page[page.index('id="kiosk-karasu-01"'):page.index('id="kiosk-zhibek-01"')]
    assert "4 h 10 min ago" in row and 'class="late"' in row


def test_no_alert_for_a_healthy_district(world: World) -> None:
    for kiosk_id in ("karasu-01", "zhibek-01"):
        beat(world, kiosk_id)
    beat(world, "ozen-01", paper="out")
    page = english(world, "district.arshaly")
    assert "No alerts" in alerts_section(page)
    assert "No alerts" not in alerts_section(english(world, "region"))


def test_fleet_json_carries_the_alerts_of_the_scope(world: World) -> None:
    beat(world, "karasu-01", pending=120)
    beat(world, "zhibek-01", printer="not_responding")
    beat(world, "ozen-01", paper="out")
    data = world.sign_in("district.arshaly").get("/staff/fleet.json").json()
    found = {(alert["kiosk_id"], alert["kind"]) for alert in data["alerts"]}
    assert found == {("karasu-01", "backlog"), ("zhibek-01", "printer_error")}
    backlog = next(a for a in data["alerts"] if a["kind"] == "backlog")
    assert backlog["backlog"] == 120
    assert backlog["message"] == "120 records waiting to be sent — check the network"
    karasu = next(row for row in data["kiosks"] if row["kiosk_id"] == "karasu-01")
    assert karasu["outbox"]["pending"] == 120 and karasu["alerts"] == ["backlog"]
    assert karasu["records"] == 2  # the two appeals the world sent from karasu-01
    region = world.sign_in("region").get("/staff/fleet.json").json()
    assert ("ozen-01", "paper_out") in {(a["kiosk_id"], a["kind"]) for a in region["alerts"]}

