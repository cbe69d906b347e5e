"""Review demo data: catalogs, procedures, the showcase reviews, and a second load adds nothing."""

from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.cases.documents import rendering
from zhifa.cases.models import Case
from zhifa.demo import cases_demo
from zhifa.demo.people import DISTRICT_LEGAL_BODY, load_demo
from zhifa.demo.reference import load_reference
from zhifa.review import actions, demo
from zhifa.review.models import (
    CatalogState,
    LeadershipDecision,
    RequestState,
    ReviewCatalog,
    ReviewObjection,
    ReviewOpinion,
    ReviewProcedure,
    ReviewRequest,
)

pytestmark = pytest.mark.django_db

DEMO_AGENCIES = ("区市场监管局", "区城管执法局", "朱家角镇")


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Load reference, people and cases of three agencies without PDFs, then the review demo."""
    monkeypatch.setattr(cases_demo, "CASE_AGENCIES", DEMO_AGENCIES)
    monkeypatch.setattr(cases_demo, "CASES_PER_AGENCY", {})
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)
    today = timezone.localdate()
    load_reference()
    load_demo(today)
    counts = cases_demo.load_cases(today)
    return {"cases": counts["cases"], **demo.load(today)}


def snapshot() -> dict[str, Any]:
    return {
        "requests": list(ReviewRequest.objects.order_by("pk").values()),
        "opinions": ReviewOpinion.objects.count(),
        "objections": list(ReviewObjection.objects.order_by("pk").values()),
        "catalogs": list(ReviewCatalog.objects.order_by("pk").values()),
        "procedures": ReviewProcedure.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def rounds_of(marker: str) -> list[ReviewRequest]:
    case_id = ReviewRequest.objects.get(summary__endswith=marker, round_number=1).case_id
    return list(ReviewRequest.objects.filter(case_id=case_id).order_by("round_number"))


def _check_lists_and_accounts(loaded: dict[str, int]) -> None:
    from zhifa.accounts.models import User

    assert loaded["catalogs"] == 4
    assert loaded["procedures"] == 2
    assert loaded["reviews"] == 3
    assert loaded["skipped"] == 0
    # Each agency gets the default 20 cases; a decision the gate blocked would skip its case.
    assert loaded["cases"] == 20 * len(DEMO_AGENCIES)
    approved = ReviewRequest.objects.filter(state=RequestState.APPROVED)
    assert approved.exclude(summary__contains="演示审核").exists()

    states = {
        catalog.agency.short_name: catalog.state
        for catalog in ReviewCatalog.objects.select_related("agency")
    }
    assert states == {
        "区市场监管局": CatalogState.ACCEPTED,
        "区城管执法局": CatalogState.ACCEPTED,
        "区生态环境局": CatalogState.RETURNED,
        "朱家角镇": CatalogState.FILED,
    }
    assert ReviewCatalog.objects.get(state=CatalogState.RETURNED).bureau_comments
    assert Agency.objects.exclude(review_catalogs__isnull=False).count() > 1

    government = Agency.objects.get(kind=AgencyKind.DISTRICT_GOVERNMENT)
    assert government.review_body is not None
    assert government.review_body.name == DISTRICT_LEGAL_BODY
    assert government.review_body.is_legal_department

    reviewer = User.objects.get(username="reviewer")
    assert reviewer.reviewer_record.agency == reviewer.agency
    assert reviewer.department == reviewer.agency.review_body
    assert User.objects.get(username="sifasuo").reviewer_record.legal_qualification


def _check_showcase_reviews() -> None:
    first, second = rounds_of(demo.RETURNED_ONCE)
    assert first.state == RequestState.RESUBMITTED
    assert first.opinion.conclusion == "revise_and_resubmit"
    assert second.previous_id == first.pk
    assert second.state == RequestState.APPROVED
    assert second.correction_summary

    objected, resubmitted = rounds_of(demo.OBJECTED)
    assert objected.objection.decision == LeadershipDecision.ACCEPT_OPINION
    assert objected.objection.decision_reasons
    assert objected.state == RequestState.RESUBMITTED
    assert resubmitted.state == RequestState.APPROVED

    (pending,) = rounds_of(demo.PENDING)
    assert pending.state == RequestState.SUBMITTED
    assert pending.judicial_office is not None
    assert pending.judicial_office.name == "上海市青浦区司法局朱家角司法所"
    assert actions.is_overdue(pending, timezone.localdate())


def _check_second_load_changes_nothing() -> None:
    first = snapshot()
    cases_before = Case.objects.count()

    counts = demo.load(timezone.localdate())

    assert counts["catalogs"] == counts["procedures"] == counts["reviews"] == 0
    assert snapshot() == first
    assert Case.objects.count() == cases_before


def _check_catalog_entries_have_criteria() -> None:
    from decimal import Decimal

    from zhifa.review.assessment import assess
    from zhifa.review.catalogs import has_criterion
    from zhifa.review.models import DecisionKind
    from zhifa.review.proposals import ProposedDecision

    agency = Agency.objects.get(short_name="区市场监管局")
    catalog = ReviewCatalog.objects.get(agency=agency)
    unbounded = [entry.decision_kind for entry in catalog.entries.all() if not has_criterion(entry)]
    assert unbounded == [DecisionKind.LICENSE_ANNULMENT]

    def catalog_codes(**fields: Any) -> list[str]:
        proposal = ProposedDecision(kind=DecisionKind.PENALTY, agency_id=agency.pk, **fields)
        return [match.code for match in assess(proposal).matches if match.rule == 8]

    assert catalog_codes(penalty_types=frozenset({"warning"})) == []
    assert catalog_codes(penalty_types=frozenset({"fine"}), fine=Decimal("199999.99")) == []
    assert catalog_codes(penalty_types=frozenset({"fine"}), fine=Decimal("200000")) == [
        "catalog_entry"
    ]
    assert catalog_codes(penalty_types=frozenset({"license_revocation"})) == ["catalog_entry"]
    enforcement = ProposedDecision(
        kind=DecisionKind.COMPULSORY_ENFORCEMENT,
        agency_id=agency.pk,
        enforcement_method="late_fee",
    )
    assert [match.rule for match in assess(enforcement).matches] == []


# One test on one load of the demo, which takes about a minute on PostgreSQL.
def test_demo_reviews_catalogs_and_reload(loaded: dict[str, int]) -> None:
    _check_lists_and_accounts(loaded)
    _check_showcase_reviews()
    _check_catalog_entries_have_criteria()
    _check_second_load_changes_nothing()
