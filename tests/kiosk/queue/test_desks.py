"""Desk accounts: sign-in, wrong passwords, lockout, disabling, sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from kiosk.catalogue import Catalogue
from kiosk.queue.desks import (
    LOCKOUT,
    MAX_FAILURES,
    add_desk,
    list_desks,
    reset_desk_password,
    session_desk,
    set_desk_state,
    sign_in,
    sign_out,
)
from kiosk.queue.errors import DeskSignInRefused
from tests.conftest import OPEN_MORNING
from tests.kiosk.queue.conftest import PASSWORD


def test_only_a_hash_of_the_password_is_stored(desks: Database) -> None:
    stored = [row[0] for row in desks.execute("SELECT password_hash FROM desks")]
    assert all(h.startswith("scrypt$") and PASSWORD not in h for h in stored)


def test_a_desk_signs_in_and_its_session_finds_it(desks: Database) -> None:
    session = sign_in(desks, "Social-1 ", PASSWORD, OPEN_MORNING)
    assert session.desk.login == "social-1" and session.desk.room == "103"
    found = session_desk(desks, session.token, OPEN_MORNING)
    assert found is not None and found.csrf == session.csrf
    sign_out(desks, session.token)
    assert session_desk(desks, session.token, OPEN_MORNING) is None


def test_wrong_login_and_wrong_password_read_the_same(desks: Database) -> None:
    with pytest.raises(DeskSignInRefused) as unknown:
        sign_in(desks, "nobody", PASSWORD, OPEN_MORNING)
    with pytest.raises(DeskSignInRefused) as wrong:
        sign_in(desks, "social-1", "not-the-password", OPEN_MORNING)
    assert str(unknown.value) == str(wrong.value) == "Wrong login or password."


def test_too_many_wrong_passwords_lock_the_desk_for_a_while(desks: Database) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(DeskSignInRefused):
            sign_in(desks, "social-1", "wrong-password", OPEN_MORNING)
    with pytest.raises(DeskSignInRefused, match="locked"):
        sign_in(desks, "social-1", PASSWORD, OPEN_MORNING)
    after = OPEN_MORNING + LOCKOUT + dt.timedelta(seconds=1)
    assert sign_in(desks, "social-1", PASSWORD, after).desk.login == "social-1"


def test_a_clock_set_back_does_not_lock_a_desk_for_years(desks: Database) -> None:
    future = OPEN_MORNING + dt.timedelta(days=5 * 365)
    for _ in range(MAX_FAILURES + 1):  # the last one locks the desk "until 2031"
        with pytest.raises(DeskSignInRefused):
            sign_in(desks, "social-1", "wrong-password", future)
    # the clock is corrected: the lock set "in 2031" must not hold until 2031
    assert sign_in(desks, "social-1", PASSWORD, OPEN_MORNING).desk.login == "social-1"


def test_disabling_a_desk_ends_its_sessions(desks: Database) -> None:
    session = sign_in(desks, "social-1", PASSWORD, OPEN_MORNING)
    set_desk_state(desks, "social-1", "disabled")
    assert session_desk(desks, session.token, OPEN_MORNING) is None
    with pytest.raises(DeskSignInRefused, match="switched off"):
        sign_in(desks, "social-1", PASSWORD, OPEN_MORNING)


def test_a_password_reset_ends_sessions_and_the_old_password(desks: Database) -> None:
    session = sign_in(desks, "social-1", PASSWORD, OPEN_MORNING)
    new = reset_desk_password(desks, "social-1")
    assert session_desk(desks, session.token, OPEN_MORNING) is None
    with pytest.raises(DeskSignInRefused):
        sign_in(desks, "social-1", PASSWORD, OPEN_MORNING)
    assert sign_in(desks, "social-1", new, OPEN_MORNING).desk.login == "social-1"


def test_an_idle_session_expires(desks: Database) -> None:
    session = sign_in(desks, "social-1", PASSWORD, OPEN_MORNING)
    assert session_desk(desks, session.token, OPEN_MORNING + dt.timedelta(hours=11)) is None


@pytest.mark.parametrize(("login", "department", "specialist", "password", "problem"), [
    ("A", "social", "S", None, "login"),
    ("new", "nowhere", "S", None, "no department"),
    ("new", "social", " ", None, "specialist"),
    ("new", "social", "S", "short", "at least"),
    ("social-1", "social", "S", None, "already exists"),
])
def test_bad_desk_details_are_refused_in_words(desks: Database, catalogue: Catalogue,
                                               login: str, department: str, specialist: str,
                                               password: str | None, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        add_desk(desks, catalogue, login, department=department, room="", specialist=specialist,
                 now=OPEN_MORNING, password=password)


def test_a_desk_without_a_room_takes_its_department_s(desks: Database,
                                                      catalogue: Catalogue) -> None:
    add_desk(desks, catalogue, "farm-1", department="farm", room=" ", specialist="S",
             now=OPEN_MORNING)
    farm = next(d for d in list_desks(desks) if d.login == "farm-1")
    assert farm.room == catalogue.department("farm").room


def test_a_password_typed_with_the_spaces_it_is_shown_with_signs_in(
        desks: Database, catalogue: Catalogue) -> None:
    password = add_desk(desks, catalogue, "farm-1", department="farm", room="", specialist="S",
                        now=OPEN_MORNING)
    assert password.isdigit() and len(password) == 16  # the CLI's too: nothing to misread
    shown = " ".join(password[i:i + 4] for i in range(0, 16, 4))
    assert sign_in(desks, "farm-1", f" {shown} ", OPEN_MORNING).desk.login == "farm-1"


@pytest.mark.parametrize("room", ["<img src=/dev/zero>", "1\n2", "a" * 21, "-"])
def test_a_room_is_plain_words_and_digits(desks: Database, catalogue: Catalogue,
                                          room: str) -> None:
    with pytest.raises(ValueError, match="room"):
        add_desk(desks, catalogue, "farm-1", department="farm", room=room, specialist="S",
                 now=OPEN_MORNING)
