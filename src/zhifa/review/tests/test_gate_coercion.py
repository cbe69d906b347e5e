"""The decision gate on compulsory enforcement and substitute performance decisions.

A town's enforcement decisions are major (rule 4) and go to its judicial office.
"""

import datetime

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, JudicialOffice
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office
from zhifa.coercion import actions as coercion_actions
from zhifa.coercion.tests.support import open_kind, record_basis, serve_demand
from zhifa.core.errors import InvalidTransition
from zhifa.review.gate import decision_blocker
from zhifa.review.tests.support import approve_review, link_reviewer, no_pdf

__all__ = ["no_pdf"]  # fixtures used by name

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def office_reviewer(
    world: World, judicial_office: JudicialOffice, judicial_office_user: User
) -> User:
    link_reviewer(world.head, world.agency, judicial_office_user, "王司法")
    return judicial_office_user


@pytest.fixture
def case(world: World) -> Case:
    case = open_kind(world, CaseKind.COMPULSORY_ENFORCEMENT, "拒不拆除违法搭建强制执行案")
    record_basis(
        world, case, power="agency", power_basis="《城乡规划法》第六十八条", obligation="act"
    )
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    return case


def decide_enforcement(world: World, case: Case) -> None:
    coercion_actions.decide_enforcement(
        world.officer_user,
        case,
        office("enforcement_decision", at(10, 26), "作出强制执行决定"),
        coercion_actions.EnforcementDecisionInput("强执1号", "依法强制拆除违法搭建", ""),
    )


def decide_substitute(world: World, case: Case) -> None:
    coercion_actions.decide_substitute(
        world.officer_user,
        case,
        office("substitute_decision", at(10, 26)),
        coercion_actions.SubstituteDecisionInput(
            "代履1号", "上海某拆除工程有限公司", "机械拆除", "违法搭建棚屋", D(2026, 11, 5), "8000"
        ),
    )


def test_enforcement_decision_blocked_then_released(
    world: World, case: Case, office_reviewer: User, no_pdf: None
) -> None:
    with pytest.raises(InvalidTransition) as refused:
        decide_enforcement(world, case)
    assert "重大执法决定" in refused.value.message

    opinion = approve_review(case, world.officer_user, office_reviewer)
    decide_enforcement(world, case)

    assert opinion.request.judicial_office is not None
    assert case.steps.filter(step="enforcement_decision").exists()


def test_substitute_decision_blocked_then_released(
    world: World, case: Case, office_reviewer: User, no_pdf: None
) -> None:
    assert decision_blocker(case, "substitute_decision") is not None
    with pytest.raises(InvalidTransition):
        decide_substitute(world, case)

    approve_review(case, world.officer_user, office_reviewer, decision="substitute_decision")
    decide_substitute(world, case)

    assert case.steps.filter(step="substitute_decision").exists()
