"""Flags that declare a case major: a reason each, one open flag per circumstance."""

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.review import actions
from zhifa.review.models import MajorDecisionFlag, MajorFlag
from zhifa.review.tests.support import ReviewWorld, review_world

__all__ = ["review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def test_flag_set_with_reason(review_world: ReviewWorld) -> None:
    flag = actions.set_flag(
        review_world.officer_user,
        review_world.case,
        MajorFlag.PUBLIC_OPINION_RISK,
        "  已有媒体报道，可能引发舆情  ",
    )

    assert flag.reason == "已有媒体报道，可能引发舆情"
    assert flag.set_by == review_world.officer_user
    assert AuditEntry.objects.filter(action="major_flag_set").count() == 2


def test_flag_needs_reason(review_world: ReviewWorld) -> None:
    with pytest.raises(ValidationFailed) as refused:
        actions.set_flag(review_world.officer_user, review_world.case, MajorFlag.NEW_DOMAIN, " ")

    assert refused.value.field == "reason"


def test_flag_needs_known_code(review_world: ReviewWorld) -> None:
    with pytest.raises(ValidationFailed) as refused:
        actions.set_flag(review_world.officer_user, review_world.case, "urgent", "理由")

    assert refused.value.field == "code"


def test_one_open_flag_per_code(review_world: ReviewWorld) -> None:
    with pytest.raises(InvalidTransition) as refused:
        actions.set_flag(review_world.officer_user, review_world.case, MajorFlag.COMPLEX, "重复")

    assert "无需重复标记" in refused.value.message


def test_cleared_flag_may_be_set_again(review_world: ReviewWorld) -> None:
    flag = MajorDecisionFlag.objects.get(case=review_world.case)

    cleared = actions.clear_flag(review_world.officer_user, flag, "经复核不属于疑难复杂案件")
    again = actions.set_flag(
        review_world.officer_user, review_world.case, MajorFlag.COMPLEX, "补充调查后认为案情复杂"
    )

    assert cleared.cleared_at is not None
    assert cleared.clear_reason == "经复核不属于疑难复杂案件"
    assert again.pk != cleared.pk
    assert MajorDecisionFlag.objects.filter(case=review_world.case).count() == 2


def test_clear_twice_is_refused(review_world: ReviewWorld) -> None:
    flag = MajorDecisionFlag.objects.get(case=review_world.case)
    actions.clear_flag(review_world.officer_user, flag, "经复核不属于疑难复杂案件")

    with pytest.raises(InvalidTransition):
        actions.clear_flag(review_world.officer_user, flag, "再次撤销")


def test_flag_needs_manage_cases(review_world: ReviewWorld) -> None:
    with pytest.raises(NotPermitted):
        actions.set_flag(
            review_world.reviewer_user, review_world.case, MajorFlag.NEW_DOMAIN, "新业态"
        )


def test_flag_outside_scope(review_world: ReviewWorld, officer_user: User) -> None:
    flag = MajorDecisionFlag.objects.get(case=review_world.case)

    with pytest.raises(NotFound):
        actions.set_flag(officer_user, review_world.case, MajorFlag.NEW_DOMAIN, "新业态")
    with pytest.raises(NotFound):
        actions.clear_flag(officer_user, flag, "撤销")
