"""The setup wizard's steps, shared by ``kiosk printer setup`` and the maintenance page.

Print the calibration page (refused when the printer cannot print), save the profile from
the numbers with the old file kept for undo, print the check lines with it, put the old one
back on a "no" — and the words both show for each step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import N_, Message
from printers.layout import Layout, Line
from printers.printer import PRINT_MARGIN, JobResult, Printer
from printers.profiles import JobConfirmation, PrinterProfile
from printers.render import render
from printers.setup import (
    KAZAKH_LINE,
    RUSSIAN_LINE,
    Probe,
    SetupError,
    calibration_page,
    choose_profile,
    probe,
    save_profile,
)
from printers.text_encoding import strategy_for


def sample_layout(profile: PrinterProfile) -> Layout:
    """One Kazakh and one Russian line: what a chosen profile is checked with."""
    return Layout((Line(KAZAKH_LINE), Line(RUSSIAN_LINE)), profile.columns_font_a, cut=False)


def check_bytes(profile: PrinterProfile) -> bytes:
    """The sample lines encoded by the chosen profile (printed after saving)."""
    return render(sample_layout(profile), profile)


def calibration_url(public_url: str) -> str:
    """What the calibration page's QR codes carry (upper case: the QR's compact mode)."""
    return public_url.upper().rstrip("/") + "/"


def print_calibration(printer: Printer, public_url: str) -> Probe:
    """Step 1: ask the printer about itself, then send the numbered calibration page."""
    found = probe(printer)
    before = printer.status()
    if not before.can_print:
        raise SetupError(N_("The printer cannot print now: {state} Fix it, then print the "
                            "page again.", state=before.message))
    page = calibration_page(calibration_url(public_url))
    printer.line.write(page)
    # On a slow line the page is still arriving: wait until the printer has it all (its
    # status answer queues behind the page), so the next step's questions are heard.
    after = printer.status(timeout=printer.wire_seconds(len(page)) + PRINT_MARGIN)
    if not after.can_print:
        raise SetupError(N_("The calibration page did not print: {state} Fix it, then print "
                            "the page again.", state=after.message))
    return found


def describe_probe(found: Probe) -> list[Message]:
    """What the printer said about itself, in plain words."""
    if found.identity:  # "EPSON TM-T20III (1.05)": names and numbers need no translation
        name = " ".join(found.identity[k] for k in ("maker", "model") if k in found.identity)
        firmware = found.identity.get("firmware", "")
        said = N_("The printer says it is: {identity}", identity=f"{name} ({firmware})"
                  if name and firmware else name or firmware)
    else:
        said = N_("The printer does not say what model it is (GS I): that is usual for cheap "
                  "printers.")
    return [said, N_("Answers the end-of-job question (GS r 1): {answer}; clears a held job "
                     "(DLE DC4 8): {clears}.", answer=_yes_no(found.answers_job_marker),
                     clears=_yes_no(found.clears_buffer))]


@dataclass(frozen=True)
class SavedProfile:
    """The profile the wizard wrote, and the file's text before it (None: there was none)."""

    profile: PrinterProfile
    path: Path
    previous: str | None


def save_choice(base: PrinterProfile, right: Iterable[int], found: Probe,
                path: Path) -> SavedProfile:
    """Step 2: the profile from the numbers, written to ``path`` (the old file kept for undo).

    :raises SetupError: as :func:`choose_profile`; nothing is written then.
    """
    chosen = choose_profile(base, right, found, profile_id="wizard")
    try:
        previous = path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        previous = None  # a damaged file is not worth putting back
    return SavedProfile(save_profile(chosen, path), path, previous)


def restore_previous(saved: SavedProfile) -> None:
    """The check lines misprinted: the file as it was before (or no file, if there was none)."""
    from kiosk.atomic_files import write_text_atomic

    if saved.previous is None:
        saved.path.unlink(missing_ok=True)
    else:
        write_text_atomic(saved.path, saved.previous)


def audit_details(numbers: str, saved: PrinterProfile, found: Probe) -> dict[str, object]:
    """What the audit row ``printer.setup`` records."""
    return {"numbers": numbers, "profile": saved.source, "identity": found.identity,
            "text": saved.text_page}


def describe_saved(saved: SavedProfile, configured_profile: str) -> list[Message]:
    """What the saved profile does, and when the kiosk starts using it."""
    profile = saved.profile
    words = [N_("Wrote {path}: Kazakh letters {strategy}; QR codes {qr}; paper cut: {cutter}; "
                "a job counts as printed when {confirmation}.", path=saved.path,
                strategy=STRATEGY_WORDS[strategy_for(profile).value],
                qr=N_("by the printer's own QR command") if profile.native_qr
                else N_("as images"), cutter=_yes_no(profile.cutter),
                confirmation=N_("the printer answers the end-of-job question")
                if profile.job_confirmation is JobConfirmation.GS_R
                else N_("the printer still reports ready after the job"))]
    if configured_profile != str(saved.path):
        words.append(N_("The kiosk uses it from its next start when printer.profile is "
                        "\"auto\" (the default)."))
    return words


#: How Kazakh letters get on paper, in words (by :func:`strategy_for`'s value).
STRATEGY_WORDS = {
    "codepage": N_("from the printer's Kazakh code page"),
    "user_defined": N_("as characters loaded into the printer"),
    "bit_image": N_("as small images in the text line"),
    "raster": N_("as image lines"),
}
#: What each kind of calibration line is, in words.
KIND_WORDS = {"kazakh_page": N_("Kazakh line"), "user_defined": N_("Kazakh line"),
              "bit_image": N_("Kazakh line"), "raster": N_("Kazakh line"),
              "cyrillic_page": N_("Russian line"), "native_qr": N_("QR code"),
              "raster_qr": N_("QR code"), "cutter": N_("Paper cut")}


def _yes_no(value: bool) -> Message:
    return N_("yes") if value else N_("no")


def save_and_check(printer: Printer, right: Iterable[int], found: Probe,
                   path: Path) -> tuple[SavedProfile, JobResult]:
    """Step 2: save the profile, then print the check lines with it.

    If the check lines cannot be sent (the line broke), the old file is put back before the
    error goes on: a profile nobody saw print is never left behind.
    """
    saved = save_choice(printer.profile, right, found, path)
    try:
        check = printer.print_job(check_bytes(saved.profile))
    except BaseException:
        restore_previous(saved)
        raise
    if not check.printed:
        restore_previous(saved)
        raise SetupError(N_("The check lines did not print: {state} Nothing was changed; fix "
                            "the printer and try again.", state=check.state.message))
    return saved, check
