"""Builders of the case file tests: a closed case with steps, a final PDF and real media."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.archives.tests.support import MEDIA, closed_case, minimal_pdf
from zhifa.cases.models import Case, CaseStep, Document, DocumentStatus, Stage
from zhifa.core import digests
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AvRecord, MediaKind, SceneType, TimeSource
from zhifa.evidence.tests.records_support import store_bytes

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def make_archivist(
    make_user: Callable[..., User], agency: Agency, name: str = "archivist_a"
) -> User:
    return make_user(name, Role.ARCHIVIST, agency=agency)


def add_step(case: Case, user: User, step: str, day: datetime.date, **fields: Any) -> CaseStep:
    """Write a step row directly, as an exchange import does (the ledger entry follows)."""
    sequence = case.steps.count() + 1
    return CaseStep.objects.create(
        case=case,
        sequence=sequence,
        stage=fields.pop("stage", Stage.DECISION),
        step=step,
        occurred_at=moment(day),
        summary=fields.pop("summary", f"{step}记录"),
        recorded_by=user,
        **fields,
    )


def add_final_pdf(
    case: Case, user: User, step: CaseStep | None, title: str, **fields: Any
) -> Document:
    """Store a one-page PDF and write a final document version of ``case`` pointing at it."""
    content = minimal_pdf("Enforcement document")
    document = Document(
        case=case,
        doc_type=fields.pop("doc_type", "decision"),
        title=title,
        number=fields.pop("number", ""),
        step=step,
        status=DocumentStatus.FINAL,
        pdf_digest=digests.of_bytes(content),
        finalised_at=moment(case.closed_on or datetime.date(2026, 6, 30)),
        finalised_by=user,
        **fields,
    )
    document.pdf_file.save(
        f"documents/test/{title}-{case.pk}.pdf", ContentFile(content), save=False
    )
    document.save()
    return document


def add_av_record(case: Case, user: User, started_at: datetime.datetime) -> AvRecord:
    """Store the demo recording as a video of ``case`` and ledger it, as an upload does."""
    content = store_bytes((MEDIA / "patrol_1.mp4").read_bytes())
    scene = SceneType.objects.filter(agency=None).order_by("pk").first()
    assert scene is not None, "the migrations seed the district scene types"
    with transaction.atomic():
        record = AvRecord.objects.create(
            agency=case.agency,
            case=case,
            scene=scene,
            content=content,
            filename="patrol_1.mp4",
            mime_type="video/mp4",
            size=content.size,
            media_kind=MediaKind.VIDEO,
            started_at=started_at,
            ended_at=started_at + datetime.timedelta(minutes=1),
            time_source=TimeSource.METADATA,
            place="朱家角镇新风路1号",
            party_informed=True,
            uploaded_by=user,
        )
        entries.av_record_stored(record)
    return record


def case_with_records(agency: Agency, user: User, kind: str, number: str) -> Case:
    """A closed case of ``kind`` with two steps and a final decision PDF linked to the second."""
    case = closed_case(agency, user, number=number, kind=kind)
    assert case.closed_on is not None
    add_step(case, user, "opening", case.opened_on, stage=Stage.INITIATION)
    decision = add_step(case, user, "decision", case.closed_on - datetime.timedelta(days=5))
    add_final_pdf(case, user, decision, "行政处罚决定书", number=f"{number}-决")
    return case
