"""The maintenance test page: every Kazakh letter, Russian, English, sizes and a QR."""

from __future__ import annotations

import datetime as dt

from kiosk.i18n import N_
from printers.document import Align, Document, Qr, Rule, Text
from printers.profiles import PrinterProfile
from printers.receipts.context import ReceiptContext
from printers.text_encoding import strategy_for

KAZAKH_UPPER = "Ә Ғ Қ Ң Ө Ұ Ү Һ І"
KAZAKH_LOWER = "ә ғ қ ң ө ұ ү һ і"
KAZAKH_SAMPLE = "Әкім қабылдауы: өтініш, шағым, ұсыныс, пікір. Ғылым, Үміт, Һ."
RUSSIAN_UPPER = "АБВГДЕЁЖЗИЙКЛМНОП РСТУФХЦЧШЩЪЫЬЭЮЯ"
RUSSIAN_LOWER = "абвгдеёжзийклмноп рстуфхцчшщъыьэюя"
ENGLISH = "ABCDEFGHIJKLM NOPQRSTUVWXYZ abcdefghijklm nopqrstuvwxyz"
DIGITS = "0123456789 № % + - = / ( ) « » — …"


def printer_test_page(profile: PrinterProfile, ctx: ReceiptContext,
                      now: dt.datetime) -> Document:
    """A page a technician reads to check every letter the kiosk prints."""
    return Document((
        Text(ctx.t(N_("Printer test page")), Align.CENTER, bold=True, width=2, height=2),
        Text(profile.name, Align.CENTER),
        Text(ctx.t(N_("Kazakh letters: {strategy}", strategy=strategy_for(profile).value)),
             Align.CENTER),
        Text(ctx.when(now), Align.CENTER),
        Rule(),
        Text(KAZAKH_UPPER),
        Text(KAZAKH_LOWER),
        Text(KAZAKH_SAMPLE),
        Text(RUSSIAN_UPPER),
        Text(RUSSIAN_LOWER),
        Text(ENGLISH),
        Text(DIGITS),
        Rule(),
        Text("Әә Ғғ Ққ Ңң", bold=True),
        Text("Өө Ұұ Үү", width=2, height=2),
        Text("Һһ Іі", width=3, height=3),
        Qr(f"{ctx.public_url.rstrip('/')}/", 6, caption=ctx.t(N_("Regional server"))),
    ), title="test page")
