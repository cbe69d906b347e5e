"""A step cannot have happened before its case was opened."""

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import CaseStep
from zhifa.cases.tests.steps_support import World, at, build_world, office, open_ordinary
from zhifa.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    return build_world(agency_a, agency_head_user, officer_user)


def test_step_before_opening_refused(world: World) -> None:
    case = open_ordinary(world)  # opened on 12 October 2026
    before = CaseStep.objects.filter(case=case).count()

    with pytest.raises(ValidationFailed, match="早于本案立案") as raised:
        actions.record_step(world.head, case, office("filing_approval", at(10, 11, 17)))

    assert raised.value.field == "occurred_at"
    assert CaseStep.objects.filter(case=case).count() == before


def test_step_on_opening_day_accepted(world: World) -> None:
    case = open_ordinary(world)

    step = actions.record_step(world.head, case, office("filing_approval", at(10, 12, 9)))

    assert step.step == "filing_approval"
