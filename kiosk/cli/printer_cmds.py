"""``kiosk printer status|test|emulate`` — the printer package is imported only when used."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from kiosk.cli.output import Console
from kiosk.clock import system_clock
from kiosk.config import Config
from kiosk.i18n import N_

EXIT_OK = 0
EXIT_FAILURE = 1


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk printer ...``."""
    printer = commands.add_parser("printer", help="receipt printer: status, test page, emulator")
    actions = printer.add_subparsers(dest="printer_command", metavar="ACTION", required=True)
    actions.add_parser("status", help="ask the configured printer for its state")
    actions.add_parser("test", help="print the test page (every Kazakh letter, sizes, a QR)")
    emulate = actions.add_parser("emulate", help="start a printer emulator on a pty and wait")
    emulate.add_argument("--profile", help="printer profile to emulate (default: the config's)")
    emulate.add_argument("--out", type=Path, help="folder for the receipts it prints")


def run(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Dispatch a ``kiosk printer`` action."""
    from printers.profiles import ProfileError
    from printers.transport import PrinterConnectionError, describe_failure

    try:
        if args.printer_command == "emulate":
            return _emulate(args, config, console)
        if args.printer_command == "status":
            return _status(config, console)
        return _test(config, console)
    except (ProfileError, PrinterConnectionError) as exc:
        console.error(describe_failure(exc))  # the words the kiosk screen shows too
        return EXIT_FAILURE


def _emulator_dir(config: Config) -> Path:
    return config.paths.receipts / "emulator"


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
    from printers.profiles import load_profile

    profile = load_profile(args.profile or config.printer.profile)
    out = args.out or _emulator_dir(config)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with PrinterEmulator(profile, out) as emulator:
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
