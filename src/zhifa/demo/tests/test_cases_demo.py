"""Demo cases: made through the actions, every stage present, and a second load adds nothing."""

from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.cases.documents import rendering
from zhifa.cases.models import (
    Case,
    CaseKind,
    CaseStep,
    Document,
    ExchangeBatch,
    Party,
    SpotCheckDraw,
)
from zhifa.cases.spotcheck import reproduce
from zhifa.core.identifiers import check_id_number, check_uscc
from zhifa.demo import cases_demo
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load the reference and people, and limit the case demo to two agencies without PDFs."""
    monkeypatch.setattr(cases_demo, "CASE_AGENCIES", ("区市场监管局", "区城管执法局"))
    monkeypatch.setattr(cases_demo, "CASES_PER_AGENCY", {})
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)
    load_reference()
    load_demo(timezone.localdate())


def snapshot() -> dict[str, Any]:
    return {
        "cases": list(Case.objects.order_by("pk").values()),
        "steps": CaseStep.objects.count(),
        "parties": Party.objects.count(),
        "batches": ExchangeBatch.objects.count(),
        "draws": SpotCheckDraw.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.usefixtures("small_demo")
def test_cases_cover_every_kind_and_stage() -> None:
    counts = cases_demo.load_cases(timezone.localdate())

    assert counts["cases"] == 40
    assert counts["documents"] == 0
    native = Case.objects.filter(source="native")
    ordinary = native.filter(kind=CaseKind.PENALTY_ORDINARY)
    assert set(ordinary.values_list("stage", flat=True)) == {
        "initiation",
        "investigation",
        "review",
        "decision",
        "service",
        "execution",
        "closing",
    }
    assert set(native.filter(kind=CaseKind.PENALTY_SUMMARY).values_list("stage", flat=True)) == {
        "execution",
        "closing",
    }
    assert set(native.filter(kind=CaseKind.INSPECTION).values_list("stage", flat=True)) == {
        "initiation",
        "investigation",
        "decision",
        "closing",
    }
    assert native.filter(status="closed", closed_on__isnull=False).count() >= 10


@pytest.mark.usefixtures("small_demo")
def test_steps_went_through_actions() -> None:
    cases_demo.load_cases(timezone.localdate())

    closed = Case.objects.filter(
        source="native", kind=CaseKind.PENALTY_ORDINARY, status="closed"
    ).first()
    assert closed is not None
    codes = list(closed.steps.values_list("step", flat=True))
    assert codes[:2] == ["case_opened", "filing_approval"]
    assert "penalty_decision" in codes
    assert codes[-1] == "closing_approval"
    assert AuditEntry.objects.filter(action="case_opened").count() == 40
    assert AuditEntry.objects.filter(action="decision_issued").exists()


@pytest.mark.usefixtures("small_demo")
def test_party_numbers_are_valid() -> None:
    cases_demo.load_cases(timezone.localdate())

    for party in Party.objects.all():
        if party.id_number:
            assert check_id_number(party.id_number).valid, party.id_number
        else:
            assert check_uscc(party.uscc).valid, party.uscc


@pytest.mark.usefixtures("small_demo")
def test_spot_check_and_exchange_loaded() -> None:
    counts = cases_demo.load_cases(timezone.localdate())

    assert counts["spot_checks"] == 1
    draw = SpotCheckDraw.objects.get()
    assert draw.seed == f"{cases_demo.SEED:032x}"
    assert reproduce(draw).matches
    batch = ExchangeBatch.objects.get()
    assert batch.source.name == "上海市统一综合执法系统"
    assert batch.status == "imported"
    assert counts["exchanged"] == batch.created_count == 7
    assert Case.objects.filter(source="sh_unified").count() == 7


@pytest.mark.usefixtures("small_demo")
def test_second_load_changes_nothing() -> None:
    today = timezone.localdate()
    cases_demo.load_cases(today)
    first = snapshot()

    counts = cases_demo.load_cases(today)

    assert counts["cases"] == counts["spot_checks"] == counts["exchanged"] == 0
    assert snapshot() == first


def test_parties_are_deterministic() -> None:
    assert cases_demo.demo_party(7) == cases_demo.demo_party(7)
    assert cases_demo.demo_party(8) != cases_demo.demo_party(10)


@pytest.mark.usefixtures("small_demo")
def test_documents_skipped_without_libreoffice() -> None:
    cases_demo.load_cases(timezone.localdate())

    # Review opinions are issued by the review actions, which keep the Word file alone when
    # LibreOffice is missing; the demo's own documents are skipped.
    assert not Document.objects.exclude(doc_type="review_opinion").exists()
