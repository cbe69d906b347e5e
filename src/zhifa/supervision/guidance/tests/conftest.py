"""Fixtures of the guidance tests: a world of agency A with one closed case."""

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World
from zhifa.supervision.guidance.tests.support import closed_case, make_world


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    return make_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case_closed(world: World) -> Case:
    return closed_case(world)
