"""The decision gate on penalty decisions: blocked until approved, and past a heavier change."""

import datetime

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.tests.steps_support import at, decision_input, notice_input, office
from zhifa.core.errors import InvalidTransition
from zhifa.review import actions
from zhifa.review.gate import decision_blocker
from zhifa.review.models import Conclusion, MajorDecisionFlag
from zhifa.review.status import review_status
from zhifa.review.tests.support import (
    ReviewWorld,
    approve_review,
    no_pdf,
    opinion,
    review_world,
    submission,
)

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def decide(world: ReviewWorld) -> None:
    case_actions.issue_decision(
        world.head,
        world.case,
        office("penalty_decision", at(11, 5)),
        decision_input(datetime.date(2026, 11, 5)),
    )


def test_minor_decision_passes(review_world: ReviewWorld) -> None:
    flag = MajorDecisionFlag.objects.get(case=review_world.case)
    actions.clear_flag(review_world.officer_user, flag, "经复核不属于疑难复杂案件")

    assert decision_blocker(review_world.case, "penalty_decision") is None
    decide(review_world)
    assert review_world.case.steps.filter(step="penalty_decision").exists()


def test_major_without_review_is_blocked(review_world: ReviewWorld) -> None:
    with pytest.raises(InvalidTransition) as refused:
        decide(review_world)

    assert "属于重大执法决定" in refused.value.message
    assert "未经法制审核不得作出决定" in refused.value.message
    assert not review_world.case.steps.filter(step="penalty_decision").exists()


def test_under_review_is_blocked(review_world: ReviewWorld) -> None:
    actions.submit(review_world.officer_user, review_world.case, submission(review_world.case))

    blocker = decision_blocker(review_world.case, "penalty_decision")

    assert blocker is not None
    assert "区市场监管局法制科第1轮法制审核中" in blocker
    with pytest.raises(InvalidTransition):
        decide(review_world)


@pytest.mark.parametrize(
    ("conclusion", "words"),
    [(Conclusion.REVISE_AND_RESUBMIT, "建议修改后提交"), (Conclusion.DISAPPROVED, "不同意")],
)
def test_failed_review_is_blocked(
    review_world: ReviewWorld, no_pdf: None, conclusion: str, words: str
) -> None:
    request = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )
    actions.issue_opinion(review_world.reviewer_user, request, opinion(request, conclusion))

    blocker = decision_blocker(review_world.case, "penalty_decision")

    assert blocker is not None
    assert words in blocker
    with pytest.raises(InvalidTransition):
        decide(review_world)


def test_withdrawn_review_is_blocked(review_world: ReviewWorld) -> None:
    request = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )
    actions.withdraw(review_world.officer_user, request, "补充材料")

    blocker = decision_blocker(review_world.case, "penalty_decision")

    assert blocker is not None
    assert "送审已撤回" in blocker


def test_approved_review_releases_decision(review_world: ReviewWorld, no_pdf: None) -> None:
    approve_review(review_world.case, review_world.officer_user, review_world.reviewer_user)

    status = review_status(review_world.case, "penalty_decision")
    decide(review_world)

    assert status.approved is True
    assert status.blocker is None
    assert review_world.case.steps.filter(step="penalty_decision").exists()


def test_heavier_change_needs_new_review(review_world: ReviewWorld, no_pdf: None) -> None:
    approve_review(review_world.case, review_world.officer_user, review_world.reviewer_user)
    heavier = case_actions.PenaltyInput(types=["fine"], fine="4000")
    case_actions.give_prior_notice(
        review_world.officer_user,
        review_world.case,
        office("prior_notice", at(10, 30)),
        notice_input(datetime.date(2026, 10, 30), penalty=heavier),
    )

    blocker = decision_blocker(review_world.case, "penalty_decision")

    assert blocker is not None
    assert "罚款金额由审核时的2000元提高到4000元" in blocker
    second = actions.submit(
        review_world.officer_user,
        review_world.case,
        submission(review_world.case, correction_summary="罚款数额调整为4000元"),
    )
    actions.issue_opinion(review_world.reviewer_user, second, opinion(second))
    assert decision_blocker(review_world.case, "penalty_decision") is None


def test_lighter_change_stays_approved(review_world: ReviewWorld, no_pdf: None) -> None:
    approve_review(review_world.case, review_world.officer_user, review_world.reviewer_user)
    lighter = case_actions.PenaltyInput(types=["fine"], fine="1500")
    case_actions.give_prior_notice(
        review_world.officer_user,
        review_world.case,
        office("prior_notice", at(10, 30)),
        notice_input(datetime.date(2026, 10, 30), penalty=lighter),
    )

    assert decision_blocker(review_world.case, "penalty_decision") is None
