"""``kiosk printer status|test|emulate`` — the printer package is imported only when used."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from kiosk.cli.output import Console
from kiosk.clock import system_clock
from kiosk.config import Config
from kiosk.i18n import N_, Message

EXIT_OK = 0
EXIT_FAILURE = 1


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk printer ...``."""
    printer = commands.add_parser("printer", help="receipt printer: status, test page, emulator")
    actions = printer.add_subparsers(dest="printer_command", metavar="ACTION", required=True)
    actions.add_parser("status", help="ask the configured printer for its state")
    actions.add_parser("test", help="print the test page (every Kazakh letter, sizes, a QR)")
    setup = actions.add_parser(
        "setup", help="print a numbered calibration page and write the cheapest profile that "
                      "printed right (the kiosk uses it when printer.profile = \"auto\")")
    setup.add_argument("--numbers", help="the numbers that printed right, e.g. \"9, 12-13\" "
                                         "(else asked after the page prints)")
    setup.add_argument("--page-only", action="store_true",
                       help="print the calibration page and stop")
    emulate = actions.add_parser("emulate", help="start a printer emulator on a pty and wait")
    emulate.add_argument("--profile", help="printer profile to emulate (default: the config's)")
    emulate.add_argument("--out", type=Path, help="folder for the receipts it prints")
    emulate.add_argument("--model", choices=("matching", "weakest"), default="matching",
                         help="the hardware: one that keeps the profile's promises, or the "
                              "weakest cheap 58 mm printer (no ESC &, ESC *, native QR, GS r)")
    emulate.add_argument("--baud", type=int, default=0,
                         help="pace the line like a serial line at this baud rate")


def run(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Dispatch a ``kiosk printer`` action."""
    from printers.profiles import ProfileError
    from printers.setup import SetupError
    from printers.transport import PrinterConnectionError, describe_failure

    _warn_damaged_profile(config, console)
    try:
        if args.printer_command == "emulate":
            return _emulate(args, config, console)
        if args.printer_command == "status":
            return _status(config, console)
        if args.printer_command == "setup":
            return _setup(args, config, console)
        return _test(config, console)
    except (ProfileError, PrinterConnectionError) as exc:
        console.error(describe_failure(exc))  # the words the kiosk screen shows too
        return EXIT_FAILURE
    except SetupError as exc:
        console.error(N_("Printer setup: {problem}", problem=console.text(exc.message)))
        return EXIT_FAILURE


def _emulator_dir(config: Config) -> Path:
    return config.paths.receipts / "emulator"


def _warn_damaged_profile(config: Config, console: Console) -> None:
    """Say so when the configured profile cannot be used and its fallback prints instead."""
    from printers.profiles import ProfileError, load_profile

    if not config.printer.profile_fallback:
        return
    try:
        load_profile(config.printer.profile)
    except ProfileError as exc:
        console.error(N_("The printer profile {path} cannot be used ({error}); printing with "
                         "{fallback} instead. Run the printer setup again.",
                         path=config.printer.profile, error=str(exc),
                         fallback=config.printer.profile_fallback))


def _status(config: Config, console: Console) -> int:
    from printers.connect import open_printer

    with open_printer(config.printer, _emulator_dir(config)) as printer:
        state = printer.status()
        console.say(N_("Printer {profile} on {port}: {state}", profile=printer.profile.name,
                       port=printer.line.url, state=state.message))
    return EXIT_OK if state.can_print else EXIT_FAILURE


def _test(config: Config, console: Console) -> int:
    from kiosk.catalogue import load_catalogue
    from kiosk.i18n import Translator
    from printers.connect import open_printer
    from printers.receipts import ReceiptContext, printer_test_page
    from printers.render import render_document
    from printers.transport import describe_state

    catalogue = load_catalogue(config.paths.catalogue_dir)
    ctx = ReceiptContext(catalogue, Translator.load(config.paths.locale_dir), console.lang,
                         config.server.public_url, config.kiosk.id)
    with open_printer(config.printer, _emulator_dir(config)) as printer:
        page = printer_test_page(printer.profile, ctx, system_clock())
        result = printer.print_job(render_document(page, printer.profile))
        failure = printer.line.failure
    if result.printed:
        seconds = f"{result.seconds:.1f}"
        console.say(N_("Test page printed ({count} bytes in {seconds} s).",
                       count=result.bytes_sent, seconds=seconds))
        if config.printer.url == "emulator":
            console.say(N_("The emulator saved it in {folder}.", folder=_emulator_dir(config)))
        return EXIT_OK
    console.error(N_("The test page was not printed: {problem}",
                     problem=describe_state(result.state, failure)))
    return EXIT_FAILURE


def _emulate(args: argparse.Namespace, config: Config, console: Console) -> int:
    from printers.emulator.device import PrinterEmulator
    from printers.emulator.model import WEAKEST
    from printers.profiles import load_profile

    profile = load_profile(args.profile or config.printer.profile)
    out = args.out or _emulator_dir(config)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    model = WEAKEST if args.model == "weakest" else None
    with PrinterEmulator(profile, out, model=model, baudrate=args.baud) as emulator:
        console.say(N_("Emulating {profile} on {port}", profile=profile.name, port=emulator.port))
        console.say(N_("Receipts are saved in {folder}. To set a fault, write its name "
                       "(paper_near_end, paper_out, cover_open, offline, error, silent) into "
                       "{folder}/faults. Stop with Ctrl+C.", folder=out))
        console.out.flush()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            stop.set()
    return EXIT_OK


def _setup(args: argparse.Namespace, config: Config, console: Console) -> int:
    """The setup wizard on the command line (the maintenance page runs the same steps)."""
    from kiosk.maintenance.audit import audit_action
    from kiosk.storage import open_database
    from printers.connect import open_printer
    from printers.setup import (
        KAZAKH_LINE,
        RUSSIAN_LINE,
        candidates,
        parse_numbers,
    )
    from printers.setup_steps import (
        KIND_WORDS,
        audit_details,
        describe_probe,
        describe_saved,
        print_calibration,
        restore_previous,
        save_and_check,
    )

    right = parse_numbers(args.numbers) if args.numbers is not None else None  # before paper
    with open_printer(config.printer, _emulator_dir(config)) as printer:
        found = print_calibration(printer, config.server.public_url)
        for words in describe_probe(found):
            console.say(words)
        console.say(N_("The calibration page is printing. Each numbered line is one way of "
                       "printing; mark the numbers whose line reads exactly right."))
        for candidate in candidates():
            kind = console.text(KIND_WORDS[candidate.kind])
            console.out.write(f"  {candidate.number:>2}. {kind}: {candidate.label}\n")
        if args.page_only:
            return EXIT_OK
        interactive = args.numbers is None
        answer = _ask(console, N_("Numbers that printed right (e.g. 7, 8, 15): ")) \
            if interactive else args.numbers
        if not answer.strip():
            console.error(N_("Cancelled: nothing was changed."))
            return EXIT_FAILURE
        saved, _ = save_and_check(printer, right or parse_numbers(answer), found,
                                  config.paths.wizard_profile)
        console.say(N_("Two check lines (Kazakh, Russian) were printed with the new profile."))
        console.say(N_("They should read:"))
        console.out.write(f"  {KAZAKH_LINE}\n  {RUSSIAN_LINE}\n")
        if interactive and _ask(console, N_("Do they read exactly right? [y/N] ")).strip() \
                .lower() not in ("y", "yes", "д", "да", "и", "иә"):
            restore_previous(saved)
            console.error(N_("Nothing was changed. Run the setup again and mark only the "
                             "lines that read exactly right."))
            return EXIT_FAILURE
    db = open_database(config.paths.database)
    audit_action(db, "printer.setup", audit_details(answer, saved.profile, found),
                 system_clock())
    for words in describe_saved(saved, config.printer.profile):
        console.say(words)
    return EXIT_OK


def _ask(console: Console, question: Message) -> str:
    console.out.write(console.text(question))
    console.out.flush()
    try:
        return input()
    except EOFError:
        return ""
