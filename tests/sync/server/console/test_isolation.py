"""Roles and isolation: a clerk of one akimat never sees nor changes another akimat's appeals.

Every way in is tried with clerk A against akimat B's appeals: the appeal's URL, its JSON
export, a status posted to it, the inbox (list, search, filters and their choices) and the
overview's counts. A district admin sees both akimats of the district, not another district;
the sections of the office and the district are refused to a clerk (404).
"""

from __future__ import annotations

import re

import pytest

from sync.server.accounts import ROLES, Scope
from sync.server.console.ui_words import NAV
from tests.sync.server.console.conftest import APPEALS, Staff, World, session_cookie
from tests.sync.server.live import ticket

A_APPEALS = [name for name in APPEALS if name.startswith("a_")]
B_APPEALS = [name for name in APPEALS if name.startswith("b_")]
C_APPEALS = [name for name in APPEALS if name.startswith("c_")]
SECTIONS = ("reception", "reports", "fleet", "publish")
_COUNT = re.compile(r'<span class="count">(\d+)</span>')


def marks(world: World, names: list[str]) -> list[str]:
    """What would betray these appeals on a page: number, applicant, tracking code, id link."""
    found = []
    for name in names:
        _, number, person, _, _ = APPEALS[name]
        found += [number, person, world.codes[name], f"/staff/appeals/{world.ids[name]}\""]
    return found


def leaks(page: str, world: World, names: list[str]) -> list[str]:
    """The marks of ``names`` present in ``page``."""
    return [mark for mark in marks(world, names) if mark in page]


def found_count(page: str) -> int:
    """The inbox's "Appeals found: N" (English pages)."""
    match = re.search(r"Appeals found: (\d+)", page)
    assert match, "no count on the inbox page"
    return int(match.group(1))


def overview_counts(staff: Staff) -> tuple[int, ...]:
    """(overdue, due soon, new) from the overview's tiles."""
    page = staff.get("/staff/?lang=en")
    assert page.status_code == 200
    return tuple(int(n) for n in _COUNT.findall(page.text))


@pytest.mark.parametrize("suffix", ["", "/json"])
def test_clerk_gets_404_for_another_akimats_appeal_and_its_export(world: World,
                                                                  suffix: str) -> None:
    clerk_a = world.sign_in("clerk.a")
    for name in A_APPEALS:
        own = clerk_a.get(f"/staff/appeals/{world.ids[name]}{suffix}")
        assert own.status_code == 200, name
    for name in B_APPEALS + C_APPEALS:
        answer = clerk_a.get(f"/staff/appeals/{world.ids[name]}{suffix}?lang=en")
        assert answer.status_code == 404, name
        assert leaks(answer.text, world, [name]) == []
        assert APPEALS[name][2] not in answer.text and "880512450017" not in answer.text
        assert "belongs to another akimat" in answer.text or suffix == "/json"


def test_the_export_of_an_own_appeal_carries_its_data(world: World) -> None:
    """The counterpart of the 404 above: the same URL shape works for one's own appeal."""
    answer = world.sign_in("clerk.a").get(f"/staff/appeals/{world.ids['a_new']}/json")
    assert answer.status_code == 200
    data = answer.json()
    assert (data["id"], data["akimat"], data["number"]) == (
        world.ids["a_new"], "karasu", "KARASU-01-2026-00002")
    assert data["payload"]["full_name"] == APPEALS["a_new"][2]


def test_clerk_cannot_change_another_akimats_appeal(world: World) -> None:
    clerk_a = world.sign_in("clerk.a")
    token = clerk_a.csrf()
    target = world.ids["b_overdue"]
    before = world.record(target)
    for status in ("in_progress", "answered", "rejected"):
        answer = clerk_a.post(f"/staff/appeals/{target}/status",
                              {"status": status, "reply": "Жауап", "reason": "x",
                               "confirm": "yes"},
                              token=token)
        assert answer.status_code == 404, status
    assert world.record(target) == before == ("registered", "", None)
    assert world.store.db.query("SELECT count(*) FROM status_history")[0][0] == 0
    # The same form on the clerk's own appeal goes through: the 404 was the scope, not the form.
    own = clerk_a.post(f"/staff/appeals/{world.ids['a_new']}/status",
                       {"status": "in_progress", "reply": "", "reason": ""}, token=token)
    assert own.status_code == 303
    assert world.record(world.ids["a_new"])[0] == "in_progress"
    assert world.record(target) == before


def test_ids_that_are_not_appeals_or_not_numbers_are_404(world: World) -> None:
    """A queue ticket of the clerk's own akimat is not an appeal; nor is a number out of range."""
    clerk_a = world.sign_in("clerk.a")
    queued = ticket()
    assert world.live.send(world.tokens["karasu-01"], "karasu-01", [queued]).status_code == 201
    ticket_id = world.record_id(queued.uuid)
    for raw in (str(ticket_id), "0", "999999", "-1", "1e3", "1%20OR%201=1", "9" * 19):
        assert clerk_a.get(f"/staff/appeals/{raw}").status_code == 404, raw


def test_the_inbox_never_lists_another_akimats_appeals(world: World) -> None:
    clerk_a = world.sign_in("clerk.a")
    page = clerk_a.get("/staff/appeals?lang=en")
    assert page.status_code == 200
    assert found_count(page.text) == len(A_APPEALS)
    assert leaks(page.text, world, B_APPEALS + C_APPEALS) == []
    assert len(leaks(page.text, world, A_APPEALS)) == 3 * len(A_APPEALS)  # codes not listed
    # Every filter and sort, including one naming the other akimat or its kiosk outright.
    for query in ("akimat=zhibek", "kiosk=zhibek-01", "akimat=ozen", "due=overdue",
                  "due=soon", "status=registered", "sort=deadline", "sort=old",
                  "received_from=2026-11-01&received_to=2026-11-30", "category=complaint",
                  "page=2"):
        answer = clerk_a.get(f"/staff/appeals?lang=en&{query}")
        assert answer.status_code == 200, query
        assert leaks(answer.text, world, B_APPEALS + C_APPEALS) == [], query
    assert found_count(clerk_a.get("/staff/appeals?lang=en&akimat=zhibek").text) == 0
    assert found_count(clerk_a.get("/staff/appeals?lang=en&due=overdue").text) == 1


@pytest.mark.parametrize("by", ["number", "code", "name", "name_prefix"])
def test_search_does_not_find_another_akimats_appeal(world: World, by: str) -> None:
    number, person = APPEALS["b_overdue"][1], APPEALS["b_overdue"][2]
    query = {"number": number, "code": world.codes["b_overdue"], "name": person,
             "name_prefix": person.split()[0][:6]}[by]
    clerk_a, clerk_b = world.sign_in("clerk.a"), world.sign_in("clerk.b")
    mine = clerk_b.get("/staff/appeals", params={"query": query, "lang": "en"})
    assert found_count(mine.text) >= 1 and number in mine.text  # the search itself works
    theirs = clerk_a.get("/staff/appeals", params={"query": query, "lang": "en"})
    assert theirs.status_code == 200
    assert found_count(theirs.text) == 0
    # The search box shows what was typed; nothing else of B's appeals may be on the page.
    assert [mark for mark in leaks(theirs.text, world, B_APPEALS + C_APPEALS)
            if mark != query] == []


def test_filter_choices_offer_only_the_clerks_own_akimat(world: World) -> None:
    page = world.sign_in("clerk.a").get("/staff/appeals?lang=en").text
    assert "zhibek" not in page and "ozen" not in page
    district = world.sign_in("district.arshaly").get("/staff/appeals?lang=en").text
    for own in ('value="karasu"', 'value="zhibek"', 'value="karasu-01"',
                'value="zhibek-01"'):
        assert own in district, own
    assert "ozen" not in district


def test_overview_counts_only_the_accounts_scope(world: World) -> None:
    # (overdue, due within 3 working days, new) — see APPEALS in the conftest.
    assert overview_counts(world.sign_in("clerk.a")) == (1, 0, 2)
    assert overview_counts(world.sign_in("office.a")) == (1, 0, 2)
    assert overview_counts(world.sign_in("clerk.b")) == (2, 1, 3)
    assert overview_counts(world.sign_in("district.arshaly")) == (3, 1, 5)
    assert overview_counts(world.sign_in("region")) == (4, 1, 6)


def test_district_admin_sees_both_akimats_of_the_district_only(world: World) -> None:
    admin = world.sign_in("district.arshaly")
    for name in A_APPEALS + B_APPEALS:
        assert admin.get(f"/staff/appeals/{world.ids[name]}").status_code == 200, name
        assert admin.get(f"/staff/appeals/{world.ids[name]}/json").status_code == 200, name
    for name in C_APPEALS:
        assert admin.get(f"/staff/appeals/{world.ids[name]}").status_code == 404, name
        assert admin.get(f"/staff/appeals/{world.ids[name]}/json").status_code == 404, name
        answer = admin.post(f"/staff/appeals/{world.ids[name]}/status",
                            {"status": "in_progress"})
        assert answer.status_code == 404
        assert world.record(world.ids[name])[0] == "registered"
    inbox = admin.get("/staff/appeals?lang=en").text
    assert found_count(inbox) == len(A_APPEALS + B_APPEALS)
    assert leaks(inbox, world, C_APPEALS) == []
    region = world.sign_in("region")
    assert region.get(f"/staff/appeals/{world.ids['c_overdue']}").status_code == 200
    assert found_count(region.get("/staff/appeals?lang=en").text) == len(APPEALS)


def test_office_sees_its_own_akimat_only(world: World) -> None:
    office = world.sign_in("office.a")
    assert office.get(f"/staff/appeals/{world.ids['a_new']}").status_code == 200
    for name in B_APPEALS + C_APPEALS:
        assert office.get(f"/staff/appeals/{world.ids[name]}").status_code == 404, name


EXPECTED_CAPABILITIES = {
    "clerk": set(),
    "office": {"reception", "reports"},
    "district": {"reception", "reports", "fleet", "publish"},
    "region": {"reception", "reports", "fleet", "publish"},
}


@pytest.mark.parametrize("role", ROLES)
def test_scope_may(role: str) -> None:
    scope = Scope(role, "karasu" if role in ("clerk", "office") else "",
                  "arshaly" if role == "district" else "")
    assert {cap for cap in SECTIONS if scope.may(cap)} == EXPECTED_CAPABILITIES[role]
    assert scope.may("appeals")


def test_scope_where_names_the_one_akimat_or_district() -> None:
    assert Scope("clerk", "karasu").where() == ("r.akimat = ?", ("karasu",))
    assert Scope("office", "karasu").where("x") == ("x.akimat = ?", ("karasu",))
    assert Scope("district", district="arshaly").where() == ("r.district = ?", ("arshaly",))
    assert Scope("region").where() == ("1 = 1", ())


@pytest.mark.parametrize(("login", "refused"), [
    ("clerk.a", SECTIONS),
    ("office.a", ("fleet", "publish")),
])
def test_sections_beyond_the_role_are_404_and_not_offered(world: World, login: str,
                                                          refused: tuple[str, ...]) -> None:
    """A section the role may not use is 404 (whether or not its page is built yet) and is
    missing from the navigation; the sections it may use are in the navigation."""
    staff = world.sign_in(login)
    role = login.split(".", maxsplit=1)[0]
    overview = staff.get("/staff/?lang=en").text
    for url, _, capability in NAV:
        if capability == "appeals":
            continue
        shown = f'href="{url}"' in overview
        assert shown == (capability in EXPECTED_CAPABILITIES[role]), (url, shown)
    for section in refused:
        for path in (f"/staff/{section}", f"/staff/{section}/", f"/staff/{section}?lang=en"):
            answer = staff.get(path, follow_redirects=True)  # "/x/" may redirect to "/x"
            assert answer.status_code == 404, (path, answer.status_code)
            assert session_cookie(answer) is None


def test_without_a_session_every_page_sends_to_sign_in(world: World) -> None:
    http = world.client()
    for path in ("/staff/", "/staff/appeals", f"/staff/appeals/{world.ids['a_new']}",
                 f"/staff/appeals/{world.ids['a_new']}/json", "/staff/password"):
        answer = http.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/staff/login?next="), path
    posted = http.post(f"/staff/appeals/{world.ids['a_new']}/status",
                       data={"status": "answered", "csrf": "x"})
    assert posted.status_code == 303
    assert world.record(world.ids["a_new"])[0] == "registered"
    assert world.audit_rows() == []
