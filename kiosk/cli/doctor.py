"""``kiosk doctor``: check everything a technician would, say what is wrong and how to fix it."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.config import Config
from kiosk.i18n import LANGUAGES, N_, Language, Message, Translator

#: Each check's name as the technician reads it.
CHECK_NAMES: dict[str, Message] = {
    "database": N_("database"), "disk": N_("disk"), "catalogue": N_("catalogue"),
    "translations": N_("translations"), "fonts": N_("fonts"), "printer": N_("printer"),
    "server": N_("server"),
}


class Level(StrEnum):
    """How bad a finding is."""

    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    """One check's result and, when not OK, what to do."""

    check: str
    level: Level
    message: Message
    fix_message: Message | None = None
    #: Steps a technician follows, printed after the table in Kazakh, Russian and English.
    guide: tuple[Message, ...] = ()

    @property
    def detail(self) -> str:
        """What was found, in English (logs, tests)."""
        return self.message.english()

    @property
    def fix(self) -> str:
        """What to do, in English; empty when nothing needs doing."""
        return self.fix_message.english() if self.fix_message is not None else ""


Check = Callable[[Config], Finding]
KAZAKH = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


#: What recovers a damaged file where ``.recover`` cannot: the dump of every readable row,
#: committed instead of rolled back "due to errors".
DUMP_COMMAND = ("sqlite3 {damaged} .dump | sed 's/^ROLLBACK; -- due to errors$/COMMIT;/' | "
                "sqlite3 {recovered}")


def recovery_guide(damaged: Path, flag: Path) -> tuple[Message, ...]:
    """How to save what a damaged database still holds, honestly about what is not automatic."""
    recovered = damaged.with_name(f"{damaged.name}.recovered")
    return (
        N_("Records the kiosk had already sent are safe on the regional server. To save what "
           "the damaged file still holds:"),
        N_("1. Recover what can be read (the sqlite3 package): sqlite3 {damaged} \".recover\" "
           "| sqlite3 {recovered}", damaged=damaged, recovered=recovered),
        # Debian 12's sqlite3 3.40.1 answers .recover with "SQL logic error" on any file.
        N_("   If that says “SQL logic error” (sqlite3 3.40 of Debian 12), delete {recovered} and "
           "run: {command}", recovered=recovered, command=DUMP_COMMAND.format(
               damaged=shlex.quote(str(damaged)), recovered=shlex.quote(str(recovered)))),
        N_("2. Count the records that were never sent: sqlite3 {recovered} \"SELECT state, "
           "count(*) FROM outbox GROUP BY state\"", recovered=recovered),
        N_("3. No tool yet puts recovered records back into the kiosk's outbox: records "
           "still 'pending' there do not reach the server by themselves. Keep both files and "
           "give them to the region's IT office."),
        N_("4. Then delete {flag}: the kiosk stops asking for a technician.", flag=flag),
    )


def check_database(config: Config) -> Finding:
    """No damaged database kept aside at start; the database opens in WAL and passes
    ``PRAGMA integrity_check``. Nothing is written into a damaged file."""
    from kiosk.errors import StorageError
    from kiosk.storage import integrity_check, open_database, outbox_counts
    from kiosk.storage.integrity import NotChecked, quick_check, read_service_needed, service_path

    state_dir = config.paths.state_dir
    service = read_service_needed(state_dir)
    if service is not None:
        return Finding("database", Level.FAIL, _verbatim(service.summary()),
                       N_("follow the recovery steps below"),
                       recovery_guide(Path(service.damaged_file), service_path(state_dir)))
    restart = N_("restart the kiosk: it keeps the damaged file aside and starts on a fresh "
                 "database; then run kiosk doctor again for the recovery steps")
    try:
        quick = quick_check(config.paths.database) if config.paths.database.exists() else ["ok"]
        if quick != ["ok"]:
            return Finding("database", Level.FAIL, _damaged(quick), restart)
        db = open_database(config.paths.database)
    except (StorageError, NotChecked) as exc:
        return Finding("database", Level.FAIL, _verbatim(str(exc)),
                       N_("check the disk and the state folder's owner (the kiosk user)"))
    try:
        result = integrity_check(db)
        counts = {state.value: n for state, n in outbox_counts(db).items()}
    except sqlite3.DatabaseError as exc:  # damage quick_check does not see (index contents)
        result = [str(exc)]
        counts = {}
    finally:
        db.close()
    if result != ["ok"]:
        return Finding("database", Level.FAIL, _damaged(result), restart)
    detail = N_("{path}: intact; records to send: {pending} waiting, {sent} sent, {rejected} "
                "refused by the server", path=config.paths.database,
                pending=counts.get("pending", 0), sent=counts.get("sent", 0),
                rejected=counts.get("rejected", 0))
    if counts.get("rejected"):
        return Finding("database", Level.WARN, detail,
                       N_("records the server refused need a look: see `kiosk stats` and the "
                          "server's log"))
    return Finding("database", Level.OK, detail)


def _verbatim(text: str) -> Message:
    """A detail that comes from elsewhere as it is (a path, SQLite's own words)."""
    return N_("{text}", text=text)


def _damaged(result: list[str]) -> Message:
    return N_("the database file is damaged: {what}", what="; ".join(result[:3]))


def check_disk(config: Config) -> Finding:
    """Enough free space in the state folder."""
    config.paths.state_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(config.paths.state_dir).free
    detail = N_("{gib} GiB free in {path}", gib=f"{free / 2**30:.1f}",
                path=config.paths.state_dir)
    if free < 200 * 2**20:
        return Finding("disk", Level.FAIL, detail,
                       N_("free some space: old logs, journald's SystemMaxUse"))
    if free < 2**30:
        return Finding("disk", Level.WARN, detail, N_("free some space soon"))
    return Finding("disk", Level.OK, detail)


def check_catalogue(config: Config) -> Finding:
    """The catalogue in use loads and validates."""
    from kiosk.catalogue import load_catalogue
    from kiosk.errors import CatalogueError

    try:
        catalogue = load_catalogue(config.paths.active_catalogue)
    except CatalogueError as exc:
        return Finding("catalogue", Level.FAIL, exc.message,
                       N_("fix the file named, or publish a corrected catalogue from the "
                          "regional server"))
    from kiosk.catalogue.loader import confusable_prefixes

    confusable = confusable_prefixes(catalogue.departments)
    if confusable:  # it works, but a new catalogue like it would be refused
        return Finding("catalogue", Level.WARN, confusable[0],
                       N_("publish a catalogue that gives one of the two desks another letter"))
    return Finding("catalogue", Level.OK, N_(
        "version {version} from {path}, {count} services", version=catalogue.version,
        path=config.paths.active_catalogue, count=len(catalogue.services)))


def check_translations(config: Config) -> Finding:
    """Every language file is present and every message translated."""
    from babel.messages.pofile import read_po

    missing: list[str] = []
    for lang in LANGUAGES:
        path = config.paths.locale_dir / f"{lang.value}.po"
        if not path.is_file():
            return Finding("translations", Level.FAIL, N_("{path} is missing", path=path),
                           N_("reinstall the kiosk package"))
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang.value)
        empty = [m for m in catalog if m.id and not (m.string if isinstance(m.string, str)
                                                      else all(m.string or ()))]
        if empty:
            missing.append(f"{lang.value}: {len(empty)}")
    if missing:
        return Finding("translations", Level.WARN,
                       N_("messages without a translation: {counts}", counts="; ".join(missing)),
                       N_("update assets/locale"))
    return Finding("translations", Level.OK, N_("kk, ru, en complete"))


def check_fonts(config: Config) -> Finding:
    """The shipped font draws every Kazakh letter (screen, PDF and emulator use it)."""
    from PIL import Image, ImageDraw, ImageFont

    path = config.paths.locale_dir.parent / "fonts" / "DejaVuSans.ttf"
    if not path.is_file():
        return Finding("fonts", Level.FAIL, N_("{path} is missing", path=path),
                       N_("reinstall the kiosk package"))
    font = ImageFont.truetype(str(path), 24)

    def drawn(char: str) -> bytes:
        image = Image.new("L", (40, 40))
        ImageDraw.Draw(image).text((4, 4), char, font=font, fill=255)
        return image.tobytes()

    missing_glyph = drawn("\U0010fffd")  # what the font draws for a letter it lacks
    absent = [ch for ch in KAZAKH if drawn(ch) == missing_glyph]
    if absent:
        return Finding("fonts", Level.FAIL, N_("the font cannot draw {letters}",
                                               letters="".join(absent)),
                       N_("use a font with the Kazakh letters (DejaVu Sans, Noto Sans)"))
    return Finding("fonts", Level.OK, N_("{font} draws all 18 Kazakh letters", font=path.name))


def check_printer(config: Config) -> Finding:
    """The printer's port opens and its status is ready."""
    from printers.connect import open_printer
    from printers.profiles import ProfileError, load_profile
    from printers.status import PrinterState
    from printers.transport import PrinterConnectionError, describe_failure

    damaged = ""
    if config.printer.profile_fallback:
        try:
            load_profile(config.printer.profile)
        except ProfileError as exc:
            damaged = str(exc)
    try:
        with open_printer(config.printer, config.paths.receipts / "emulator") as printer:
            state = printer.status()
            detail = N_("{profile} on {port}: {state}", profile=printer.profile.name,
                        port=printer.line.url, state=state.message)
    except ProfileError as exc:
        return Finding("printer", Level.FAIL, describe_failure(exc),
                       N_("set printer.profile to a shipped one, or \"auto\""))
    except PrinterConnectionError as exc:  # the message says what to check (as on the screen)
        return Finding("printer", Level.FAIL, describe_failure(exc),
                       N_("then check again with `kiosk printer status`"))
    fixes = {PrinterState.PAPER_OUT: N_("put in a new paper roll"),
             PrinterState.COVER_OPEN: N_("close the printer cover"),
             PrinterState.OFFLINE: N_("switch the printer on / press its online button"),
             PrinterState.ERROR: N_("clear the paper jam, let the head cool, power-cycle"),
             PrinterState.NOT_RESPONDING: N_("check power, cable, baud rate (printer.baudrate)")}
    if damaged and state.can_print:
        return Finding("printer", Level.WARN, N_(
            "{profile} cannot be used ({why}); printing with {fallback}: {detail}",
            profile=config.printer.profile, why=damaged,
            fallback=config.printer.profile_fallback, detail=detail),
            N_("run `kiosk printer setup` again (or delete that file)"))
    if state is PrinterState.READY:
        return Finding("printer", Level.OK, detail)
    if state is PrinterState.PAPER_NEAR_END:
        return Finding("printer", Level.WARN, detail, N_("replace the paper roll soon"))
    return Finding("printer", Level.FAIL, detail, fixes[state])


#: What server.url "local" means, said the same way by doctor and ``kiosk sync``.
LOCAL_SERVER = N_("server.url is \"local\": the kiosk's own demo server runs only inside "
                  "`kiosk run`, and records sent to it never reach the region")
LOCAL_SERVER_FIX = N_("to sync now, start `kiosk run`; for a real kiosk, set server.url to the "
                      "regional server's address and server.token_file to the kiosk's token")


def check_server(config: Config) -> Finding:
    """The regional server answers, knows this kiosk's token, and the clocks agree."""
    from sync.diagnostics import connection_test

    if config.server.url == "local":  # works inside `kiosk run` only: never OK
        return Finding("server", Level.WARN, LOCAL_SERVER, LOCAL_SERVER_FIX)
    checks = {check.name: check for check in connection_test(config)}
    for name in ("reach", "auth"):  # each detail already says what to do
        if not checks[name].ok:
            return Finding("server", Level.FAIL, _verbatim(checks[name].detail))
    clock = checks["clock"]
    detail = _verbatim(f"{config.server.url}: {checks['auth'].detail}; {clock.detail}")
    return Finding("server", Level.OK if clock.ok else Level.WARN, detail)


CHECKS: list[tuple[str, Check]] = [
    ("database", check_database), ("disk", check_disk), ("catalogue", check_catalogue),
    ("translations", check_translations), ("fonts", check_fonts),
    ("printer", check_printer), ("server", check_server),
]


def run_checks(config: Config) -> list[Finding]:
    """Every check, in order; one that crashes is reported, not fatal."""
    findings = []
    for name, check in CHECKS:
        try:
            findings.append(check(config))
        except (OSError, ValueError, RuntimeError) as exc:
            findings.append(Finding(name, Level.FAIL, N_(
                "the check itself failed: {error}", error=f"{type(exc).__name__}: {exc}")))
    return findings


def render(findings: list[Finding], text: Callable[[Message], str] = Message.english) -> str:
    """The findings as aligned lines (level, check, detail) with "→ fix" under each problem,
    every word through ``text`` (the technician's language)."""
    names = [text(CHECK_NAMES.get(f.check, _verbatim(f.check))) for f in findings]
    width = max((len(name) for name in names), default=0)
    lines = []
    for finding, name in zip(findings, names, strict=True):
        lines.append(f"{finding.level.value:<4}  {name:<{width}}  {text(finding.message)}")
        if finding.fix_message is not None:
            lines.append(f"{'':<4}  {'':<{width}}  → {text(finding.fix_message)}")
    return "\n".join(lines)


def render_guides(findings: list[Finding], translator: Translator | None,
                  languages: tuple[Language, ...] = (Language.KK, Language.RU, Language.EN),
                  ) -> str:
    """Each finding's guide in each language (English only without translations)."""
    blocks = []
    for finding in findings:
        if not finding.guide:
            continue
        for lang in languages if translator is not None else (Language.EN,):
            lines = [f"[{finding.check}, {lang.value}]"]
            lines += [translator.render(step, lang) if translator is not None
                      else step.english() for step in finding.guide]
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def doctor(config: Config, out: Callable[[str], None] = print,
           lang: Language = Language.EN) -> int:
    """Run the checks, print them in ``lang`` and any recovery guide; 1 when anything FAILs."""
    findings = run_checks(config)
    try:
        translator: Translator | None = Translator.load(config.paths.locale_dir)
    except (OSError, ValueError):
        translator = None
    loaded = translator
    out(render(findings) if loaded is None
        else render(findings, lambda message: loaded.render(message, lang)))
    if any(f.guide for f in findings):
        out("\n" + render_guides(findings, translator))
    return 1 if any(f.level is Level.FAIL for f in findings) else 0
