"""``kiosk desk add|list|disable|enable|reset-password`` and ``kiosk display``."""

from __future__ import annotations

import argparse

from kiosk.cli.output import Console
from kiosk.config import Config
from kiosk.errors import ConfigError
from kiosk.i18n import N_, plain_text

EXIT_OK = 0
EXIT_FAILURE = 1


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk desk`` and ``kiosk display``."""
    desk = commands.add_parser("desk", help="desks that call tickets from the akimat's LAN")
    actions = desk.add_subparsers(dest="desk_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="make a desk login; prints its password once")
    add.add_argument("login", help="e.g. social-1")
    add.add_argument("--department", required=True, help="a department id of the catalogue")
    add.add_argument("--room", default="", help="room shown and spoken (default: the "
                                                  "department's room)")
    add.add_argument("--specialist", required=True, help="who sits at the desk")
    actions.add_parser("list", help="every desk with its department, room and state")
    for name, text in (("disable", "switch a desk off (signs it out)"),
                       ("enable", "switch a desk on again"),
                       ("reset-password", "a new password; signs the desk out")):
        actions.add_parser(name, help=text).add_argument("login")
    display = commands.add_parser("display", help="the fullscreen call board for the hall")
    display.add_argument("--url", default="", help="the kiosk's desk server (default: this "
                                                   "kiosk's [desks] listen address)")
    display.add_argument("--windowed", action="store_true", help="a normal window")
    display.add_argument("--screen", type=int, default=-1,
                         help="which monitor (0, 1, …; default: the last one)")
    display.add_argument("--exit-after", type=float, default=0.0, help=argparse.SUPPRESS)


def run_desk(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Run one ``kiosk desk`` action."""
    from kiosk.catalogue import CatalogueStore
    from kiosk.clock import system_clock
    from kiosk.queue import desks
    from kiosk.storage import open_database

    db = open_database(config.paths.database)
    try:
        if args.desk_command == "list":
            rows = desks.list_desks(db)
            if not rows:
                console.say(N_("No desks yet. Make one with: kiosk desk add LOGIN "
                               "--department ID --specialist NAME"))
            console.table([(d.login, f"{d.department}, room {d.room}, {d.specialist} "
                                     f"[{d.state}]") for d in rows])
            return EXIT_OK
        if args.desk_command == "add":
            catalogue = CatalogueStore(config.paths.active_catalogue).current
            password = desks.add_desk(db, catalogue, args.login, department=args.department,
                                      room=args.room, specialist=args.specialist,
                                      now=system_clock())
        elif args.desk_command == "reset-password":
            password = desks.reset_desk_password(db, args.login)
        else:
            desks.set_desk_state(db, args.login,
                                 "disabled" if args.desk_command == "disable" else "open")
            console.say(N_("Desk {login}: done.", login=args.login))
            return EXIT_OK
    except ValueError as exc:
        console.error(plain_text(str(exc)))
        return EXIT_FAILURE
    finally:
        db.close()
    console.say(N_("Desk {login}: password {password} — give it to the specialist; it is not "
                   "shown again.", login=args.login.strip().lower(), password=password))
    if config.desks.address is None:
        console.say(N_("Desks are off on this kiosk: set [desks] listen = \"0.0.0.0:8480\" in "
                       "the config and restart it."))
    return EXIT_OK


def board_url(given: str) -> str:
    """The kiosk's base URL from what a technician typed: ``192.168.1.20:8480``,
    ``http://192.168.1.20:8480/desk`` (the address the maintenance page shows) …"""
    url = given.strip()
    if not url:
        return ""
    if "://" not in url:
        url = f"http://{url}"
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if scheme.lower() not in ("http", "https") or not host:
        raise ConfigError(N_("--url {url} is not the kiosk's address: give it as "
                             "http://192.168.1.20:8480 (the address the kiosk's maintenance "
                             "page shows).", url=given))
    return f"{scheme.lower()}://{host}"


def run_display(args: argparse.Namespace, config: Config) -> int:
    """Start the call board (Qt, imported only here)."""
    from ui.display.main import main as display_main

    url = board_url(args.url)
    if not url:
        address = config.desks.address
        host = "127.0.0.1" if address is None or address[0] in ("0.0.0.0", "::") else address[0]
        url = f"http://{host}:{address[1] if address else 8480}"
    return display_main(url, config, windowed=args.windowed, screen=args.screen,
                        exit_after=args.exit_after)
