"""The ``kiosk-server`` command: serve the API, manage kiosks, staff, statuses and documents."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import psycopg

from kiosk import __version__
from kiosk.assets import assets_dir
from kiosk.cli.logs import configure_logging
from kiosk.errors import KioskError
from kiosk.i18n import N_, Language, Message, Translator
from kiosk.tracking import normalize_tracking_code
from sync.protocol import DOCUMENT_KINDS, PublishedDocument
from sync.server.backend import StoreUnavailable
from sync.server.errors import CliError, StoreError
from sync.server.fleet import fleet_table
from sync.server.schema import SchemaTooNew
from sync.server.staff_cli import add_staff_commands, run_staff
from sync.server.store import ServerStore

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
DEFAULT_DB = "sqlite:///./regional.sqlite3"
DEFAULT_PORT = 8470


class Output:
    """Messages in the chosen language: results to stdout, errors to stderr."""

    def __init__(self, translator: Translator | None, lang: Language,
                 out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.translator = translator
        self.lang = lang
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def text(self, message: Message) -> str:
        """``message`` in the output language (English without catalogues)."""
        return message.english() if self.translator is None else \
            self.translator.render(message, self.lang)

    def say(self, message: Message) -> None:
        """Print a result line."""
        print(self.text(message), file=self.out)

    def note(self, message: Message) -> None:
        """Print an explanation to stderr (so stdout stays machine-readable)."""
        print(self.text(message), file=self.err)

    def error(self, message: Message | str) -> None:
        """Print a one-line error (a plain text is a detail from the store or the database)."""
        text = message if isinstance(message, str) else self.text(message)
        print(f"kiosk-server: {' '.join(text.split())}", file=self.err)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kiosk-server", description="Regional server for akimat kiosks: receives records, "
                                         "publishes catalogues, answers status look-ups.")
    parser.add_argument("--version", action="version", version=f"kiosk-server {__version__}")
    parser.add_argument("--lang", choices=[lang.value for lang in Language],
                        default=os.environ.get("KIOSK_SERVER_LANG", "kk"),
                        help="language of the messages (default: $KIOSK_SERVER_LANG, else kk)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB),
                    help="sqlite:///path, a file path, or postgresql://… "
                         f"(default: $KIOSK_SERVER_DB, else {DEFAULT_DB})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    serve = commands.add_parser("serve", parents=[db], help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    serve.add_argument("--ssl-certfile", type=Path, help="TLS certificate (PEM, full chain)")
    serve.add_argument("--ssl-keyfile", type=Path, help="TLS private key (PEM)")
    serve.add_argument("--timezone", default="Asia/Almaty", help="zone of times on the page")
    add_kiosk = commands.add_parser("add-kiosk", parents=[db],
                                    help="register a kiosk and print its token once")
    add_kiosk.add_argument("kiosk_id", metavar="ID")
    add_kiosk.add_argument("--district", required=True)
    add_kiosk.add_argument("--replace-token", action="store_true",
                           help="issue a new token for an existing kiosk (the old one stops)")
    commands.add_parser("revoke-kiosk", parents=[db],
                        help="make a kiosk's token stop working").add_argument("kiosk_id",
                                                                               metavar="ID")
    add_staff = commands.add_parser("add-staff", parents=[db],
                                    help="register a staff member and print their token once")
    add_staff.add_argument("name", metavar="NAME")
    add_staff.add_argument("--replace-token", action="store_true",
                           help="issue a new token for an existing staff member")
    commands.add_parser("revoke-staff", parents=[db],
                        help="make a staff member's token stop working").add_argument(
        "name", metavar="NAME")
    add_staff_commands(commands, db)
    serve.add_argument("--insecure-cookies", action="store_true",
                       help="send the console's session cookie over plain HTTP too (only on a "
                            "closed network without TLS; see docs/SERVER.md)")
    add_kiosk.add_argument("--akimat", help="the akimat whose staff answer this kiosk's "
                                            "records (default: the kiosk's id)")
    set_status = commands.add_parser("set-status", parents=[db],
                                     help="set the status (and reply) of a ticket, appeal or "
                                          "booking")
    set_status.add_argument("code", metavar="CODE", help="tracking code, e.g. KX7MQ-4RT9C")
    set_status.add_argument("status", metavar="STATUS", help="e.g. in_progress, answered")
    set_status.add_argument("--reply", help="the akimat's reply shown on the status page")
    commands.add_parser("fleet", parents=[db], help="kiosks with their last heartbeat")
    publish = commands.add_parser("publish", parents=[db],
                                  help="publish a folder of .toml files as a document")
    publish.add_argument("kind", metavar="KIND", choices=DOCUMENT_KINDS,
                         help=" or ".join(DOCUMENT_KINDS))
    publish.add_argument("folder", metavar="FOLDER", type=Path)
    publish.add_argument("--version", dest="doc_version", required=True,
                         help="the document's version, e.g. 2026-12-01")
    target = publish.add_mutually_exclusive_group()
    target.add_argument("--kiosk", help="only this kiosk (default: every kiosk)")
    target.add_argument("--district", help="only this district's kiosks")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk-server`` console script; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    configure_logging(logging.INFO if args.verbose or args.command == "serve"
                      else logging.WARNING, sys.stderr)
    output = Output(_translator(), Language(args.lang))
    try:
        return _dispatch(args, output)
    except KioskError as exc:  # CliError included
        output.error(exc.message)
    except (StoreError, StoreUnavailable, SchemaTooNew) as exc:
        output.error(str(exc))
    except (psycopg.Error, sqlite3.Error) as exc:
        output.error(N_("Database error: {error}", error=str(exc)))
    except OSError as exc:
        output.error(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except KeyboardInterrupt:
        return 130
    return EXIT_FAILURE


def _translator() -> Translator | None:
    try:
        return Translator.load(assets_dir() / "locale")
    except (OSError, ValueError) as exc:
        logger.warning("translations unavailable (%s); printing English", exc)
        return None


def _dispatch(args: argparse.Namespace, output: Output) -> int:
    if args.command == "serve":
        from sync.server.serve import serve  # uvicorn is only needed here

        return serve(args.db, host=args.host, port=args.port, certfile=args.ssl_certfile,
                     keyfile=args.ssl_keyfile, timezone=args.timezone,
                     translator=output.translator, secure_cookies=not args.insecure_cookies)
    if args.command == "publish":
        document = read_document(args.kind, args.folder, args.doc_version)
    with ServerStore.open(args.db) as store:
        if args.command in ("add-kiosk", "add-staff"):
            kiosk = args.command == "add-kiosk"
            token = (store.add_kiosk(args.kiosk_id, args.district, akimat=args.akimat,
                                     replace_token=args.replace_token) if kiosk
                     else store.add_staff(args.name, replace_token=args.replace_token))
            output.note(N_("Token for {who} (shown only this once; keep it secret):",
                           who=args.kiosk_id if kiosk else args.name))
            print(token, file=output.out)
        elif args.command == "revoke-kiosk":
            store.revoke_kiosk(args.kiosk_id)
            output.say(N_("Kiosk {id} is revoked: its token no longer works.", id=args.kiosk_id))
        elif args.command == "revoke-staff":
            store.revoke_staff(args.name)
            output.say(N_("{name}'s token no longer works.", name=args.name))
        elif args.command == "set-status":
            answer = store.set_status(_code(args.code), args.status, args.reply, by="cli")
            output.say(N_("{code}: {kind} is now “{status}”.", code=answer.code,
                          kind=answer.kind, status=answer.status))
        elif args.command == "staff":
            run_staff(args, store, output)
        elif args.command == "fleet":
            _fleet(store, output)
        else:
            target_kind = "kiosk" if args.kiosk else "district" if args.district else "all"
            store.publish(document, target_kind, args.kiosk or args.district or "")
            output.say(N_("Published {kind} {version} ({count} files, {hash}) to {target}.",
                          kind=document.kind, version=document.version,
                          count=len(document.files), hash=document.content_hash[:12],
                          target=args.kiosk or args.district or N_("every kiosk")))
    return EXIT_OK


def _code(raw: str) -> str:
    try:
        return normalize_tracking_code(raw)
    except KioskError as exc:
        raise CliError(exc.message) from exc


def _fleet(store: ServerStore, output: Output) -> None:
    kiosks = store.fleet()
    if not kiosks:
        output.say(N_("No kiosks yet: add one with kiosk-server add-kiosk."))
        return
    headers = tuple(output.text(m) for m in (
        N_("Kiosk"), N_("District"), N_("Last seen (UTC)"), N_("Printer"), N_("Paper"),
        N_("Outbox"), N_("Records"), N_("Clock skew"), N_("Version"), N_("Last error")))
    for line in fleet_table(kiosks, headers):
        print(line, file=output.out)


def read_document(kind: str, folder: Path, version: str) -> PublishedDocument:
    """Every ``*.toml`` in ``folder`` as a document. Publishing checks it as a kiosk would
    (:func:`kiosk.published.check_published_files`) before anything is stored.

    :raises CliError: for a missing folder, no files, or a file that is not UTF-8.
    """
    if not folder.is_dir():
        raise CliError(N_("{path} is not a folder.", path=folder))
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            files[path.name] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CliError(N_("{file}: not UTF-8 text", file=path.name)) from exc
    if not files:
        raise CliError(N_("No .toml files in {path}.", path=folder))
    document = PublishedDocument(kind, version, files)
    return PublishedDocument(kind, version, files, document.computed_hash())


if __name__ == "__main__":
    sys.exit(main())
