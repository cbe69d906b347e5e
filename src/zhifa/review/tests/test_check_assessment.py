"""The check built from a case record: summary cases and the date a decided case is judged on."""

import datetime

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    advance_to_service,
    at,
    build_world,
    cover_next_year,
    notice_input,
    office,
    open_ordinary,
)
from zhifa.review.assessment import assess_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


def noticed_case(world: World, fine: str) -> Case:
    case = open_ordinary(world)
    advance_to_decision(world, case)
    penalty = actions.PenaltyInput(types=["fine"], fine=fine)
    notice = notice_input(datetime.date(2026, 10, 28), penalty=penalty, hearing_right_told=True)
    actions.give_prior_notice(world.officer_user, case, office("", at(10, 28)), notice)
    return case


def test_ordinary_case_with_large_fine_is_major(world: World) -> None:
    case = noticed_case(world, "8000")
    assert assess_case(case, "penalty_decision").major is True


def test_summary_case_never_major(world: World) -> None:
    case = noticed_case(world, "8000")
    Case.objects.filter(pk=case.pk).update(kind=CaseKind.PENALTY_SUMMARY)
    case.refresh_from_db()

    result = assess_case(case, "penalty_decision")

    assert result.major is False
    assert result.matches == ()
    assert any("简易程序" in note and "第五十一条" in note for note in result.notes)


def test_decided_case_judged_on_decision_date(world: World) -> None:
    case = advance_to_service(world, open_ordinary(world))
    proposal = assess_case(case, "penalty_decision").proposal
    assert proposal.decided_on == datetime.date(2026, 11, 5)


def test_undecided_case_judged_today(world: World, today: datetime.date) -> None:
    case = noticed_case(world, "8000")
    assert assess_case(case, "penalty_decision").proposal.decided_on == today
