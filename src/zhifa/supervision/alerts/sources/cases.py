"""Deadlines of open cases that fall within the next five working days (办案期限临近).

The deadlines are those of the case header (``zhifa.cases.compliance.deadlines``). A deadline
already past is reported only for the penalty decision (立案之日起九十日) while no decision is
recorded, because the header keeps listing other deadlines after the step they govern is done.
"""

import datetime

from django.db.models import Prefetch
from django.urls import reverse

from zhifa.cases import compliance, stages
from zhifa.cases.models import Case, CaseStatus, CaseStep
from zhifa.cases.rules.common import OfficialCalendar
from zhifa.core import workdays
from zhifa.core.chinese_dates import chinese_date
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register

WARNING_WORKING_DAYS = 5


def horizon(today: datetime.date) -> datetime.date:
    """Return the last day counted as near, or 31 December when next year is not loaded."""
    try:
        return workdays.add_working_days(today, WARNING_WORKING_DAYS)
    except workdays.CalendarNotCovered:
        return datetime.date(today.year, 12, 31)


def _facts(case: Case) -> compliance.CaseFacts:
    """Build the facts the deadlines read from prefetched rows.

    ``compliance.facts_for`` also calls the legal review checkers, which query once per case.
    The deadlines do not read that state, so it keeps its default here.
    """
    procedure = stages.procedure_for(case.kind)
    steps = []
    for row in case.steps.all():
        spec = procedure.step(row.step)
        steps.append(
            compliance.StepFacts(
                pk=row.pk,
                sequence=row.sequence,
                stage=row.stage,
                step=row.step,
                label=spec.label if spec else row.step,
                occurred_on=workdays.shanghai_date(row.occurred_at),
                on_site=row.on_site,
                officer_count=len(row.officers.all()),
                details=row.details or {},
                corrects_id=row.corrects_id,
            )
        )
    parties = list(case.parties.all())
    return compliance.CaseFacts(
        kind=case.kind,
        opened_on=case.opened_on,
        closed=False,
        agency_name=case.agency.name,
        party_names=[party.name for party in parties],
        party_addresses=[party.address for party in parties],
        steps=steps,
        documents=[
            compliance.DocumentFacts(doc.doc_type, doc.status, doc.data or {})
            for doc in sorted(case.documents.all(), key=lambda doc: (doc.doc_type, doc.version))
        ],
        legal_review_state=case.legal_review_state,
        case_id=case.pk,
    )


def near_deadlines(
    facts: compliance.CaseFacts, today: datetime.date, last_day: datetime.date
) -> list[tuple[str, datetime.date]]:
    """Return the label and last day of each deadline to warn about."""
    decided = facts.latest(*compliance.DECISION_STEPS) or facts.no_penalty_outcome()
    near = []
    for deadline in compliance.deadlines(facts, OfficialCalendar()):
        if deadline.due_on is None or deadline.due_on > last_day:
            continue
        is_decision = deadline.code == compliance.PENALTY_DECISION_DEADLINE
        if is_decision and decided is not None:
            continue
        if deadline.due_on < today and not is_decision:
            continue
        near.append((deadline.label, deadline.due_on))
    return near


def _open_cases(agency_ids: list[int]) -> list[Case]:
    steps = CaseStep.objects.order_by("sequence").prefetch_related("officers")
    return list(
        Case.objects.filter(agency_id__in=agency_ids, status=CaseStatus.OPEN)
        .select_related("agency")
        .prefetch_related(Prefetch("steps", queryset=steps), "parties", "documents")
        .order_by("pk")
    )


def _describe(label: str, due_on: datetime.date, today: datetime.date) -> str:
    state = "已超期" if due_on < today else "即将届满"
    return f"{label}至{chinese_date(due_on)}，{state}"


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    last_day = horizon(today)
    facts = []
    with workdays.shared_years():
        for case in _open_cases(agency_ids):
            near = near_deadlines(_facts(case), today, last_day)
            if not near:
                continue
            listed = "；".join(_describe(label, due_on, today) for label, due_on in near)
            facts.append(
                AlertFact(
                    kind=AlertKind.CASE_DEADLINE,
                    agency_id=case.agency_id,
                    target_key=f"case:{case.pk}",
                    message=f"案件{case.number}：{listed}。"[:500],
                    url=reverse("cases:case_detail", args=[case.pk]),
                )
            )
    return facts


register("case_deadlines", {AlertKind.CASE_DEADLINE}, check)
