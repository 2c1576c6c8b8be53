"""Split an ESC/POS byte stream into whole commands, as a printer's receive stage does.

The tokenizer is incremental: feed it whatever arrived, get back the complete tokens,
and it keeps a partial command until the rest comes. Knowing each command's length is
what lets the emulator answer real-time status requests at once without mistaking image
data for commands.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS, DLE, LF, CR, HT = 0x1B, 0x1D, 0x10, 0x0A, 0x0D, 0x09

#: ESC commands with a fixed number of parameter bytes.
_ESC_FIXED = {0x40: 0, 0x74: 1, 0x45: 1, 0x2D: 1, 0x21: 1, 0x4D: 1, 0x61: 1, 0x64: 1,
              0x25: 1, 0x4A: 1, 0x32: 0, 0x33: 1, 0x47: 1, 0x70: 3, 0x52: 1, 0x56: 1, 0x7B: 1,
              0x20: 1, 0x24: 2, 0x3F: 1, 0x63: 2, 0x4B: 0}
#: GS commands with a fixed number of parameter bytes.
_GS_FIXED = {0x21: 1, 0x72: 1, 0x61: 1, 0x42: 1, 0x4C: 2, 0x57: 2, 0x48: 1, 0x68: 1, 0x77: 1,
             0x66: 1, 0x50: 2, 0x49: 1, 0x62: 1}


@dataclass(frozen=True)
class Token:
    """One command (``name`` like ``"ESC t"``), a run of text bytes, or a control byte."""

    name: str
    params: bytes = b""
    data: bytes = b""

    @property
    def realtime(self) -> bool:
        """Real-time commands are answered at once, even while printing is stopped."""
        return self.name in ("DLE EOT", "DLE ENQ", "DLE DC4")


class Incomplete(Exception):
    """The buffer ends inside a command."""


class Tokenizer:
    """Incremental ESC/POS tokenizer."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.unknown: list[bytes] = []

    def feed(self, data: bytes) -> list[Token]:
        """Add received bytes; return every token now complete."""
        self._buffer += data
        tokens: list[Token] = []
        while self._buffer:
            try:
                token, size = _next(bytes(self._buffer))
            except Incomplete:
                break
            if token.name.startswith("unknown"):
                self.unknown.append(bytes(self._buffer[:size]))
            del self._buffer[:size]
            tokens.append(token)
        return tokens

    @property
    def pending(self) -> int:
        """Bytes held back as the start of an incomplete command."""
        return len(self._buffer)


def _need(buf: bytes, size: int) -> None:
    if len(buf) < size:
        raise Incomplete


def _next(buf: bytes) -> tuple[Token, int]:
    first = buf[0]
    prefixed = {ESC: _esc, GS: _gs, DLE: _dle}
    if first in prefixed:
        return prefixed[first](buf)
    if first < 0x20:
        names = {LF: "LF", HT: "HT"}
        return Token(names.get(first, "control"), buf[0:1] if first not in names else b""), 1
    end = 1
    while end < len(buf) and buf[end] >= 0x20:
        end += 1
    return Token("text", data=buf[:end]), end


def _dle(buf: bytes) -> tuple[Token, int]:
    _need(buf, 2)
    if buf[1] in (0x04, 0x05):
        _need(buf, 3)
        return Token("DLE EOT" if buf[1] == 0x04 else "DLE ENQ", buf[2:3]), 3
    if buf[1] == 0x14:  # DLE DC4 fn ...: fn 7 has 1 byte more, fn 8 seven, fn 1 and 2 two
        _need(buf, 3)
        size = {7: 4, 8: 10}.get(buf[2], 5)
        _need(buf, size)
        return Token("DLE DC4", buf[2:size]), size
    return Token("unknown DLE", buf[1:2]), 2


def _esc(buf: bytes) -> tuple[Token, int]:
    _need(buf, 2)
    code = buf[1]
    if code in _ESC_FIXED:
        size = 2 + _ESC_FIXED[code]
        _need(buf, size)
        return Token(f"ESC {chr(code)}", buf[2:size]), size
    if code == 0x2A:  # ESC * m nL nH data
        _need(buf, 5)
        mode, count = buf[2], buf[3] | buf[4] << 8
        size = 5 + count * (3 if mode in (32, 33) else 1)
        _need(buf, size)
        return Token("ESC *", buf[2:5], buf[5:size]), size
    if code == 0x26:  # ESC & y c1 c2 [x d1..d(y*x)]...
        _need(buf, 5)
        height, first, last = buf[2], buf[3], buf[4]
        pos = 5
        for _ in range(max(0, last - first + 1)):
            _need(buf, pos + 1)
            pos += 1 + height * buf[pos]
            _need(buf, pos)
        return Token("ESC &", buf[2:5], buf[5:pos]), pos
    return Token("unknown ESC", buf[1:2]), 2


def _gs(buf: bytes) -> tuple[Token, int]:
    _need(buf, 2)
    code = buf[1]
    if code in _GS_FIXED:
        size = 2 + _GS_FIXED[code]
        _need(buf, size)
        return Token(f"GS {chr(code)}", buf[2:size]), size
    if code == 0x56:  # GS V m [n]
        _need(buf, 3)
        size = 4 if buf[2] in (0x41, 0x42, 65, 66) else 3
        _need(buf, size)
        return Token("GS V", buf[2:size]), size
    if code == 0x76:  # GS v 0 m xL xH yL yH data
        _need(buf, 8)
        width, height = buf[4] | buf[5] << 8, buf[6] | buf[7] << 8
        size = 8 + width * height
        _need(buf, size)
        return Token("GS v 0", buf[2:8], buf[8:size]), size
    if code == 0x28:  # GS ( fn pL pH data
        _need(buf, 5)
        size = 5 + (buf[3] | buf[4] << 8)
        _need(buf, size)
        return Token(f"GS ( {chr(buf[2])}", buf[2:5], buf[5:size]), size
    if code == 0x6B:  # GS k m ... (barcode): m >= 65 has a length byte, else NUL-terminated
        _need(buf, 3)
        if buf[2] >= 65:
            _need(buf, 4)
            size = 4 + buf[3]
        else:
            end = buf.find(b"\x00", 3)
            if end < 0:
                raise Incomplete
            size = end + 1
        _need(buf, size)
        return Token("GS k", buf[2:3], buf[3:size]), size
    return Token("unknown GS", buf[1:2]), 2
