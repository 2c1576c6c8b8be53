"""Kazakh grammar a ``{placeholder}`` cannot carry: case endings fixed to a value unseen.

Kazakh marks case with a suffix whose vowel follows the word before it (киоскке / банкте,
сағат 10:00-ге / 09:30-ға). A message cannot know the value that fills ``{time}``, so it must
not write a case ending on a placeholder, nor put a postposition that needs one right after
it ("{time} дейін" needs the dative "…-ге дейін"). Put the value after a colon instead
("қайта енгізу уақыты: {time}"). A hyphen and a noun after a number are fine ("{room}-бөлме",
"{page}-бет"): the noun carries the endings.
"""

from __future__ import annotations

import re

#: Case, possessive and ordinal endings that would have to agree with the placeholder's value.
_ENDINGS = ("ге|ға|ке|қа|не|на|е|а|де|да|те|та|нде|нда|ден|дан|тен|тан|нен|нан|"
            "ні|ны|ді|ды|ті|ты|н|нің|ның|дің|дың|тің|тың|мен|бен|пен|менен|"
            "ші|шы|інші|ыншы|нші|ншы|дағы|дегі|тағы|тегі|ндағы|ндегі|ғы|гі|қы|кі|"
            "сы|сі|ы|і|ын|ін|сына|сіне|сында|сінде|сынан|сінен|ына|іне|ында|інде")
#: Postpositions that govern the dative or the ablative, so the word before them needs an ending.
#: "жағдай бойынша" (as of) wants the date in the locative with -ғы: "1 желтоқсандағы жағдай".
_GOVERNING = ("дейін", "дейінгі", "шейін", "қарай", "таман", "бастап", "кейін", "соң", "бері",
              "гөрі", "артық", "жағдай")

#: A placeholder of any form ({name}, {0}, {date:%d}, {a.b}), with a closing quote after it.
_PLACEHOLDER = r"\{[^{}]*\}[»\"'’”]?"
_ATTACHED = re.compile(rf"{_PLACEHOLDER}(?:[-'’]?(?:{_ENDINGS})|[а-яәіңғүұқөһ]+)(?![\w-])",
                       re.IGNORECASE)
_POSTPOSITION = re.compile(rf"{_PLACEHOLDER}[\s-]+(?:{'|'.join(_GOVERNING)})(?!\w)",
                           re.IGNORECASE)


def endings_on_placeholders(text: str) -> list[str]:
    """The places in a Kazakh ``text`` where a case ending would depend on a placeholder.

    ``"панель {time} дейін бұғатталды"`` → ``["{time} дейін"]``; ``"{room}-бөлмеге"`` → ``[]``.
    """
    return [match.group(0) for pattern in (_ATTACHED, _POSTPOSITION)
            for match in pattern.finditer(text)]
