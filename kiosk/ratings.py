"""Anonymous service ratings ("Hearing State" feedback): 1-5, reason chips, optional comment."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.catalogue.model import Catalogue
from kiosk.errors import ValidationError
from kiosk.i18n import N_, Language
from kiosk.storage import commit_record, utc_iso
from kiosk.validators import clean_text

KIND = "rating"


@dataclass(frozen=True)
class Rating:
    """A stored rating; it holds nothing that identifies the person."""

    uuid: str
    score: int
    reasons: tuple[str, ...]
    comment: str
    department: str | None
    language: Language
    rated_at: dt.datetime


def submit_rating(db: Database, catalogue: Catalogue, *, score: int, reasons: Sequence[str],
                  comment: str, department: str | None, language: Language, now: dt.datetime,
                  comment_max: int) -> Rating:
    """Validate and store a rating with its outbox row.

    :raises ValidationError: for a score outside 1-5, an unknown reason or department,
        or a comment over ``comment_max``.
    """
    if isinstance(score, bool) or not 1 <= score <= 5:
        raise ValidationError("score", "range", N_("Choose one of the five faces."))
    for reason in reasons:
        if reason not in catalogue.rating_reasons:
            raise ValidationError("reasons", "unknown", N_("Unknown reason “{reason}”.",
                                                           reason=reason))
    if department is not None and department not in catalogue.departments:
        raise ValidationError("department", "unknown", N_("Unknown department."))
    rating = Rating(str(uuid.uuid4()), score, tuple(dict.fromkeys(reasons)),
                    clean_text(comment, field="comment", max_length=comment_max, required=False),
                    department, language, now)
    row = {
        "uuid": rating.uuid,
        "score": rating.score,
        "reasons": json.dumps(list(rating.reasons)),
        "comment": rating.comment,
        "department": rating.department,
        "language": rating.language.value,
        "rated_at": utc_iso(rating.rated_at),
    }
    return commit_record(db, "ratings", KIND, now, lambda: (rating, row))
