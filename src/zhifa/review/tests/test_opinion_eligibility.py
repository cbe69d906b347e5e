"""Who may sign an opinion: a qualified reviewer of the routed body who did not handle the case."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import Department, Reviewer, ReviewerKind
from zhifa.core.errors import NotPermitted
from zhifa.review import actions
from zhifa.review.models import RequestState, ReviewRequest
from zhifa.review.tests.support import (
    ReviewWorld,
    link_reviewer,
    no_pdf,
    opinion,
    review_world,
    submission,
    town_review_world,
)

__all__ = ["no_pdf", "review_world", "town_review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def submitted(world: ReviewWorld) -> ReviewRequest:
    return actions.submit(world.officer_user, world.case, submission(world.case))


def refusal_of(user: User, request: ReviewRequest) -> str:
    with pytest.raises(NotPermitted) as refused:
        actions.issue_opinion(user, request, opinion(request))
    return refused.value.message


def test_judicial_office_signs_town_case(town_review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(town_review_world)

    issued = actions.issue_opinion(town_review_world.reviewer_user, request, opinion(request))

    assert issued.request.state == RequestState.APPROVED
    assert issued.reviewer == town_review_world.reviewer
    assert request.judicial_office is not None


def test_town_legal_office_cannot_sign(
    town_review_world: ReviewWorld, make_user: Callable[..., User]
) -> None:
    agency = town_review_world.case.agency
    legal = Department.objects.get(agency=agency, name="法制办")
    user = make_user("fazhiban_a", Role.REVIEWER, agency=agency, department=legal)
    link_reviewer(town_review_world.head, agency, user, "镇法制员")
    request = submitted(town_review_world)

    assert "您不属于该司法所" in refusal_of(user, request)


def test_other_department_cannot_sign(
    review_world: ReviewWorld, make_user: Callable[..., User]
) -> None:
    agency = review_world.case.agency
    user = make_user(
        "jicha_b", Role.REVIEWER, agency=agency, department=review_world.case.department
    )
    link_reviewer(review_world.head, agency, user, "稽查员")
    request = submitted(review_world)

    assert "您不是该机构的法制审核人员" in refusal_of(user, request)


def test_unlinked_account_cannot_sign(
    review_world: ReviewWorld, make_user: Callable[..., User]
) -> None:
    legal = review_world.reviewer_user.department
    user = make_user("fazhi_b2", Role.REVIEWER, agency=review_world.case.agency, department=legal)
    request = submitted(review_world)

    assert "没有关联法制审核人员名册" in refusal_of(user, request)


def test_ended_reviewer_cannot_sign(review_world: ReviewWorld) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    agency_actions.end_reviewer(review_world.head, review_world.reviewer, yesterday)
    request = submitted(review_world)

    assert "结束法制审核工作" in refusal_of(review_world.reviewer_user, request)


def test_public_lawyer_cannot_sign(review_world: ReviewWorld) -> None:
    Reviewer.objects.filter(pk=review_world.reviewer.pk).update(kind=ReviewerKind.PUBLIC_LAWYER)
    request = submitted(review_world)

    assert "应由法制审核工作人员出具" in refusal_of(review_world.reviewer_user, request)


def test_case_officer_cannot_sign(review_world: ReviewWorld) -> None:
    officer = review_world.world.officers[0]
    Reviewer.objects.filter(pk=review_world.reviewer.pk).update(officer=officer)
    request = submitted(review_world)

    assert "您是本案的承办人员" in refusal_of(review_world.reviewer_user, request)


def test_unqualified_late_starter_cannot_sign(review_world: ReviewWorld) -> None:
    # Rows from before the assignment rule existed; the rule now refuses such an assignment.
    Reviewer.objects.filter(pk=review_world.reviewer.pk).update(
        started_on=datetime.date(2021, 7, 15), legal_qualification=False
    )
    request = submitted(review_world)

    assert "应当取得法律职业资格" in refusal_of(review_world.reviewer_user, request)


def test_late_starter_before_rule_may_sign(review_world: ReviewWorld, no_pdf: None) -> None:
    Reviewer.objects.filter(pk=review_world.reviewer.pk).update(
        started_on=datetime.date(2021, 7, 14), legal_qualification=False
    )
    request = submitted(review_world)

    issued = actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    assert issued.conclusion == "approved"
