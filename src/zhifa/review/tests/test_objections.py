"""Objections to an opinion and the leadership's two decisions on them."""

import pytest

from zhifa.accounts.models import AuditEntry
from zhifa.core.errors import InvalidTransition, NotPermitted
from zhifa.review import actions
from zhifa.review.gate import decision_blocker
from zhifa.review.models import Conclusion, LeadershipDecision, RequestState, ReviewRequest
from zhifa.review.tests.support import (
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
)

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def concluded(world: ReviewWorld, conclusion: str) -> ReviewRequest:
    request = actions.submit(world.officer_user, world.case, submission(world.case))
    actions.issue_opinion(world.reviewer_user, request, opinion(request, conclusion))
    request.refresh_from_db()
    return request


def test_objection_waits_for_leadership(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.DISAPPROVED)

    objection = actions.object_to_opinion(
        review_world.officer_user, request, "当事人已在听证中提交新的证据，审核意见未予考虑"
    )

    request.refresh_from_db()
    assert request.state == RequestState.OBJECTED
    assert objection.raised_by == review_world.officer_user
    blocker = decision_blocker(review_world.case, "penalty_decision")
    assert blocker is not None
    assert "异议尚待单位领导决定" in blocker


def test_accept_opinion_returns_for_correction(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.REVISE_AND_RESUBMIT)
    actions.object_to_opinion(review_world.officer_user, request, "认为处罚裁量适当")

    decided = actions.decide_objection(
        review_world.head, request, LeadershipDecision.ACCEPT_OPINION, "审核意见依据充分"
    )

    request.refresh_from_db()
    assert decided.decision == LeadershipDecision.ACCEPT_OPINION
    assert decided.decided_by == review_world.head
    assert request.state == RequestState.RETURNED
    assert not ReviewRequest.objects.filter(previous=request).exists()
    resubmitted = actions.submit(
        review_world.officer_user,
        review_world.case,
        submission(review_world.case, correction_summary="按审核意见调整了罚款数额"),
    )
    assert resubmitted.round_number == 2


def test_new_review_opens_next_round(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.DISAPPROVED)
    actions.object_to_opinion(review_world.officer_user, request, "审核意见对事实认定有误")

    actions.decide_objection(
        review_world.head, request, LeadershipDecision.NEW_REVIEW, "异议理由成立，应当重新审核"
    )

    request.refresh_from_db()
    assert request.state == RequestState.REREVIEW_ORDERED
    new_round = ReviewRequest.objects.get(previous=request)
    assert new_round.round_number == 2
    assert new_round.state == RequestState.SUBMITTED
    assert new_round.materials == request.materials
    assert new_round.proposal == request.proposal
    assert new_round.review_department == request.review_department
    assert "异议理由成立" in new_round.correction_summary
    assert AuditEntry.objects.filter(action="review_objection_decided").exists()
    actions.issue_opinion(review_world.reviewer_user, new_round, opinion(new_round))
    assert decision_blocker(review_world.case, "penalty_decision") is None


def test_objection_only_once(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.REVISE_AND_RESUBMIT)
    actions.object_to_opinion(review_world.officer_user, request, "认为处罚裁量适当")
    actions.decide_objection(
        review_world.head, request, LeadershipDecision.ACCEPT_OPINION, "审核意见依据充分"
    )

    with pytest.raises(InvalidTransition) as refused:
        actions.object_to_opinion(review_world.officer_user, request, "再次提出异议")

    assert "每轮只能提出一次" in refused.value.message


def test_no_objection_to_approval(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.APPROVED)

    with pytest.raises(InvalidTransition):
        actions.object_to_opinion(review_world.officer_user, request, "无")


def test_decision_needs_agency_head(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.DISAPPROVED)
    actions.object_to_opinion(review_world.officer_user, request, "审核意见对事实认定有误")

    with pytest.raises(NotPermitted):
        actions.decide_objection(
            review_world.officer_user, request, LeadershipDecision.NEW_REVIEW, "重新审核"
        )


def test_decision_needs_pending_objection(review_world: ReviewWorld, no_pdf: None) -> None:
    request = concluded(review_world, Conclusion.DISAPPROVED)

    with pytest.raises(InvalidTransition) as refused:
        actions.decide_objection(
            review_world.head, request, LeadershipDecision.NEW_REVIEW, "重新审核"
        )

    assert "没有待决定的异议" in refused.value.message
