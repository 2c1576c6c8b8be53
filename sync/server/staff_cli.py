"""``kiosk-server staff add|list|disable|reset-password``: console accounts on the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.i18n import N_
from sync.server.accounts import ROLES, Accounts
from sync.server.store import ServerStore

if TYPE_CHECKING:
    from sync.server.cli import Output


def add_staff_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                       db: argparse.ArgumentParser) -> None:
    """Add ``staff`` with its subcommands to the CLI."""
    staff = commands.add_parser("staff", help="console accounts: add, list, disable, "
                                              "reset-password")
    actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[db], help="create an account; prints its "
                                                        "password once")
    add.add_argument("login", metavar="LOGIN", help="2-40 lowercase Latin letters, digits, . _ -")
    add.add_argument("--name", required=True, help="the person's full name")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="clerk: one akimat; office: the akim's office of one akimat "
                          "(reception, reports); district: every akimat of a district, "
                          "kiosks, publishing; region: every district")
    add.add_argument("--akimat", default="", help="the akimat (clerk, office)")
    add.add_argument("--district", default="", help="the district (district)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input instead of generating one")
    actions.add_parser("list", parents=[db], help="every account with its role and scope")
    disable = actions.add_parser("disable", parents=[db],
                                 help="disable an account and end its sessions")
    disable.add_argument("login", metavar="LOGIN")
    reset = actions.add_parser("reset-password", parents=[db],
                               help="set a new password (printed once), unlock and re-enable")
    reset.add_argument("login", metavar="LOGIN")
    reset.add_argument("--password-stdin", action="store_true",
                       help="read the password from standard input")


def run_staff(args: argparse.Namespace, store: ServerStore, output: Output) -> None:
    """Carry out one ``staff`` subcommand."""
    accounts = Accounts(store.db, lambda: dt.datetime.fromisoformat(store.now()))
    say, out = output.say, output.out
    login = getattr(args, "login", "").strip().lower()  # as stored: "Clerk.A" is clerk.a
    given = read_password(output.text(N_("Password")) + ": ") \
        if getattr(args, "password_stdin", False) else None
    if args.staff_command == "add":
        password = accounts.add(args.login, args.name, args.role, akimat=args.akimat,
                                district=args.district, password=given)
        if given is None:
            output.note(N_("Password for {login} (shown only this once; hand it over in "
                           "person, it can be changed in the console):", login=login))
            print(password, file=out)
        else:
            say(N_("Account {login} added.", login=login))
    elif args.staff_command == "list":
        for account in accounts.list():
            scope = account.akimat or account.district or "*"
            state = " (disabled)" if account.disabled else ""
            print(f"{account.login}\t{account.role}\t{scope}\t{account.full_name}{state}",
                  file=out)
    elif args.staff_command == "disable":
        accounts.disable(args.login)
        say(N_("Account {login} is disabled and signed out everywhere.",
               login=login))
    else:
        password = accounts.set_password(args.login, given)
        if given is None:
            output.note(N_("New password for {login} (shown only this once):",
                           login=login))
            print(password, file=out)
        else:
            say(N_("The password of {login} is set.", login=login))


def read_password(prompt: str) -> str:
    """One line of standard input without its line ending (CRLF too); not echoed on a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")
