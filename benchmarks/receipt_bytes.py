"""receipt_bytes_<profile>: the standard Kazakh queue ticket with its QR, bytes on the wire.

Ours: the ticket rendered by our driver for the profile, plus the protocol around it
(status request before and after: 2 x 4 ``DLE EOT``, and the ``GS r 1`` end-of-job marker).
Baselines, built with python-escpos 3.1 in its own venv in the same run, from the same
laid-out lines (so the same text, wrapping and 6-dot QR modules):

1. its default output — its bytes and how many letters it printed as ``?``;
2. the cheapest *correct* ticket it can make — lines with Kazakh letters as images, the
   QR as an image (its default), the rest as text. ``ratio`` = ours / baseline 2.

Wire time is bytes / 960 (9600 baud, 8N1).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.escpos_env import escpos_baseline
from benchmarks.harness import Result
from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language, Translator
from kiosk.tickets import Ticket
from printers.layout import Blank, Layout, Line, QrCode, lay_out
from printers.profiles import available_profiles, load_profile
from printers.receipts import ReceiptContext, queue_ticket
from printers.render import render

NAME = "receipt_bytes"
PROTOCOL_BYTES = 2 * 4 * 3 + 3  # status before and after, end-of-job marker
BYTES_PER_SECOND_9600 = 960
BASELINE_CORRECT = "python-escpos 3.1 cheapest correct (Kazakh lines + QR as images)"
BASELINE_DEFAULT = "python-escpos 3.1 default output"


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


def layout_json(layout: Layout, paper_width: int, profile_id: str) -> dict[str, object]:
    """The laid-out ticket in the form the python-escpos baseline script reads."""
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
    return {"profile": {"id": profile_id, "paper_width_dots": paper_width,
                        "columns": layout.columns}, "items": items, "cut": layout.cut}


def run(runs: int, workdir: Path) -> list[Result]:
    """Measure every shipped profile (``runs`` is unused: byte counts do not vary)."""
    del runs
    results: list[Result] = []
    for profile_id in available_profiles():
        profile = load_profile(profile_id)
        layout = standard_ticket_layout(profile.columns_font_a)
        ours = len(render(layout, profile)) + PROTOCOL_BYTES
        base = escpos_baseline(layout_json(layout, profile.paper_width_dots, profile_id),
                               workdir / f"escpos-{profile_id}")
        correct = len(base["cheapest_correct"].data)
        default = base["default"]
        results += [
            Result.compared(f"{NAME}_{profile_id}", ours, "bytes", BASELINE_CORRECT, correct),
            Result.compared(f"receipt_seconds_9600_{profile_id}", ours / BYTES_PER_SECOND_9600,
                            "s at 9600 baud", BASELINE_CORRECT, correct / BYTES_PER_SECOND_9600),
            Result.compared(f"{NAME}_{profile_id}_vs_escpos_default", ours, "bytes",
                            BASELINE_DEFAULT, len(default.data)),
            Result(f"escpos_default_question_marks_{profile_id}", default.question_marks,
                   "letters printed as ?"),
        ]
    return results
