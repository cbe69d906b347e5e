"""Demo licensing cases: every stage present, later decisions made, a second load adds nothing."""

from typing import Any

import pytest
from django.utils import timezone

from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference
from zhifa.licensing import demo
from zhifa.licensing.models import Licence, LicenceDecision

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, Any]:
    return {
        "cases": list(Case.objects.order_by("pk").values()),
        "steps": CaseStep.objects.count(),
        "licences": list(Licence.objects.order_by("pk").values()),
        "decisions": LicenceDecision.objects.count(),
    }


def test_demo_covers_stages_and_is_idempotent() -> None:
    load_reference()
    today = timezone.localdate()
    load_demo(today)

    first = demo.load(today)
    assert first["skipped"] == 0
    assert first["applications"] == 30
    licensing = Case.objects.filter(kind=CaseKind.LICENSING)
    assert set(licensing.values_list("stage", flat=True)) == {
        "initiation",
        "investigation",
        "service",
        "closing",
    }
    assert licensing.values("agency").distinct().count() == 3
    assert set(LicenceDecision.objects.values_list("kind", flat=True)) == {
        "license_annulment",
        "license_cancellation",
    }
    assert any(licence.follow_up_overdue for licence in Licence.objects.all())
    assert Licence.objects.filter(follow_up_case__isnull=False).exists()
    assert Case.objects.filter(kind=CaseKind.LICENSE_DISPOSAL, stage="investigation").exists()

    before = snapshot()
    second = demo.load(today)
    assert second == {"applications": 0, "disposals": 0, "skipped": 0}
    assert snapshot() == before
