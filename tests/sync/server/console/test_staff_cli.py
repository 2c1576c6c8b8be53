"""``kiosk-server staff add|list|disable|reset-password``: accounts on the command line,
with clear refusals (exit code 1, or 2 for a usage error) that leave nothing behind."""

from __future__ import annotations

import io
import logging

import pytest

from kiosk.passwords import SCRYPT_N
from sync.server.accounts import Accounts, LoginRefused
from sync.server.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from sync.server.store import ServerStore
from tests.sync.server.console.conftest import Clock

GOOD = "Steppe-Wind-Over-Karasu"


class Cli:
    """Runs ``kiosk-server --lang en staff …`` against one database."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:
        self.url = url
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        """(exit code, stdout, stderr)."""
        self.capsys.readouterr()
        if stdin is not None:
            self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--lang", "en", "staff", argv[0], "--db", self.url, *argv[1:]])
        out, err = self.capsys.readouterr()
        return code, out, err

    def accounts(self) -> list[tuple[object, ...]]:
        """Every stored account row."""
        with ServerStore.open(self.url) as store:
            return [tuple(row) for row in store.db.query(
                "SELECT login, role, akimat, district, disabled_at IS NULL, password_hash "
                "FROM staff_accounts ORDER BY login")]

    def sign_in(self, login: str, password: str) -> str:
        """The role of the account when the password is right; raises LoginRefused if not."""
        with ServerStore.open(self.url) as store:
            return Accounts(store.db, Clock()).authenticate(login, password).role


@pytest.fixture
def cli(database_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI over a fresh database (SQLite, then PostgreSQL)."""
    return Cli(database_url, capsys, monkeypatch)


def test_add_prints_a_generated_password_once(cli: Cli, caplog: pytest.LogCaptureFixture
                                               ) -> None:
    caplog.set_level(logging.DEBUG)
    code, out, err = cli("add", "aigerim.s", "--name", "Айгерім  Сейітова", "--role", "clerk",
                         "--akimat", "karasu")
    assert code == EXIT_OK
    password = out.strip()
    assert out == password + "\n" and len(password) == 16  # stdout: the password alone
    assert "aigerim.s" in err and "only this once" in err
    assert password not in caplog.text
    assert cli.sign_in("aigerim.s", password) == "clerk"
    login, role, akimat, district, enabled, stored = cli.accounts()[0]
    assert (login, role, akimat, district, enabled) == ("aigerim.s", "clerk", "karasu", "", 1)
    assert password not in str(stored) and str(stored).startswith(f"scrypt${SCRYPT_N}$")


def test_add_with_the_password_on_stdin(cli: Cli, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code, out, err = cli("add", "Office.Karasu", "--name", "Akim's office", "--role", "office",
                         "--akimat", "karasu", "--password-stdin", stdin=GOOD + "\n")
    assert (code, out, err) == (EXIT_OK, "Account office.karasu added.\n", "")
    assert GOOD not in caplog.text
    assert cli.sign_in("office.karasu", GOOD) == "office"


def test_a_password_piped_with_a_windows_line_ending_is_the_password(cli: Cli) -> None:
    assert cli("add", "clerk.a", "--name", "A", "--role", "clerk", "--akimat", "karasu",
               "--password-stdin", stdin=GOOD + "\r\n")[0] == EXIT_OK
    assert cli.sign_in("clerk.a", GOOD) == "clerk"


def test_list_shows_role_scope_and_disabled(cli: Cli) -> None:
    for argv in (("b.clerk", "--role", "clerk", "--akimat", "zhibek"),
                 ("a.district", "--role", "district", "--district", "arshaly"),
                 ("c.region", "--role", "region")):
        assert cli("add", argv[0], "--name", f"Name {argv[0]}", *argv[1:])[0] == EXIT_OK
    assert cli("disable", "b.clerk")[0] == EXIT_OK
    code, out, _ = cli("list")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "a.district\tdistrict\tarshaly\tName a.district",
        "b.clerk\tclerk\tzhibek\tName b.clerk (disabled)",
        "c.region\tregion\t*\tName c.region",
    ]


def test_disable_refuses_sign_in_and_reset_password_restores_it(cli: Cli) -> None:
    cli("add", "clerk.a", "--name", "A", "--role", "clerk", "--akimat", "karasu",
        "--password-stdin", stdin=GOOD)
    code, out, _ = cli("disable", "Clerk.A")  # logins are case-insensitive
    assert (code, out) == (EXIT_OK, "Account clerk.a is disabled and signed out everywhere.\n")
    with pytest.raises(LoginRefused):
        cli.sign_in("clerk.a", GOOD)
    assert cli("disable", "clerk.a")[0] == EXIT_OK  # again: still disabled, no error
    code, out, err = cli("reset-password", "clerk.a")
    assert code == EXIT_OK and "only this once" in err
    new = out.strip()
    assert len(new) == 16 and new != GOOD
    with pytest.raises(LoginRefused):
        cli.sign_in("clerk.a", GOOD)
    assert cli.sign_in("clerk.a", new) == "clerk"


def test_reset_password_lifts_a_lock(cli: Cli) -> None:
    cli("add", "clerk.a", "--name", "A", "--role", "clerk", "--akimat", "karasu",
        "--password-stdin", stdin=GOOD)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            cli.sign_in("clerk.a", "wrong-password")
    with pytest.raises(LoginRefused, match="too many"):
        cli.sign_in("clerk.a", GOOD)
    assert cli("reset-password", "clerk.a", "--password-stdin",
               stdin=GOOD + "-2\n")[:2] == (EXIT_OK, "The password of clerk.a is set.\n")
    assert cli.sign_in("clerk.a", GOOD + "-2") == "clerk"


@pytest.mark.parametrize(("password", "words"), [
    ("short-1", "at least 10 characters"),
    ("", "at least 10 characters"),
    ("abababababababab", "must not repeat one or two characters"),
    ("x1" * 101, "at most 200 characters"),
])
def test_a_weak_password_is_refused(cli: Cli, password: str, words: str) -> None:
    code, out, err = cli("add", "clerk.a", "--name", "A", "--role", "clerk", "--akimat",
                         "karasu", "--password-stdin", stdin=password + "\n")
    assert (code, out) == (EXIT_FAILURE, "")
    assert err.startswith("kiosk-server: ") and words in err
    if password:
        assert password not in err
    assert cli.accounts() == []
    cli("add", "clerk.a", "--name", "A", "--role", "clerk", "--akimat", "karasu",
        "--password-stdin", stdin=GOOD)
    code, _, err = cli("reset-password", "clerk.a", "--password-stdin", stdin=password)
    assert code == EXIT_FAILURE and words in err
    assert cli.sign_in("clerk.a", GOOD) == "clerk"


@pytest.mark.parametrize("login", ["a", "x" * 41, "clerk a", "клерк", "../etc", "", " ",
                                   "clerk@karasu", "clerk\na"])
def test_a_bad_login_is_refused(cli: Cli, login: str) -> None:
    code, out, err = cli("add", login, "--name", "A", "--role", "clerk", "--akimat", "karasu",
                         "--password-stdin", stdin=GOOD)
    assert (code, out) == (EXIT_FAILURE, "")
    assert "a login is 2-40 lowercase Latin letters, digits, '.', '_' or '-'" in err
    assert cli.accounts() == []


@pytest.mark.parametrize(("argv", "words"), [
    (("--role", "clerk"), "a clerk account needs --akimat"),
    (("--role", "office", "--akimat", "  "), "an office account needs --akimat"),
    (("--role", "district"), "a district account needs --district"),
])
def test_a_role_without_its_scope_is_refused(cli: Cli, argv: tuple[str, ...],
                                             words: str) -> None:
    code, _, err = cli("add", "clerk.a", "--name", "A", *argv, "--password-stdin", stdin=GOOD)
    assert code == EXIT_FAILURE and words in err
    assert cli.accounts() == []


def test_usage_errors_and_unknown_accounts(cli: Cli) -> None:
    code, _, err = cli("add", "clerk.a", "--name", "A", "--role", "akim")
    assert code == EXIT_USAGE and "invalid choice: 'akim'" in err
    assert cli("add", "clerk.a", "--role", "clerk")[0] == EXIT_USAGE  # no --name
    for action in ("disable", "reset-password"):
        code, out, err = cli(action, "nobody")
        assert (code, out) == (EXIT_FAILURE, "")
        assert "no staff account nobody" in err
    cli("add", "clerk.a", "--name", "A", "--role", "clerk", "--akimat", "karasu",
        "--password-stdin", stdin=GOOD)
    code, _, err = cli("add", "clerk.a", "--name", "B", "--role", "clerk", "--akimat", "x",
                       "--password-stdin", stdin=GOOD + "x")
    assert code == EXIT_FAILURE and "the login clerk.a is taken" in err
    assert len(cli.accounts()) == 1 and cli.sign_in("clerk.a", GOOD) == "clerk"
