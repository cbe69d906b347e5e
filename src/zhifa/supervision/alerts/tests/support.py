"""Rows for the alert tests, written straight to the tables the sources read."""

import datetime
import itertools

from zhifa.agencies.models import Agency, Credential, CredentialStatus, Officer, Reviewer
from zhifa.cases.models import Case, CaseStep
from zhifa.core.workdays import SHANGHAI
from zhifa.publicity.models import Publication, PublicationStatus

_numbers = itertools.count(1)


def officer(agency: Agency, valid_until: datetime.date, number: str = "") -> Officer:
    sequence = next(_numbers)
    person = Officer.objects.create(
        agency=agency, full_name=f"执法员{sequence}", gender="male", id_number=f"ID{sequence:016d}"
    )
    Credential.objects.create(
        officer=person,
        number=number or f"31{sequence:08d}",
        status=CredentialStatus.ACTIVE,
        valid_from=valid_until - datetime.timedelta(days=1000),
        valid_until=valid_until,
    )
    return person


def reviewer(agency: Agency, started_on: datetime.date) -> Reviewer:
    return Reviewer.objects.create(
        agency=agency, full_name="审核员", started_on=started_on, legal_qualification=True
    )


def draft(agency: Agency, decided_on: datetime.date, due_on: datetime.date) -> Publication:
    return Publication.objects.create(
        agency=agency,
        kind="penalty",
        source="manual",
        title=f"测试公示{next(_numbers)}",
        decided_on=decided_on,
        due_on=due_on,
        status=PublicationStatus.DRAFT,
    )


def case(
    agency: Agency, kind: str, opened_on: datetime.date, closed_on: datetime.date | None = None
) -> Case:
    sequence = next(_numbers)
    return Case.objects.create(
        agency=agency,
        department=agency.departments.get(handles_penalty=True),
        kind=kind,
        number=f"预警测试〔{opened_on.year}〕{sequence}号",
        number_year=opened_on.year,
        number_sequence=sequence,
        title=f"测试案件{sequence}",
        opened_on=opened_on,
        closed_on=closed_on,
        status="closed" if closed_on else "open",
    )


def step(of: Case, code: str, on: datetime.date, stage: str = "decision") -> CaseStep:
    return CaseStep.objects.create(
        case=of,
        sequence=of.steps.count() + 1,
        stage=stage,
        step=code,
        occurred_at=datetime.datetime.combine(on, datetime.time(10), tzinfo=SHANGHAI),
        summary=code,
        details={},
    )
