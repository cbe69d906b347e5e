"""Rows for the report tests, written straight to the tables so that every figure is known.

The figures only read stored rows, so the tests insert cases, steps, publications and
remedies as the case actions would store them, without the procedure checks in between.
"""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, CaseStep, Party
from zhifa.core.workdays import SHANGHAI
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.remedies.models import Remedy, RemedyStatus

_numbers = itertools.count(1)


def at(
    month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def case(
    agency: Agency,
    kind: str,
    opened_on: datetime.date,
    closed_on: datetime.date | None = None,
) -> Case:
    sequence = next(_numbers)
    return Case.objects.create(
        agency=agency,
        department=agency.departments.order_by("pk")[0],
        kind=kind,
        number=f"测试〔{opened_on.year}〕{sequence}号",
        number_year=opened_on.year,
        number_sequence=sequence,
        title=f"测试案件{sequence}",
        opened_on=opened_on,
        closed_on=closed_on,
        status="closed" if closed_on else "open",
    )


def step(
    of: Case,
    code: str,
    occurred_at: datetime.datetime,
    details: dict[str, Any] | None = None,
    corrects: CaseStep | None = None,
    stage: str = "decision",
) -> CaseStep:
    return CaseStep.objects.create(
        case=of,
        sequence=of.steps.count() + 1,
        stage=stage,
        step=code,
        occurred_at=occurred_at,
        summary=code,
        details=details or {},
        corrects=corrects,
        correction_reason="更正" if corrects else "",
    )


def penalty(types: list[str], fine: str = "0", confiscation: str = "0") -> dict[str, Any]:
    return {"penalty": {"types": types, "fine": fine, "confiscation": confiscation}}


def publication(
    agency: Agency,
    decided_on: datetime.date,
    due_on: datetime.date | None,
    published_at: datetime.datetime | None = None,
    status: str | None = None,
) -> Publication:
    if status is None:
        status = PublicationStatus.PUBLISHED if published_at else PublicationStatus.DRAFT
    return Publication.objects.create(
        agency=agency,
        kind="penalty",
        source="manual",
        title="测试公示",
        decided_on=decided_on,
        due_on=due_on,
        status=status,
        published_at=published_at,
    )


def remedy(of: Case, kind: str, outcome: str, concluded_on: datetime.date) -> Remedy:
    decision = of.steps.filter(step__in=["penalty_decision", "on_the_spot_decision"]).first()
    assert decision is not None, "a remedy needs the decision it challenges"
    filed = step(of, "remedy_filed", at(1, 5), stage="execution")
    applicant = Party.objects.create(kind="natural_person", name="申请人")
    return Remedy.objects.create(
        case=of,
        kind=kind,
        decision_step=decision,
        filed_step=filed,
        applicant=applicant,
        filed_on=datetime.date(2026, 1, 5),
        body="上海市青浦区人民政府",
        reference=f"复议{next(_numbers)}",
        status=RemedyStatus.CONCLUDED,
        outcome=outcome,
        concluded_on=concluded_on,
    )


def money(text: str) -> Decimal:
    return Decimal(text)
