"""The coercion demo: every stage of both kinds, made through the actions, and idempotent."""

import pytest
from django.utils import timezone

from zhifa.cases.documents import rendering
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.coercion import demo
from zhifa.coercion.models import CoerciveMeasure, MeasureState
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)
    load_reference()
    load_demo(timezone.localdate())


@pytest.mark.usefixtures("reference")
def test_demo_covers_every_stage_and_is_idempotent() -> None:
    today = timezone.localdate()
    counts = demo.load(today)
    assert counts == {"cases": 12, "skipped": 0}

    for kind, expected in (
        (CaseKind.COERCIVE_MEASURE, {"initiation", "decision", "execution", "closing"}),
        (
            CaseKind.COMPULSORY_ENFORCEMENT,
            {"initiation", "investigation", "decision", "execution", "closing"},
        ),
    ):
        stages = set(Case.objects.filter(kind=kind).values_list("stage", flat=True))
        assert stages == expected, kind
    states = set(CoerciveMeasure.objects.values_list("state", flat=True))
    assert {MeasureState.IN_FORCE, MeasureState.RELEASED, MeasureState.CONFISCATED} <= states
    assert CaseStep.objects.filter(step="immediate_substitute").exists()
    assert CaseStep.objects.filter(step="court_application").exists()

    steps_before = CaseStep.objects.count()
    assert demo.load(today) == {"cases": 0, "skipped": 0}
    assert CaseStep.objects.count() == steps_before
