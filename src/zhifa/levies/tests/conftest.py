"""Fixtures of the levies tests: the district government and an announced expropriation."""

import pytest

from zhifa.levies.actions import households
from zhifa.levies.models import ExpropriationProject
from zhifa.levies.tests import support
from zhifa.levies.tests.support import VALUE, D, at, office


@pytest.fixture
def gov() -> support.Bureau:
    return support.government()


@pytest.fixture
def announced(gov: support.Bureau) -> ExpropriationProject:
    """A project decided on 5 March 2026 and announced on 6 March, each house valued."""
    project = support.new_project(gov, support.housing_bureau())
    support.record_preconditions(gov.user, project.case)
    support.decide(gov.user, project.case)
    support.announce(gov.user, project.case)
    for row in project.households.all():
        households.record_valuation(
            gov.user,
            project.case,
            office("household_valuation", at(3, 16)),
            household=row.number,
            valuation_firm="上海某房地产估价有限公司",
            value=VALUE,
            value_date=D(2026, 3, 6),
            reported_on=D(2026, 3, 16),
        )
    return project
