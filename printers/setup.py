"""The printer setup wizard: find the cheapest strategy this printer really prints right.

1. :func:`probe` asks the printer what it is (``GS I``), whether it answers the job
   marker ``GS r 1`` and the buffer clear ``DLE DC4 8``.
2. :func:`calibration_page` prints one numbered page: the same Kazakh line by each
   candidate strategy (the Kazakh code page slots known on this family, user-defined
   characters, column bit images, raster), the Russian line by each Cyrillic slot, a
   native QR, a raster QR and a cut. Every candidate is safe to send to any printer:
   a command the printer lacks prints junk on its own numbered line, nothing worse.
3. The technician reads which numbers printed right; :func:`choose_profile` writes the
   profile whose every promise was seen on paper (or answered on the line), cheapest
   strategy first. Anything not seen right stays off: never a promise by assumption.

The steps around these, as the command line and the maintenance page run them, are in
:mod:`printers.setup_steps`.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.i18n import N_, Message
from printers import commands
from printers.glyphs import glyph
from printers.printer import Printer
from printers.profiles import (
    CODECS,
    KAZAKH_PAGES,
    BufferClear,
    JobConfirmation,
    PrinterProfile,
    load_profile,
    profile_text,
)
from printers.raster import qr_raster, qr_text, raster_line
from printers.text_encoding import FIRST_USER_CODE, define_glyphs

logger = logging.getLogger(__name__)

KAZAKH_LINE = "Қазақ: ӘәҒғҚқҢңӨөҰұҮүҺһІі"
RUSSIAN_LINE = "Русский: ЁёЖжЩщЫыЭэЮюЯя"
#: ESC t slots where a page has been documented on some ESC/POS family (Epson KZ-1048
#: at 53; PT154 tables of Xprinter / Rongta clones: unverified, hence only a candidate).
KAZAKH_SLOTS: dict[str, tuple[int, ...]] = {"kz1048": (53, 57), "pt154": (46, 51)}
CYRILLIC_SLOTS: dict[str, tuple[int, ...]] = {"cp866": (17, 59, 7), "cp1251": (46, 73, 6)}


class SetupError(ValueError):
    """The technician's answer cannot make a profile (e.g. no Cyrillic line printed).

    ``message`` is the reason in words a technician's screen translates; ``str()`` is the
    English text.
    """

    def __init__(self, message: Message) -> None:
        super().__init__(message.english())
        self.message = message


@dataclass(frozen=True)
class Candidate:
    """One numbered line of the calibration page and what it proves when it prints right."""

    number: int
    label: str
    #: What the profile may promise when this number printed right.
    kind: str  # "kazakh_page", "cyrillic_page", "user_defined", "bit_image", "raster",
    #          "native_qr", "raster_qr", "cutter"
    page: str = ""
    slot: int = 0


@dataclass(frozen=True)
class Probe:
    """What the printer said on the line."""

    identity: dict[str, str]
    answers_job_marker: bool
    clears_buffer: bool


def candidates() -> list[Candidate]:
    """The numbered candidates, cheapest Kazakh strategy first."""
    out: list[Candidate] = []
    for page, slots in KAZAKH_SLOTS.items():
        for slot in slots:
            out.append(Candidate(len(out) + 1, f"{page.upper()} ESC t {slot}", "kazakh_page",
                                 page, slot))
    for kind, label in (("user_defined", "ESC &"), ("bit_image", "ESC *"),
                        ("raster", "GS v 0")):
        out.append(Candidate(len(out) + 1, label, kind))
    for page, slots in CYRILLIC_SLOTS.items():
        for slot in slots:
            out.append(Candidate(len(out) + 1, f"{page.upper()} ESC t {slot}",
                                 "cyrillic_page", page, slot))
    out.append(Candidate(len(out) + 1, "QR GS ( k", "native_qr"))
    out.append(Candidate(len(out) + 1, "QR GS v 0", "raster_qr"))
    out.append(Candidate(len(out) + 1, "GS V", "cutter"))
    return out


def probe(printer: Printer) -> Probe:
    """Ask the printer about itself; silence on any question is a plain "no"."""
    identity = printer.identify()
    printer.line.discard_input()
    printer.line.write(commands.end_of_job_marker())
    answer = printer.line.read_bytes(1, 1.0)
    marker = bool(answer) and answer[0] & 0x90 == 0
    printer.line.write(commands.clear_buffers())
    cleared = printer.line.read_bytes(3, 1.0) == commands.CLEAR_BUFFERS_REPLY
    printer.line.discard_input()
    return Probe(identity, marker, cleared)


def calibration_page(url: str) -> bytes:
    """The numbered calibration page (58 mm wide, fits 80 mm): every candidate in turn.

    Each line starts with its number in ASCII (which every printer prints), so a
    candidate that misprints cannot hide which number it was.
    """
    out = bytearray(commands.initialize())
    # Words in Kazakh and Russian go as raster lines: the one thing every printer prints.
    out += _raster_lines(PAGE_TITLE) + commands.select_code_page(0) + b"Calibration\n"
    out += _raster_lines(REFERENCE) + commands.feed_lines(1)
    for candidate in candidates():
        out += commands.initialize() + commands.select_code_page(0)
        out += f"{candidate.number:>2}. ".encode("ascii")
        out += _candidate_bytes(candidate, url)
        out += commands.feed_lines(1)
    out += commands.initialize()
    out += _raster_lines(INSTRUCTION) + b"Mark the numbers whose line\nreads exactly right.\n"
    out += commands.feed_lines(5)
    return bytes(out)


#: The calibration page's own words (58 mm: at most 32 characters a line).
PAGE_TITLE = ("Калибрлеу беті / Калибровка",)
REFERENCE = ("Дұрыс жол / Правильная строка:", KAZAKH_LINE, RUSSIAN_LINE)
INSTRUCTION = ("Дәл осылай басылған жолдардың", "нөмірлерін белгілеңіз.",
               "Отметьте номера строк,", "напечатанных точно так же.")


def _raster_lines(lines: Iterable[str]) -> bytes:
    return b"".join(raster_line(line) for line in lines)


_KAZAKH_LETTERS_LINE = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"


def _candidate_bytes(candidate: Candidate, url: str) -> bytes:
    letters = _KAZAKH_LETTERS_LINE
    if candidate.kind in ("kazakh_page", "cyrillic_page"):
        line = KAZAKH_LINE if candidate.kind == "kazakh_page" else RUSSIAN_LINE
        return commands.select_code_page(candidate.slot) + \
            line.encode(CODECS[candidate.page]) + b"\n"
    codes = {ch: FIRST_USER_CODE + i for i, ch in enumerate(letters)}
    columns = b"".join(glyph(ch).columns() for ch in letters)
    builders = {
        "user_defined": lambda: define_glyphs(codes) + commands.user_characters(True)
        + bytes(codes.values()) + commands.user_characters(False) + b"\n",
        "bit_image": lambda: commands.bit_image_24(
            [columns[i:i + 3] for i in range(0, len(columns), 3)]) + b"\n",
        "raster": lambda: b"\n" + raster_line(KAZAKH_LINE),
        "native_qr": lambda: b"\n" + commands.native_qr(qr_text(url).encode("ascii"), 4) + b"\n",
        "raster_qr": lambda: b"\n" + qr_raster(qr_text(url), 4) + b"\n",
        "cutter": lambda: b"(cut below)\n" + commands.cut(partial=True, feed=24 * 3),
    }
    if candidate.kind not in builders:
        raise ValueError(f"unknown candidate kind {candidate.kind}")
    return builders[candidate.kind]()


def choose_profile(base: PrinterProfile, right: Iterable[int], found: Probe, *,
                   profile_id: str = "wizard", name: str = "") -> PrinterProfile:
    """The profile from the numbers that printed right and what the printer answered.

    :raises SetupError: when no Cyrillic page printed right (Russian would misprint) or a
        number is not on the page.
    """
    by_number = {c.number: c for c in candidates()}
    chosen = set(right)
    unknown = chosen - set(by_number)
    if unknown:
        raise SetupError(N_("not on the calibration page: {numbers}",
                            numbers=", ".join(map(str, sorted(unknown)))))
    seen = [by_number[n] for n in sorted(chosen)]
    kinds = {c.kind for c in seen}
    pages: dict[str, int] = {"cp437": 0}
    for c in seen:
        if c.kind in ("kazakh_page", "cyrillic_page"):
            pages.setdefault(c.page, c.slot)
    if not any(page in pages for page in (*KAZAKH_PAGES, "cp866", "cp1251")):
        raise SetupError(N_("no Cyrillic line printed right: Russian and Kazakh text would "
                            "misprint; check the printer's code page settings"))
    if not kinds & {"kazakh_page", "user_defined", "bit_image", "raster"}:
        raise SetupError(N_("no Kazakh line printed right (not even the raster one, which "
                            "every ESC/POS printer prints): check the printer is in ESC/POS "
                            "mode"))
    if not kinds & {"native_qr", "raster_qr"}:
        raise SetupError(N_("neither QR code printed: the receipts' QR codes would be "
                            "missing; check the printer is in ESC/POS mode"))
    model = " ".join(v for k, v in sorted(found.identity.items()) if k in ("maker", "model"))
    return replace(
        base, id=profile_id, name=name or model or "Printer set up on site (setup wizard)",
        code_pages=pages, user_defined_chars="user_defined" in kinds,
        bit_image="bit_image" in kinds, native_qr="native_qr" in kinds,
        cutter="cutter" in kinds,
        job_confirmation=JobConfirmation.GS_R if found.answers_job_marker
        else JobConfirmation.STATUS,
        buffer_clear=BufferClear.DLE_DC4 if found.clears_buffer else BufferClear.NONE,
        source="setup wizard: calibration page numbers "
               f"{', '.join(str(c.number) for c in seen) or 'none'}"
               + (f"; GS I: {model}" if model else ""))


def save_profile(profile: PrinterProfile, path: Path) -> PrinterProfile:
    """Write the profile atomically and load it back (the check that it is valid)."""
    from kiosk.atomic_files import write_text_atomic

    text = profile_text(profile)
    tomllib.loads(text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
    except OSError as exc:
        raise SetupError(N_("cannot write {path}: {error}", path=path,
                            error=exc.strerror or str(exc))) from exc
    return load_profile(path)


def parse_numbers(text: str) -> list[int]:
    """"1, 5 9-11" → [1, 5, 9, 10, 11] (what a technician types)."""
    numbers: list[int] = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        low, _, high = part.partition("-")
        if not _is_number(low) or (high and not _is_number(high)):
            raise SetupError(N_("{part} is not a number or a range like 9-11",
                                part=repr(part)))
        first, last = int(low), int(high or low)
        if not (1 <= first <= last <= len(candidates())):
            raise SetupError(N_("{part}: the calibration page has numbers 1 to {last}",
                                part=repr(part), last=len(candidates())))
        numbers.extend(range(first, last + 1))
    return numbers


def _is_number(text: str) -> bool:
    """Plain digits 0-9 (and at most 3 of them): not ², not ٣, not a 10-million range."""
    return 0 < len(text) <= 3 and all("0" <= ch <= "9" for ch in text)
