"""Builders for the retention and use tests: steps, remedies and approved schedules."""

import datetime

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.archives.retention import schedules
from zhifa.archives.retention.models import RetentionSchedule
from zhifa.cases.models import Case, CaseStep, Party, PartyKind
from zhifa.remedies.models import Remedy


def add_step(case: Case, step: str, stage: str = "decision") -> CaseStep:
    sequence = CaseStep.objects.filter(case=case).count() + 1
    return CaseStep.objects.create(
        case=case,
        sequence=sequence,
        stage=stage,
        step=step,
        occurred_at=timezone.now(),
        summary=step,
    )


def add_remedy(case: Case, *, reference: str = "青复字〔2026〕1号") -> Remedy:
    """Register a pending reconsideration against a decision step of ``case``."""
    decision = add_step(case, "penalty_decision")
    filed = add_step(case, "remedy_filed", stage="service")
    party = Party.objects.create(kind=PartyKind.NATURAL_PERSON, name="张三")
    return Remedy.objects.create(
        case=case,
        kind="reconsideration",
        decision_step=decision,
        filed_step=filed,
        applicant=party,
        filed_on=datetime.date(2026, 7, 10),
        body="青浦区人民政府",
        reference=reference,
    )


def approve_new_version(archivist: User, bureau: User, number: str) -> RetentionSchedule:
    """Draft, submit and approve the archivist's next version unchanged."""
    draft = schedules.start_draft(archivist)
    schedules.submit(archivist, draft)
    return schedules.approve(bureau, draft, number, datetime.date(2026, 8, 1))
