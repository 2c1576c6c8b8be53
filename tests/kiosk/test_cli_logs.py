"""Log lines carry journald priorities when stderr is the journal, and only then."""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli.logs import configure_logging


@pytest.fixture
def clean_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _log_through(path: Path, environ: dict[str, str]) -> list[str]:
    with path.open("w", encoding="utf-8") as stream:
        handler = configure_logging(logging.INFO, stream, environ)
        logger = logging.getLogger("kiosk.test")
        logger.error("the printer is gone")
        logger.warning("paper low")
        logger.info("sent 3")
        handler.flush()
        logging.getLogger().removeHandler(handler)
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.usefixtures("clean_root")
def test_each_line_has_its_priority_when_stderr_is_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "stderr"
    path.touch()
    status = os.stat(path)  # systemd names the stream it connected to stderr
    lines = _log_through(path, {"JOURNAL_STREAM": f"{status.st_dev}:{status.st_ino}"})
    assert lines == ["<3>ERROR kiosk.test: the printer is gone",
                     "<4>WARNING kiosk.test: paper low", "<6>INFO kiosk.test: sent 3"]


@pytest.mark.usefixtures("clean_root")
def test_no_priority_in_a_terminal_or_another_stream(tmp_path: Path) -> None:
    path = tmp_path / "stderr"
    assert _log_through(path, {})[0] == "ERROR kiosk.test: the printer is gone"
    other = _log_through(tmp_path / "other", {"JOURNAL_STREAM": "1:2"})  # inherited, not ours
    assert other[0] == "ERROR kiosk.test: the printer is gone"


def test_a_command_error_is_an_error_in_the_journal(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli.output import Console
    from kiosk.i18n import N_, Language

    path = tmp_path / "stderr"
    with path.open("w", encoding="utf-8") as err:
        status = os.fstat(err.fileno())
        monkeypatch.setenv("JOURNAL_STREAM", f"{status.st_dev}:{status.st_ino}")
        Console(None, Language.EN, err=err).error(N_("Catalogue OK."))
    assert path.read_text(encoding="utf-8") == "<3>kiosk: Catalogue OK.\n"


@pytest.mark.usefixtures("clean_root")
def test_a_handler_on_stderr_follows_stderr_when_it_is_swapped(tmp_path: Path) -> None:
    """A command run in-process (tests, a console) leaves its handler behind: it must not
    write into the stderr of its time after that was closed ("I/O operation on closed file")."""
    first, second = io.StringIO(), io.StringIO()
    saved = sys.stderr
    try:
        sys.stderr = first
        handler = configure_logging(logging.WARNING, sys.stderr, {})
        sys.stderr = second
        first.close()
        logging.getLogger("kiosk.test").warning("after the swap")
        assert second.getvalue().splitlines() == ["WARNING kiosk.test: after the swap"]
    finally:
        sys.stderr = saved
        logging.getLogger().removeHandler(handler)
