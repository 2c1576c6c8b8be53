"""TOML from outside: a key of thousands of dotted parts is refused before the parser."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from kiosk import toml_text
from kiosk.catalogue import load_catalogue
from kiosk.errors import CatalogueError
from kiosk.published import check_published_files
from tests.conftest import CATALOGUE_DIR


@pytest.mark.parametrize("bomb", ["a" + ".a" * 100_000 + " = 1\n",
                                  "[a" + ".a" * 100_000 + "]\nb = 1\n",
                                  'x = {a' + ".a" * 100_000 + " = 1}\n",
                                  '"a"' + '."a"' * 100_000 + " = 1\n"])
def test_a_dotted_key_bomb_is_refused_without_the_parser(bomb: str) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(CatalogueError, match="dotted parts"):
        toml_text.loads(bomb, "announcements.toml")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # tomllib took a server past 20 GB on the first of these


def test_publishing_a_dotted_key_bomb_is_refused() -> None:
    with pytest.raises(CatalogueError, match="dotted parts"):
        check_published_files("announcements",
                              {"announcements.toml": "a" + ".a" * 50_000 + " = 1\n"})


def test_dots_in_strings_comments_and_numbers_are_not_keys() -> None:
    text = ('# a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\n'
            'url = "https://a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.kz/x"\n'
            "path = 'C:\\\\a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q'\n"
            'long = """\nx.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o = 1\n"""\n'
            "price = 1.5\n[department.service]\nid = 'x'\n")
    assert toml_text.longest_dotted_key(text) == 2
    assert toml_text.loads(text, "t.toml")["price"] == 1.5


def test_the_shipped_catalogue_still_loads(tmp_path: Path) -> None:
    assert load_catalogue(CATALOGUE_DIR).departments
