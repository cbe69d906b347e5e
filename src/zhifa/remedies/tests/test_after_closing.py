"""A remedy filed after the case closed is still recorded on the case."""

import datetime

import pytest
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import Case, CaseStatus
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office
from zhifa.core.errors import InvalidTransition
from zhifa.remedies.models import Remedy
from zhifa.remedies.tests.support import conclude, file, served_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def closed_case(world: World) -> Case:
    case = served_case(world)
    payment = actions.PaymentInput(
        amount="2000", paid_on=datetime.date(2026, 11, 10), channel="bank", receipt_number="NO1"
    )
    actions.record_payment(world.officer_user, case, office("", at(11, 10)), payment)
    return actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 12),
        summary="结案",
        occurred_at=at(11, 12),
    )


def test_remedy_recorded_on_closed_case(world: World, closed_case: Case) -> None:
    file(world, closed_case, datetime.date(2026, 11, 20))
    conclude(world, closed_case, datetime.date(2026, 11, 27), "revoked")

    remedy = Remedy.objects.get(case=closed_case)
    assert remedy.outcome == "revoked"
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.CLOSED
    assert list(closed_case.steps.values_list("step", flat=True))[-2:] == [
        "remedy_filed",
        "remedy_concluded",
    ]


def test_other_steps_still_refused_after_closing(world: World, closed_case: Case) -> None:
    with pytest.raises(InvalidTransition, match="已结案"):
        actions.record_step(
            world.officer_user, closed_case, office("electronic_service_consent", at(11, 20))
        )


def test_closed_case_page_offers_only_remedies(world: World, closed_case: Case) -> None:
    response = client_for(world.officer_user).get(
        reverse("cases:case_detail", kwargs={"pk": closed_case.pk})
    )

    offered = [spec.code for spec in response.context["offered"]]
    assert offered == ["remedy_filed", "remedy_concluded"]
    assert response.context["can_manage"] is False
