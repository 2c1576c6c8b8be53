"""Ratings are anonymous and validated; audit events travel through the outbox too."""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Database

from kiosk.audit import record_audit
from kiosk.catalogue import Catalogue
from kiosk.errors import ValidationError
from kiosk.i18n import Language
from kiosk.ratings import submit_rating
from tests.conftest import OPEN_MORNING


def _rate(db: Database, catalogue: Catalogue, *, score: int = 3,
          reasons: list[str] | None = None, comment: str = "") -> object:
    return submit_rating(db, catalogue, score=score, reasons=reasons or [], comment=comment,
                         department=None, language=Language.KK, now=OPEN_MORNING,
                         comment_max=500)


def test_rating_is_stored_without_personal_data(db: Database, catalogue: Catalogue) -> None:
    reason = next(iter(catalogue.rating_reasons))
    rating = submit_rating(db, catalogue, score=5, reasons=[reason, reason], comment="Рахмет!",
                           department="social", language=Language.KK, now=OPEN_MORNING,
                           comment_max=500)
    assert rating.reasons == (reason,)
    columns = {c.name for c in db["ratings"].columns}
    assert not columns & {"full_name", "iin", "phone", "address"}
    assert db.execute("SELECT kind FROM outbox WHERE record_uuid = ?",
                      [rating.uuid]).fetchone()[0] == "rating"


@pytest.mark.parametrize("score", [0, 6, -1])
def test_score_must_be_one_to_five(db: Database, catalogue: Catalogue, score: int) -> None:
    with pytest.raises(ValidationError) as info:
        _rate(db, catalogue, score=score)
    assert info.value.field == "score"


def test_unknown_reason_and_long_comment_are_rejected(db: Database,
                                                      catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError):
        _rate(db, catalogue, reasons=["bribe"])
    with pytest.raises(ValidationError) as info:
        _rate(db, catalogue, comment="ә" * 501)
    assert info.value.rule == "too_long"
    assert db.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0


def test_audit_event_goes_to_the_outbox(db: Database) -> None:
    event = record_audit(db, "technician", "printer.test_page", {"profile": "generic-58"},
                         OPEN_MORNING)
    payload = json.loads(db.execute("SELECT payload FROM outbox WHERE record_uuid = ?",
                                    [event]).fetchone()[0])
    assert payload["action"] == "printer.test_page"
    assert json.loads(payload["details"]) == {"profile": "generic-58"}
