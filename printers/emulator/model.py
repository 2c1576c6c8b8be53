"""What the emulated hardware really does, apart from what a profile promises.

A profile is our belief about a printer; a :class:`HardwareModel` is the printer. The
emulator executes bytes by the model, so a profile that promises a command the model
lacks prints what such a printer prints: the command ignored, or its bytes as text
(a glyph download as lines of junk, ``ESC % 1`` ignored so Қ prints as ``%``).
:meth:`HardwareModel.lacks` names every such promise, for tests and the setup wizard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from printers.profiles import BufferClear, JobConfirmation, PrinterProfile


class Unsupported(StrEnum):
    """What the hardware does with a command it does not know."""

    #: Skips the command and its parameters (a well-behaved firmware).
    IGNORE = "ignore"
    #: Skips the two command bytes and prints what follows as text (most cheap firmware).
    TEXT = "text"


@dataclass(frozen=True)
class HardwareModel:
    """The capabilities the emulated printer really has."""

    id: str
    name: str
    #: ``ESC t`` slot → code page name (a key of :data:`printers.profiles.CODECS`).
    code_pages: dict[int, str]
    user_defined_chars: bool
    bit_image: bool
    native_qr: bool
    #: Answers ``GS r 1`` once everything before it is printed.
    job_reply: bool
    cutter: bool
    #: Executes ``DLE DC4 8`` (clear buffers) in real time.
    buffer_clear: bool
    receive_buffer: int
    #: Answers to ``GS I n`` (65 firmware, 66 maker, 67 model); empty: no answer.
    identity: dict[int, str] = field(default_factory=dict)
    unsupported: Unsupported = Unsupported.TEXT

    @classmethod
    def matching(cls, profile: PrinterProfile) -> HardwareModel:
        """A printer that has exactly what ``profile`` promises."""
        return cls(
            id=f"{profile.id}-hardware", name=profile.name,
            code_pages={slot: page for page, slot in profile.code_pages.items()},
            user_defined_chars=profile.user_defined_chars, bit_image=profile.bit_image,
            native_qr=profile.native_qr,
            job_reply=profile.job_confirmation is JobConfirmation.GS_R,
            cutter=profile.cutter, buffer_clear=profile.buffer_clear is BufferClear.DLE_DC4,
            receive_buffer=profile.receive_buffer,
            identity={66: "EMULATED", 67: profile.id, 65: "1.0"})

    def lacks(self, profile: PrinterProfile) -> list[str]:
        """Every promise of ``profile`` this hardware does not keep, in words."""
        missing = []
        for page, slot in profile.code_pages.items():
            if self.code_pages.get(slot) != page:
                missing.append(f"code page {page} at ESC t {slot}")
        checks = (
            (profile.user_defined_chars and not self.user_defined_chars,
             "user-defined characters (ESC &)"),
            (profile.bit_image and not self.bit_image, "column bit images (ESC *)"),
            (profile.native_qr and not self.native_qr, "native QR (GS ( k)"),
            (profile.cutter and not self.cutter, "a cutter (GS V)"),
            (profile.job_confirmation is JobConfirmation.GS_R and not self.job_reply,
             "an answer to GS r 1"),
            (profile.buffer_clear is BufferClear.DLE_DC4 and not self.buffer_clear,
             "clearing its buffer (DLE DC4 8)"),
            (profile.receive_buffer > self.receive_buffer,
             f"a receive buffer of {profile.receive_buffer} bytes (has {self.receive_buffer})"),
        )
        missing.extend(words for lacking, words in checks if lacking)
        return missing

    def lacks_for_text(self, profile: PrinterProfile) -> list[str]:
        """The promises whose absence changes what is printed (pages, images, QR)."""
        text_page = profile.text_page
        missing = []
        if self.code_pages.get(profile.code_pages[text_page]) != text_page:
            missing.append(f"code page {text_page} at ESC t {profile.code_pages[text_page]}")
        if profile.user_defined_chars and not self.user_defined_chars:
            missing.append("user-defined characters (ESC &)")
        elif profile.bit_image and not profile.user_defined_chars and not self.bit_image:
            missing.append("column bit images (ESC *)")
        if profile.native_qr and not self.native_qr:
            missing.append("native QR (GS ( k)")
        return missing


#: The weakest ESC/POS printer akimats buy, as public capability data describes the
#: POS-5890 / ZJ-5870 / NT-5890K class (escpos-printer-db POS-5890.yml): CP437 and
#: CP866 only, no ESC & / ESC * / GS ( k, no cutter, no answer to GS r 1 or GS I, no
#: DLE DC4 clear, a small buffer; unknown commands print their bytes as text.
WEAKEST = HardwareModel(
    id="weakest", name="POS-5890 class, as public data describes it",
    code_pages={0: "cp437", 17: "cp866"}, user_defined_chars=False, bit_image=False,
    native_qr=False, job_reply=False, cutter=False, buffer_clear=False, receive_buffer=256,
    identity={}, unsupported=Unsupported.TEXT)
