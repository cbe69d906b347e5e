"""Demo remedies: added to decided demo penalty cases with several outcomes, idempotent."""

from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.cases.documents import rendering
from zhifa.cases.models import CaseStep
from zhifa.demo import cases_demo
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference
from zhifa.remedies import demo
from zhifa.remedies.models import Remedy, RemedyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load the reference, people and the case demo of two agencies, without PDFs."""
    monkeypatch.setattr(cases_demo, "CASE_AGENCIES", ("区市场监管局", "区城管执法局"))
    monkeypatch.setattr(cases_demo, "CASES_PER_AGENCY", {})
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)
    load_reference()
    today = timezone.localdate()
    load_demo(today)
    cases_demo.load_cases(today)


def snapshot() -> dict[str, Any]:
    return {
        "remedies": list(Remedy.objects.order_by("pk").values()),
        "steps": CaseStep.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


# One test on one load of the case demo, which takes half a minute on PostgreSQL.
@pytest.mark.usefixtures("demo_cases")
def test_demo_adds_every_outcome_once() -> None:
    today = timezone.localdate()
    counts = demo.load(today)

    assert counts == {"remedies": len(demo.PLANS), "skipped": 0}
    outcomes = set(Remedy.objects.values_list("outcome", flat=True))
    assert outcomes == {"upheld", "changed", "revoked", "confirmed_illegal", ""}
    assert Remedy.objects.filter(status=RemedyStatus.PENDING).count() == 1
    assert Remedy.objects.filter(withdraw_by__isnull=False).count() == 3
    for remedy in Remedy.objects.all():
        assert remedy.filed_step.step == "remedy_filed"
    for remedy in Remedy.objects.filter(status=RemedyStatus.CONCLUDED):
        assert remedy.concluded_on is not None
        assert remedy.filed_on <= remedy.concluded_on

    first = snapshot()
    again = demo.load(today)

    assert again == {"remedies": 0, "skipped": len(demo.PLANS)}
    assert snapshot() == first
