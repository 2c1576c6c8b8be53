"""The one check of a published catalogue, announcements or reception document (files by name).

Every route that accepts such a document runs it before anything is stored or installed:
the regional server's API and ``kiosk-server publish``, and the kiosk when it pulls one. A
document passes when a kiosk can install it: at most :data:`MAX_FILES` files, each with a
plain ``*.toml`` name, each UTF-8 TOML the reader can take, and the kind's own loader (the
one the kiosk runs on the installed folder) accepts the files written to a folder.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from kiosk import toml_text
from kiosk.errors import CatalogueError
from kiosk.i18n import N_

MAX_FILES = 32
MAX_NAME_LENGTH = 100
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\.toml$")
_NAME_RULE = (f"a file name must be 1-{MAX_NAME_LENGTH} characters: letters, digits, - or _, "
              "ending in .toml")
#: What a loader that has not caught up with some input raises instead of CatalogueError.
_LOADER_SLIPS = (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError,
                 OverflowError)


def _validators() -> dict[str, Callable[[Path], object]]:
    from kiosk.announcements import load_announcements
    from kiosk.catalogue.loader import load_new_catalogue
    from kiosk.reception import load_reception

    return {"catalogue": load_new_catalogue, "announcements": load_announcements,
            "reception": load_reception}


def _shown(name: str) -> str:
    """A file name safe to print in one line (control characters escaped, cut short)."""
    return name if _NAME.match(name) and len(name) <= MAX_NAME_LENGTH else ascii(name[:60])


def check_file_name(name: str) -> None:
    """Refuse a name a kiosk cannot write as a file of its folder (NUL, empty, path, long).

    :raises CatalogueError: naming the file and the rule.
    """
    if not _NAME.match(name) or len(name) > MAX_NAME_LENGTH:
        raise CatalogueError(N_("{file}: cannot be read: {error}", file=_shown(name),
                                error=_NAME_RULE))


def _check_text(name: str, text: str) -> bytes:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CatalogueError(N_("{file}: not UTF-8 text", file=name)) from exc
    toml_text.loads(text, name)
    return data


def check_published_files(kind: str, files: Mapping[str, str]) -> None:
    """Check a ``catalogue``, ``announcements`` or ``reception`` document exactly as a kiosk
    installing it.

    :raises CatalogueError: naming the file, and where the loader says so the item and
        field, that a kiosk would refuse.
    """
    validators = _validators()
    validate = validators.get(kind)
    if validate is None:
        raise CatalogueError(N_("{file}: cannot be read: {error}", file=ascii(kind[:40]),
                                error=f"the kind must be one of {', '.join(validators)}"))
    if len(files) > MAX_FILES:
        raise CatalogueError(N_("{file}: cannot be read: {error}", file=kind,
                                error=f"{len(files)} files; a document has at most "
                                      f"{MAX_FILES} files"))
    for name in files:
        check_file_name(name)
    contents = {name: _check_text(name, files[name]) for name in sorted(files)}
    with tempfile.TemporaryDirectory(prefix=f"published-{kind}-") as staged:
        folder = Path(staged)
        for name, data in contents.items():
            (folder / name).write_bytes(data)
        try:
            validate(folder)
        except _LOADER_SLIPS as exc:
            raise CatalogueError(N_("{file}: cannot be read: {error}", file=kind,
                                    error=f"{type(exc).__name__}: {exc}")) from exc
