"""The ``kiosk`` command: init, run, catalogue checks and statistics."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.assets import assets_dir
from kiosk.atomic_files import make_private
from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.catalogue.loader import confusable_prefixes
from kiosk.cli import desk_cmds, printer_cmds, sync_cmds
from kiosk.cli.logs import configure_logging
from kiosk.cli.output import Console
from kiosk.clock import local_time, system_clock
from kiosk.config import Config, load_config
from kiosk.errors import ConfigError, KioskError
from kiosk.hours import ticket_refusal
from kiosk.i18n import N_, DateTimeText, Language, Translator
from kiosk.stats import outbox_summary, table_counts
from kiosk.storage import open_database

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


#: ``kiosk stats`` rows as the technician reads them (tables, then outbox states).
STATS_LABELS = {
    "tickets": N_("queue tickets"), "appeals": N_("appeals"),
    "bookings": N_("reception bookings"), "ratings": N_("service ratings"),
    "audit_events": N_("audit log entries"), "queue_events": N_("queue events"),
    "outbox pending": N_("outbox: waiting to be sent"), "outbox sent": N_("outbox: sent"),
    "outbox rejected": N_("outbox: refused by the server"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Self-service kiosk for village akimats: queue tickets, appeals, "
                    "reception booking and the services guide, in Kazakh, Russian and English.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", type=Path, help="TOML config file (default: $KIOSK_CONFIG, "
                                                    "else built-in defaults)")
    parser.add_argument("--lang", choices=[lang.value for lang in Language],
                        help="language of this command's output (default: the kiosk's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands.add_parser("init", help="create the state folder and database, check the catalogue")
    run = commands.add_parser("run", help="start the kiosk: touch UI, printer (emulator by "
                                          "default), regional server on loopback, sync")
    run.add_argument("--windowed", action="store_true", help="a normal window (development)")
    run.add_argument("--exit-after", type=float, default=0.0,
                     help="quit this many seconds after start (demos, tests)")
    catalog = commands.add_parser("catalog", help="catalogue tools")
    catalog_cmds = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    check = catalog_cmds.add_parser("check", help="validate a catalogue folder")
    check.add_argument("path", type=Path, help="folder with the catalogue .toml files")
    commands.add_parser("stats", help="records per table and outbox rows per state")
    printer_cmds.add_parser(commands)
    sync_cmds.add_parsers(commands)
    desk_cmds.add_parsers(commands)
    commands.add_parser("doctor", help="check config, database, disk, printer, server, clock, "
                                       "fonts and translations; exit 1 on any FAIL")
    server = commands.add_parser("server", help="the regional server (same as kiosk-server)",
                                 add_help=False)
    server.add_argument("server_args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script; returns the exit code."""
    server_args = _server_args(list(sys.argv[1:] if argv is None else argv))
    if server_args is not None:  # everything after "server" is kiosk-server's, --help included
        from sync.server.cli import main as server_main

        return server_main(server_args)
    args = build_parser().parse_args(argv)
    configure_logging(logging.INFO if args.verbose else logging.WARNING, sys.stderr)
    console = Console(_translator(assets_dir() / "locale"), Language(args.lang or "kk"))
    try:
        config = load_config(args.config, environ=state_environ(os.environ, checkout_state_dir()))
        if args.lang is None:
            console.lang = config.kiosk.language
        if config.paths.locale_dir != assets_dir() / "locale":
            console.translator = Translator.load(config.paths.locale_dir)
        return _dispatch(args, config, console)
    except ConfigError as exc:
        console.error(exc.message)
        return EXIT_USAGE
    except KioskError as exc:
        console.error(exc.message)
        return EXIT_FAILURE
    except FileNotFoundError as exc:
        console.error(N_("File not found: {path}", path=exc.filename or exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


#: The source checkout this module would be in (``kiosk/cli/main.py`` two folders down).
CHECKOUT = Path(__file__).resolve().parents[2]


def checkout_state_dir(root: Path = CHECKOUT) -> Path | None:
    """``<checkout>/.kiosk-state`` when this kiosk runs from a source checkout (the folder
    ``./scripts/run`` uses) that has it or may create it, else None: an installed package,
    or a deployed checkout the user cannot write (``/opt/akimat-kiosk`` run as ``kiosk``,
    whose state is the unit's ``StateDirectory``)."""
    folder = root / ".kiosk-state"
    if not (root / "scripts" / "run").is_file():
        return None
    return folder if folder.is_dir() or os.access(root, os.W_OK) else None


def state_environ(environ: Mapping[str, str], checkout: Path | None) -> Mapping[str, str]:
    """The environment the config is read with: in a source checkout the default state folder
    is the one ``./scripts/run`` uses (``<checkout>/.kiosk-state``), so ``kiosk stats``,
    ``doctor`` and ``printer`` see the demo's database. ``KIOSK_STATE_DIR``, the config's
    ``paths.state_dir`` and systemd's ``$STATE_DIRECTORY`` still come first."""
    if checkout is None or environ.get("STATE_DIRECTORY"):
        return environ
    return {**environ, "STATE_DIRECTORY": str(checkout)}  # only default_state_dir reads it


def _server_args(argv: list[str]) -> list[str] | None:
    """The arguments after ``server`` when that is the command, else None.

    argparse cannot hand a subcommand arguments that start with "-" (``--help``), so the
    regional server's command is split off before parsing; ``--lang`` carries over.
    """
    lang: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in ("--config", "--lang"):
            if arg == "--lang" and index + 1 < len(argv):
                lang = ["--lang", argv[index + 1]]
            index += 2
        elif arg in ("-h", "--help", "--version"):
            return None  # the kiosk command's own help or version
        elif arg.startswith("-"):
            if arg.startswith("--lang="):
                lang = ["--lang", arg.split("=", 1)[1]]
            index += 1
        else:
            return [*lang, *argv[index + 1:]] if arg == "server" else None
    return None


def _translator(locale_dir: Path) -> Translator | None:
    try:
        return Translator.load(locale_dir)
    except (OSError, ValueError) as exc:
        logger.warning("translations unavailable (%s); printing English", exc)
        return None


def _doctor(config: Config, console: Console) -> int:
    from kiosk.cli.doctor import doctor

    return doctor(config, lambda text: print(text, file=console.out), console.lang)


def _dispatch(args: argparse.Namespace, config: Config, console: Console) -> int:
    if args.command != "catalog":  # every other command reads or writes the state folder
        make_private(config.paths.state_dir, config.log_file)  # 0700/0600 outside systemd too
    commands = {
        "catalog": lambda: _catalog_check(args.path, console),
        "stats": lambda: _stats(config, console),
        "printer": lambda: printer_cmds.run(args, config, console),
        "sync": lambda: sync_cmds.run_sync(args, config, console),
        "doctor": lambda: _doctor(config, console),
        "desk": lambda: desk_cmds.run_desk(args, config, console),
        "display": lambda: desk_cmds.run_display(args, config),
    }
    if args.command in commands:
        return commands[args.command]()
    if args.command == "run":  # a damaged file is set aside before anything writes into it
        from ui.runtime import check_database_at_start

        check_database_at_start(config)
    code = _init(config, console)
    if args.command == "run":
        from ui.runtime import main as run_kiosk

        run_args = ["--windowed"] if args.windowed else []
        if args.exit_after:
            run_args += ["--exit-after", str(args.exit_after)]
        return run_kiosk(run_args, config)
    return code


def _init(config: Config, console: Console) -> int:
    db = open_database(config.paths.database)
    config.paths.receipts.mkdir(parents=True, exist_ok=True)
    catalogue = load_catalogue(config.paths.active_catalogue)
    console.say(N_("Database ready: {path}", path=config.paths.database))
    _summary(catalogue, console)
    counts = table_counts(db)
    console.say(N_("Records so far: {tickets} tickets, {appeals} appeals, {bookings} "
                   "bookings, {ratings} ratings.", **counts))
    db.close()
    return EXIT_OK


def _summary(catalogue: Catalogue, console: Console) -> None:
    console.say(N_("{akimat} — catalogue {version}", akimat=catalogue.akimat.name,
                   version=catalogue.version))
    console.table([
        (console.text(N_("departments")), str(len(catalogue.departments))),
        (console.text(N_("service categories")), str(len(catalogue.categories))),
        (console.text(N_("services")), str(len(catalogue.services))),
        (console.text(N_("appeal types")), str(len(catalogue.appeal_types))),
        (console.text(N_("reception sessions a week")), str(len(catalogue.reception.sessions))),
        (console.text(N_("holidays")), str(len(catalogue.holidays.days_off))),
    ])
    now = local_time(system_clock(), catalogue.akimat.timezone)
    refusal = ticket_refusal(catalogue, now)
    if refusal is None:
        console.say(N_("Now ({time}): tickets are being issued.", time=DateTimeText(now)))
    else:
        console.say(N_("Now ({time}): {why}", time=DateTimeText(now), why=refusal.message))


def _catalog_check(path: Path, console: Console) -> int:
    if not path.is_dir():
        console.error(N_("{path} is not a folder with catalogue files.", path=path))
        return EXIT_FAILURE
    catalogue = load_catalogue(path)
    problems = confusable_prefixes(catalogue.departments)
    for problem in problems:  # it loads, but publishing and installing refuse it
        console.error(N_("This catalogue cannot be published or installed: {problem}",
                         problem=problem))
    if problems:
        return EXIT_FAILURE
    console.say(N_("Catalogue OK."))
    _summary(catalogue, console)
    return EXIT_OK


def _stats(config: Config, console: Console) -> int:
    db = open_database(config.paths.database)
    rows = [(console.text(STATS_LABELS.get(name, N_("{text}", text=name))), str(count))
            for name, count in table_counts(db).items()]
    rows += [(console.text(STATS_LABELS.get(f"outbox {state.value}",
                                            N_("{text}", text=f"outbox {state.value}"))),
              str(count)) for state, count in outbox_summary(db).items()]
    console.say(N_("Database: {path}", path=config.paths.database))
    console.table(rows)
    db.close()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
