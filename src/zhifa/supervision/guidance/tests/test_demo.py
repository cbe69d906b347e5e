"""Demo guiding cases, rule registrations and circulars: added once, never twice."""

from typing import Any

import pytest
from django.utils import timezone

from zhifa.cases.documents import rendering
from zhifa.demo import cases_demo
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference
from zhifa.supervision.guidance import demo
from zhifa.supervision.guidance.models import (
    AgencyRule,
    Circular,
    CircularTarget,
    ExplainedCase,
    GuidingCase,
)

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
        "guiding": GuidingCase.objects.count(),
        "explained": ExplainedCase.objects.count(),
        "rules": AgencyRule.objects.count(),
        "circulars": Circular.objects.count(),
        "acknowledged": CircularTarget.objects.filter(acknowledged_at__isnull=False).count(),
    }


@pytest.mark.usefixtures("demo_cases")
def test_demo_adds_each_kind() -> None:
    counts = demo.load(timezone.localdate())

    assert counts["guiding_cases"] == demo.GUIDING_CASES
    assert counts["agency_rules"] == sum(len(codes) for _, codes in demo.RULE_PLANS)
    assert counts["circulars"] == len(demo.CIRCULAR_NUMBERS)
    assert counts["skipped"] == 0
    assert ExplainedCase.objects.filter(unpublished_at__isnull=True).count() == 1
    pending = CircularTarget.objects.filter(acknowledged_at__isnull=True)
    acknowledged = CircularTarget.objects.filter(acknowledged_at__isnull=False)
    assert pending.exists()
    assert acknowledged.exists()


@pytest.mark.usefixtures("demo_cases")
def test_demo_second_load_changes_nothing() -> None:
    today = timezone.localdate()
    demo.load(today)
    first = snapshot()

    counts = demo.load(today)

    assert snapshot() == first
    assert counts["guiding_cases"] == counts["agency_rules"] == counts["circulars"] == 0
    assert counts["skipped"] > 0
