"""Test helpers: decode bytes through the emulator's receive stage and engine, without a pty."""

from __future__ import annotations

from printers.emulator.engine import Engine
from printers.emulator.model import HardwareModel
from printers.emulator.paper import Receipt
from printers.emulator.tokens import Tokenizer
from printers.profiles import PrinterProfile


def decode(data: bytes, profile: PrinterProfile,
           model: HardwareModel | None = None) -> list[Receipt]:
    """Every receipt the emulated printer of ``profile`` (on ``model`` hardware, by default
    one that keeps the profile's promises) would print from ``data``."""
    tokenizer = Tokenizer()
    engine = Engine(profile, model)
    for token in tokenizer.feed(data):
        engine.execute(token)
    engine.end_job()
    assert tokenizer.pending == 0, "bytes left over: a command was cut short"
    assert not tokenizer.unknown, f"unknown commands: {tokenizer.unknown}"
    return engine.finished
