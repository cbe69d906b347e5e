"""The levies demo: every stage of each kind present, and a second load changes nothing."""

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.cases.models import Case, CaseKind, CaseStep, Stage
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference
from zhifa.levies import demo
from zhifa.levies.models import ExpropriationProject, Household

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "steps": CaseStep.objects.count(),
        "households": Household.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_loads_every_stage_once() -> None:
    load_reference()
    today = timezone.localdate()
    load_demo(today)

    first = demo.load(today)
    assert first == {"expropriations": 1, "levies": 6, "requisitions": 6, "skipped": 0}
    for kind, expected in (
        (
            CaseKind.LEVY,
            {"initiation", "investigation", "decision", "service", "execution", "closing"},
        ),
        (CaseKind.REQUISITION, {"initiation", "decision", "service", "execution", "closing"}),
    ):
        assert set(Case.objects.filter(kind=kind).values_list("stage", flat=True)) == expected

    project = ExpropriationProject.objects.get()
    assert project.case.agency.short_name == "区政府"
    assert project.expropriation_department.short_name == "区房管局"
    assert project.case.stage == Stage.EXECUTION
    assert project.households.count() == 30
    assert project.households.filter(agreement_signed_on__isnull=False).count() == 24
    assert project.households.filter(decision_made_on__isnull=False).count() == 1
    assert project.households.filter(court_applied_on__isnull=False).count() == 1
    assert project.case.steps.filter(step="compensation_results_published").count() == 1

    before = counts()
    second = demo.load(today)
    assert second == {"expropriations": 0, "levies": 0, "requisitions": 0, "skipped": 0}
    assert counts() == before
