"""Appeals to the akim (APPK): registered with a unique number, a tracking code and a deadline."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.applicant import Applicant
from kiosk.catalogue.model import Catalogue
from kiosk.clock import local_time
from kiosk.errors import ValidationError
from kiosk.i18n import N_, Language
from kiosk.storage import commit_record, utc_iso
from kiosk.storage.counters import next_value
from kiosk.tracking import new_tracking_code
from kiosk.validators import clean_text
from kiosk.workdays import add_working_days, registration_day

KIND = "appeal"
TOPIC_MAX = 150


@dataclass(frozen=True)
class AppealDraft:
    """What the citizen entered, before registration."""

    appeal_type: str
    topic: str
    text: str
    applicant: Applicant
    consent: bool
    language: Language


@dataclass(frozen=True)
class Appeal:
    """A registered appeal as the талон prints it."""

    uuid: str
    registration_number: str
    tracking_code: str
    appeal_type: str
    topic: str
    text: str
    applicant: Applicant
    language: Language
    submitted_at: dt.datetime
    registered_on: dt.date
    deadline: dt.date


def registration_number(kiosk_id: str, year: int, seq: int) -> str:
    """``DEMO-KIOSK-2026-00017``: the kiosk, the year and the kiosk's yearly sequence."""
    return f"{kiosk_id.upper()}-{year}-{seq:05d}"


def prepare_draft(catalogue: Catalogue, *, appeal_type: str, topic: str, text: str,
                  applicant: Applicant, consent: bool, language: Language,
                  text_max: int) -> AppealDraft:
    """Check every field of an appeal; the first broken rule raises ``ValidationError``."""
    if appeal_type not in catalogue.appeal_types:
        raise ValidationError("appeal_type", "unknown", N_("Choose the kind of appeal."))
    if not consent:
        raise ValidationError("consent", "required",
                              N_("An appeal needs your consent to the processing of personal "
                                 "data: the akimat cannot answer without your name and contacts."))
    return AppealDraft(
        appeal_type=appeal_type,
        topic=clean_text(topic, field="topic", max_length=TOPIC_MAX),
        text=clean_text(text, field="text", max_length=text_max),
        applicant=applicant,
        consent=True,
        language=language,
    )


def submit_appeal(db: Database, catalogue: Catalogue, kiosk_id: str, draft: AppealDraft,
                  now: dt.datetime) -> Appeal:
    """Register the appeal and its outbox row in one transaction, then return it for printing."""
    local_now = local_time(now, catalogue.akimat.timezone)
    registered_on = registration_day(catalogue.holidays, local_now.date())
    days = catalogue.appeal_types[draft.appeal_type].deadline_working_days
    deadline = add_working_days(catalogue.holidays, registered_on, days)

    def build() -> tuple[Appeal, dict[str, object]]:
        seq = next_value(db, f"appeal:{registered_on.year}")
        appeal = Appeal(str(uuid.uuid4()), registration_number(kiosk_id, registered_on.year, seq),
                        new_tracking_code(), draft.appeal_type, draft.topic, draft.text,
                        draft.applicant, draft.language, now, registered_on, deadline)
        return appeal, _row(appeal)

    return commit_record(db, "appeals", KIND, now, build)


def _row(appeal: Appeal) -> dict[str, object]:
    person = appeal.applicant
    return {
        "uuid": appeal.uuid,
        "registration_number": appeal.registration_number,
        "tracking_code": appeal.tracking_code,
        "appeal_type": appeal.appeal_type,
        "topic": appeal.topic,
        "text": appeal.text,
        "full_name": person.full_name,
        "iin": person.iin,
        "phone": person.phone,
        "address": person.address,
        "language": appeal.language.value,
        "consent_at": utc_iso(appeal.submitted_at),
        "submitted_at": utc_iso(appeal.submitted_at),
        "registered_on": appeal.registered_on.isoformat(),
        "deadline": appeal.deadline.isoformat(),
    }
