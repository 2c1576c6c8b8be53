"""The files of a catalogue folder and the hash of their content."""

from __future__ import annotations

import hashlib
from pathlib import Path

FILES = ("manifest.toml", "akimat.toml", "departments.toml", "categories.toml", "services.toml",
         "appeal_types.toml", "reception.toml", "holidays.toml", "rating_reasons.toml")


def content_hash(folder: Path) -> str:
    """The SHA-256 of every catalogue file of ``folder``, in a fixed order.

    :raises OSError: when a file cannot be read.
    """
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()
