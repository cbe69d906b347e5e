"""The decision gate on a housing expropriation decided by the district government."""

from collections.abc import Callable

import pytest

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import Department
from zhifa.core.errors import InvalidTransition
from zhifa.levies.tests import support as levies_support
from zhifa.review.tests.support import approve_review, link_reviewer, no_pdf

__all__ = ["no_pdf"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def test_expropriation_blocked_then_released(
    system_admin_user: User, make_user: Callable[..., User], no_pdf: None
) -> None:
    gov = levies_support.government()
    legal = Department.objects.create(agency=gov.agency, name="区司法局", is_legal_department=True)
    agency_actions.set_review_body(system_admin_user, gov.agency, legal.pk)
    reviewer_user = make_user("qp-fazhi", Role.REVIEWER, agency=gov.agency, department=legal)
    link_reviewer(gov.user, gov.agency, reviewer_user, "陈审核")
    project = levies_support.new_project(gov, levies_support.housing_bureau())
    case = project.case
    levies_support.record_preconditions(gov.user, case)

    with pytest.raises(InvalidTransition) as refused:
        levies_support.decide(gov.user, case, review=False)
    assert "重大执法决定" in refused.value.message

    issued = approve_review(case, gov.user, reviewer_user, decision="expropriation_decision")
    levies_support.decide(gov.user, case, review=False)

    assert issued.request.review_department == legal
    assert issued.request.decision_kind == "housing_expropriation"
    assert case.steps.filter(step="expropriation_decision").exists()
