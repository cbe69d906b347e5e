"""The similar-case panel: same power item first, then domain, then case kind."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, open_ordinary
from zhifa.supervision.guidance.actions import guiding_cases
from zhifa.supervision.guidance.models import GuidingCase, GuidingCaseStatus
from zhifa.supervision.guidance.similar import similar_guiding_cases
from zhifa.supervision.guidance.tests.support import guiding_input

pytestmark = pytest.mark.django_db


def _library_copy(
    model: GuidingCase, title: str, *, kind: str, domain: EnforcementDomain | None, days: int
) -> GuidingCase:
    """Add a library case of the given case kind and domain, without power items.

    Its source case is a bare copy of the model's case row, because the similarity rules
    read only the guiding case's own fields.
    """
    source = Case.objects.get(pk=model.source_case_id)
    source.pk = None
    source.number = f"{source.number}-{title}"
    source.save()
    copy = GuidingCase.objects.create(
        source_case=source,
        agency=model.agency,
        kind=model.kind,
        title=title,
        domain=domain,
        summary="摘要",
        facts="案情",
        reasoning="理由",
        key_points="要旨",
        case_kind=kind,
        status=GuidingCaseStatus.IN_LIBRARY,
        created_by=model.created_by,
        released_at=timezone.now() - datetime.timedelta(days=days),
    )
    return copy


@pytest.fixture
def library(world: World, case_closed: Case, supervisor_user: User) -> dict[str, GuidingCase]:
    by_item = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    guiding_cases.release_guiding_case(supervisor_user, by_item.pk)
    other_domain = EnforcementDomain.objects.create(code="market", name="市场监管")
    return {
        "item": by_item,
        "domain": _library_copy(
            by_item, "同领域", kind=CaseKind.INSPECTION, domain=world.domain, days=1
        ),
        "kind": _library_copy(
            by_item, "同类型", kind=CaseKind.PENALTY_ORDINARY, domain=other_domain, days=2
        ),
        "unrelated": _library_copy(
            by_item, "无关", kind=CaseKind.LICENSING, domain=other_domain, days=3
        ),
    }


def test_ranked_by_closeness(world: World, library: dict[str, GuidingCase]) -> None:
    case = open_ordinary(world)

    found = similar_guiding_cases(case)

    assert found == [library["item"], library["domain"], library["kind"]]


def test_limit_and_own_case_excluded(
    world: World, case_closed: Case, library: dict[str, GuidingCase]
) -> None:
    found = similar_guiding_cases(case_closed, limit=5)

    assert library["item"] not in found
    assert library["unrelated"] not in found
    assert len(found) == 2


def test_drafts_not_shown(world: World, library: dict[str, GuidingCase]) -> None:
    GuidingCase.objects.filter(pk=library["item"].pk).update(status=GuidingCaseStatus.DRAFT)
    case = open_ordinary(world)

    assert library["item"] not in similar_guiding_cases(case)


def test_case_page_panel(
    world: World, library: dict[str, GuidingCase], other_agency_user: User, agency_b: Agency
) -> None:
    case = open_ordinary(world)

    page = client_for(world.officer_user).get(reverse("cases:case_detail", args=[case.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "相似指导案例" in content
    assert library["item"].title in content
    assert "无关" not in content
    # An officer of another agency reads the library case, without the source case link.
    detail = client_for(other_agency_user).get(
        reverse("guidance:guiding_case_detail", args=[library["item"].pk])
    )
    assert detail.status_code == 200
    assert library["item"].source_case.number not in detail.content.decode()
