"""``kiosk printer status|test`` and ``kiosk doctor`` on a network printer: a connection
failure is reported in the same words the kiosk screen shows (``describe_failure``)."""

from __future__ import annotations

import argparse
import io
import socket
from pathlib import Path

import pytest

from kiosk.cli import printer_cmds
from kiosk.cli.doctor import Level, check_printer
from kiosk.cli.output import Console
from kiosk.config import Config, load_config
from kiosk.i18n import Language, Translator
from printers.profiles import load_profile
from printers.transport import PrinterConnectionError, open_line
from tests.kiosk.test_cli import kiosk
from tests.printers.test_transports import NetworkPrinter


def _config(tmp_path: Path, url: str) -> Config:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n'
                    f'[printer]\nurl = "{url}"\nprofile = "generic-58"\n', encoding="utf-8")
    return load_config(path, environ={})


def _run(config: Config, action: str, translator: Translator,
         lang: Language) -> tuple[int, str, str]:
    console = Console(translator, lang, out=io.StringIO(), err=io.StringIO())
    code = printer_cmds.run(argparse.Namespace(printer_command=action), config, console)
    assert isinstance(console.out, io.StringIO) and isinstance(console.err, io.StringIO)
    return code, console.out.getvalue(), console.err.getvalue()


def _refused_url() -> str:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"


def _failure(url: str) -> PrinterConnectionError:
    with pytest.raises(PrinterConnectionError) as caught:
        open_line(url, load_profile("generic-58"))
    return caught.value


@pytest.mark.parametrize("lang", [Language.KK, Language.RU, Language.EN],
                         ids=lambda lang: lang.value)
def test_status_of_a_network_printer(tmp_path: Path, translator: Translator,
                                     lang: Language) -> None:
    server = NetworkPrinter()
    try:
        code, out, err = _run(_config(tmp_path, server.url), "status", translator, lang)
    finally:
        server.close()
    assert code == printer_cmds.EXIT_OK, err
    assert server.url in out
    from printers.status import PrinterState
    assert translator.render(PrinterState.READY.message, lang) in out


@pytest.mark.parametrize("action", ["status", "test"])
@pytest.mark.parametrize("lang", [Language.KK, Language.EN], ids=lambda lang: lang.value)
def test_a_refused_connection_is_the_screens_message(tmp_path: Path, translator: Translator,
                                                     action: str, lang: Language) -> None:
    from printers.transport import describe_failure

    url = _refused_url()
    code, out, err = _run(_config(tmp_path, url), action, translator, lang)
    assert code == printer_cmds.EXIT_FAILURE and not out
    assert err == f"kiosk: {translator.render(describe_failure(_failure(url)), lang)}\n"


def test_a_test_page_cut_off_mid_job_says_the_line_was_lost(tmp_path: Path,
                                                            translator: Translator) -> None:
    server = NetworkPrinter(hang_up_after=64)
    try:
        code, _, err = _run(_config(tmp_path, server.url), "test", translator, Language.EN)
    finally:
        server.close()
    assert code == printer_cmds.EXIT_FAILURE
    assert "The test page was not printed: The connection to the printer on " \
        f"127.0.0.1:{server.port} was lost" in err
    assert "network cable" in err


def test_doctor_reports_the_same_words(tmp_path: Path) -> None:
    from printers.transport import describe_failure

    url = _refused_url()
    finding = check_printer(_config(tmp_path, url))
    assert finding.level is Level.FAIL
    assert finding.detail == describe_failure(_failure(url)).english()


def test_the_command_line_has_no_traceback(tmp_path: Path) -> None:
    result = kiosk("--lang", "en", "printer", "status", state=tmp_path,
                   KIOSK_PRINTER_URL=_refused_url())
    assert result.returncode == 1
    assert "Cannot connect to the network printer at 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
