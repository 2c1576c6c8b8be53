"""receipt_bytes_<profile>: the standard Kazakh queue ticket with its QR, bytes on the wire.

Ours: the ticket rendered by our driver for the profile, plus the protocol
:meth:`printers.printer.Printer.print_job` wraps around it — a status poll (``DLE EOT`` 1 and 4)
before the job, and after it either ``GS r 1``, whose answer carries the paper sensors
(``job_confirmation = "gs_r"``), or two status polls, when the job is on the wire and after
``settle_seconds`` (``"status"``) — :func:`printers.printer.protocol_overhead`.
Baselines, built with python-escpos 3.1 in its own venv in the same run, from the same
laid-out lines (so the same text, wrapping and 6-dot QR modules):

1. its default output — its bytes and how many letters it printed as ``?``;
2. the cheapest *correct* ticket it can make with the profile's capabilities: the QR native
   (``GS ( k``) where the profile has ``native_qr``, else as its cheapest image; lines with
   Kazakh letters as images (it has no encoder for a Kazakh code page); the rest as text in
   one of the profile's Cyrillic code pages. ``ratio`` = ours / baseline 2.

Wire seconds are bytes x 10 / the profile's baud rate (8N1), for ours and baseline 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.escpos_env import escpos_baseline
from benchmarks.harness import Result
from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language, Translator
from kiosk.tickets import Ticket
from printers.layout import Blank, Layout, Line, QrCode, lay_out
from printers.printer import protocol_overhead
from printers.profiles import PrinterProfile, load_profile
from printers.receipts import ReceiptContext, queue_ticket
from printers.render import render

NAME = "receipt_bytes"
#: The profiles measured by default: the safe default (raster), KZ-1048, user-defined chars.
PROFILES = ("safe-default", "epson-tm-t20iii", "generic-58")
BASELINE_CORRECT = "python-escpos 3.1 cheapest correct for the profile"
BASELINE_DEFAULT = "python-escpos 3.1 default output"


def protocol_bytes(profile: PrinterProfile) -> int:
    """Bytes ``Printer.print_job`` sends around a job for ``profile`` (nothing goes wrong)."""
    return protocol_overhead(profile)


def standard_ticket_layout(columns: int) -> Layout:
    """The standard Kazakh queue ticket, laid out for ``columns`` characters per line."""
    catalogue = load_catalogue(assets_dir() / "catalogue")
    translator = Translator.load(assets_dir() / "locale")
    moment = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo(catalogue.akimat.timezone))
    ticket = Ticket("00000000-0000-4000-8000-000000000017", "Ә-017", "social", moment.date(), 17,
                    "KX7MQ4RT9C", moment, 3, Language.KK)
    ctx = ReceiptContext(catalogue, translator, Language.KK, "http://127.0.0.1:8470",
                         "karasu-01")
    return lay_out(queue_ticket(ticket, ctx), columns)


def ticket_bytes(profile: PrinterProfile) -> bytes:
    """The job our driver sends for the standard ticket on ``profile``."""
    return render(standard_ticket_layout(profile.columns_font_a), profile)


def layout_json(layout: Layout, profile: PrinterProfile) -> dict[str, object]:
    """The laid-out ticket and the printer's capabilities, as the baseline script reads them."""
    items: list[dict[str, object]] = []
    for item in layout.items:
        if isinstance(item, Line):
            items.append({"type": "line", "text": item.text, "align": item.align.value,
                          "bold": item.bold, "width": item.width, "height": item.height})
        elif isinstance(item, QrCode):
            items.append({"type": "qr", "data": item.data, "module": item.module,
                          "align": "center"})
        elif isinstance(item, Blank):
            items.append({"type": "blank", "lines": item.lines})
    return {"profile": {"id": profile.id, "paper_width_dots": profile.paper_width_dots,
                        "columns": layout.columns, "code_pages": dict(profile.code_pages),
                        "native_qr": profile.native_qr, "bit_image": profile.bit_image,
                        "cutter": profile.cutter, "feed_before_cut": profile.feed_before_cut},
            "items": items, "cut": layout.cut}


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure the default profiles (``runs`` is unused: byte counts do not vary)."""
    return run_profiles(PROFILES, runs, workdir)


def run_profiles(profiles: Sequence[str], runs: int, workdir: Path) -> list[Result]:
    """Measure ``profiles`` (ids of shipped profiles)."""
    del runs
    results: list[Result] = []
    for profile_id in profiles:
        profile = load_profile(profile_id)
        layout = standard_ticket_layout(profile.columns_font_a)
        ours = len(render(layout, profile)) + protocol_bytes(profile)
        base = escpos_baseline(layout_json(layout, profile), workdir / f"escpos-{profile_id}")
        correct = len(base["cheapest_correct"].data)
        default = base["default"]
        per_second = profile.bytes_per_second
        results += [
            Result.compared(f"{NAME}_{profile_id}", ours, "bytes", BASELINE_CORRECT, correct),
            Result.compared(f"receipt_wire_seconds_{profile_id}", ours / per_second,
                            f"s at {profile.baudrate} baud", BASELINE_CORRECT,
                            correct / per_second),
            Result.compared(f"{NAME}_{profile_id}_vs_escpos_default", ours, "bytes",
                            BASELINE_DEFAULT, len(default.data)),
            Result(f"escpos_default_question_marks_{profile_id}", default.question_marks,
                   "letters printed as ?"),
        ]
        print(f"{profile_id}: baseline = {base['cheapest_correct'].how}")
    return results
