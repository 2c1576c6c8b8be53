"""Print the tables of docs/PRINTERS.md from the profile files, so the page stays true.

``.venv/bin/python -m scripts.printer_table`` — supported models, one row per
``assets/printers/*.toml`` (the fields as the files have them; the Kazakh strategy is
:func:`printers.text_encoding.strategy_for`).

``.venv/bin/python -m scripts.printer_table --costs`` — what each Kazakh strategy costs on
the wire: the Kazakh demo queue ticket rendered by the driver for one profile per strategy,
plus the status polls / ``GS r 1`` that :meth:`printers.printer.Printer.print_job` sends
around it (:func:`printers.printer.protocol_overhead`), and the wire seconds at the
profile's baud rate (8N1: 10 bits a byte) and at 9600 baud.
"""

from __future__ import annotations

import argparse

from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language, Translator
from printers.printer import protocol_overhead
from printers.profiles import (
    BufferClear,
    JobConfirmation,
    PrinterProfile,
    available_profiles,
    load_profile,
)
from printers.receipts import ReceiptContext, queue_ticket
from printers.receipts.samples import KIOSK_ID, PUBLIC_URL, ticket
from printers.render import render_document
from printers.text_encoding import Strategy, strategy_for

#: One shipped profile per Kazakh strategy, cheapest first.
STRATEGY_PROFILES = ((Strategy.CODEPAGE, "codepage (KZ-1048)", "epson-tm-t20iii"),
                     (Strategy.USER_DEFINED, "user-defined characters (ESC &)", "generic-58"),
                     (Strategy.BIT_IMAGE, "bit images (ESC *)", "conservative-58"),
                     (Strategy.RASTER, "raster lines (GS v 0)", "safe-default"))
_CONFIRMATION = {JobConfirmation.GS_R: "GS r 1", JobConfirmation.STATUS: "status"}
_CLEAR = {BufferClear.DLE_DC4: "DLE DC4 8", BufferClear.NONE: "none"}


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _paper(profile: PrinterProfile) -> str:
    roll = "58 mm" if profile.paper_width_dots <= 384 else "80 mm"
    return f"{roll}, {profile.paper_width_dots} dots"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def models_table() -> str:
    """The supported-models table (Markdown), one row per profile file."""
    rows = ["| model | profile id | paper | Kazakh strategy | native QR | cutter | "
            "job confirmation | buffer clear | source |",
            "|---|---|---|---|---|---|---|---|---|"]
    for profile_id in available_profiles():
        p = load_profile(profile_id)
        confirmation = _CONFIRMATION[p.job_confirmation]
        if p.job_confirmation is JobConfirmation.STATUS:
            confirmation += f" + {p.settle_seconds:g} s"
        rows.append(" | ".join((
            f"| {_cell(p.name)}", f"`{p.id}`", _paper(p), strategy_for(p).value,
            _yes(p.native_qr), _yes(p.cutter), confirmation, _CLEAR[p.buffer_clear],
            f"{_cell(p.source)} |")))
    return "\n".join(rows)


def kazakh_ticket(profile: PrinterProfile) -> bytes:
    """The job the driver sends for the Kazakh demo queue ticket on ``profile``."""
    ctx = ReceiptContext(load_catalogue(assets_dir() / "catalogue"),
                         Translator.load(assets_dir() / "locale"), Language.KK, PUBLIC_URL,
                         KIOSK_ID)
    return render_document(queue_ticket(ticket(), ctx), profile)


def costs_table() -> str:
    """Bytes and wire seconds of the Kazakh ticket for each strategy (Markdown)."""
    rows = ["| Kazakh strategy | profile | job bytes | + confirmation | on the wire | baud | "
            "seconds at its baud | seconds at 9600 |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    for strategy, label, profile_id in STRATEGY_PROFILES:
        profile = load_profile(profile_id)
        if strategy_for(profile) is not strategy:
            raise SystemExit(f"{profile_id} no longer prints Kazakh by {strategy.value}")
        job = len(kazakh_ticket(profile))
        overhead = protocol_overhead(profile)
        total = job + overhead
        rows.append(f"| {label} | `{profile_id}` | {job:,} | {overhead} "
                    f"({_CONFIRMATION[profile.job_confirmation]}) | {total:,} | "
                    f"{profile.baudrate} | {total * 10 / profile.baudrate:.2f} | "
                    f"{total * 10 / 9600:.2f} |")
    return "\n".join(rows)


def main() -> None:
    """Print the requested table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--costs", action="store_true",
                        help="the wire cost of the Kazakh ticket per strategy instead")
    args = parser.parse_args()
    print(costs_table() if args.costs else models_table())


if __name__ == "__main__":
    main()
