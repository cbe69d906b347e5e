"""Submitting a case for legal review: who, when, which materials, which period."""

from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.cases.models import LegalReviewState
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.core.models import CalendarYear
from zhifa.core.workdays import add_working_days, shanghai_date
from zhifa.review import actions
from zhifa.review.actions.requests import due_text
from zhifa.review.models import (
    MajorDecisionFlag,
    MajorFlag,
    MaterialRequirement,
    RequestState,
    ReviewRequest,
)
from zhifa.review.tests.support import (
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
)

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def test_submit_opens_round_one(review_world: ReviewWorld) -> None:
    case = review_world.case
    request = actions.submit(review_world.officer_user, case, submission(case))

    today = shanghai_date(request.submitted_at)
    assert request.round_number == 1
    assert request.state == RequestState.SUBMITTED
    assert request.review_department is not None
    assert request.review_department.name == "法制科"
    assert request.materials_complete_on == today
    assert request.due_on == add_working_days(today, 5)
    assert Decimal(request.proposal["fine"]) == Decimal("2000")
    assert request.assessment["major"] is True
    assert all(row["provided"] for row in request.materials)
    case.refresh_from_db()
    assert case.legal_review_state == LegalReviewState.REQUIRED
    assert AuditEntry.objects.filter(action="review_submitted", target_id=str(request.pk)).exists()


def test_submit_names_missing_material(review_world: ReviewWorld) -> None:
    case = review_world.case
    data = submission(case)
    first = data.materials[0]
    first.provided = False
    name = MaterialRequirement.objects.filter(code=first.code).values_list("name", flat=True)[0]

    with pytest.raises(ValidationFailed) as refused:
        actions.submit(review_world.officer_user, case, data)

    assert refused.value.field == "materials"
    assert f"缺少必须提交的送审材料：{name}" in refused.value.message
    assert not ReviewRequest.objects.filter(case=case).exists()


def test_submit_refuses_unknown_material(review_world: ReviewWorld) -> None:
    case = review_world.case
    data = submission(case)
    data.materials.append(actions.MaterialInput(code="no_such_material", provided=True))

    with pytest.raises(ValidationFailed) as refused:
        actions.submit(review_world.officer_user, case, data)

    assert "no_such_material" in refused.value.message


def test_submit_refuses_decision_not_major(review_world: ReviewWorld) -> None:
    case = review_world.case
    flag = MajorDecisionFlag.objects.get(case=case)
    actions.clear_flag(review_world.officer_user, flag, "经复核不属于疑难复杂案件")

    with pytest.raises(InvalidTransition) as refused:
        actions.submit(review_world.officer_user, case, submission(case))

    assert refused.value.message == "本案拟作出的决定不属于重大执法决定，无需法制审核。"


def test_submit_allows_voluntary_review(review_world: ReviewWorld) -> None:
    case = review_world.case
    flag = MajorDecisionFlag.objects.get(case=case)
    actions.clear_flag(review_world.officer_user, flag, "经复核不属于疑难复杂案件")
    actions.set_flag(
        review_world.officer_user, case, MajorFlag.OTHER_RULE, "本市规定此类案件应当法制审核"
    )

    request = actions.submit(review_world.officer_user, case, submission(case))

    assert request.round_number == 1


def test_submit_needs_manage_cases(review_world: ReviewWorld) -> None:
    with pytest.raises(NotPermitted):
        actions.submit(review_world.reviewer_user, review_world.case, submission(review_world.case))


def test_submit_refuses_second_open_round(review_world: ReviewWorld) -> None:
    case = review_world.case
    actions.submit(review_world.officer_user, case, submission(case))

    with pytest.raises(InvalidTransition) as refused:
        actions.submit(review_world.officer_user, case, submission(case))

    assert "第1轮法制审核尚未结束" in refused.value.message


def test_submit_refuses_after_approval(review_world: ReviewWorld, no_pdf: None) -> None:
    case = review_world.case
    request = actions.submit(review_world.officer_user, case, submission(case))
    actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    with pytest.raises(InvalidTransition) as refused:
        actions.submit(
            review_world.officer_user, case, submission(case, correction_summary="再次送审")
        )

    assert "已通过" in refused.value.message


def test_submit_without_calendar_year(review_world: ReviewWorld) -> None:
    case = review_world.case
    today = timezone.localdate()
    CalendarYear.objects.filter(year__gte=today.year).delete()

    request = actions.submit(review_world.officer_user, case, submission(case))

    assert request.due_on is None
    assert due_text(request) == "待导入工作日历"


def test_withdraw_then_submit_again(review_world: ReviewWorld) -> None:
    case = review_world.case
    first = actions.submit(review_world.officer_user, case, submission(case))

    withdrawn = actions.withdraw(review_world.officer_user, first, "补充材料后再送审")
    second = actions.submit(review_world.officer_user, case, submission(case))

    assert withdrawn.state == RequestState.WITHDRAWN
    assert second.round_number == 2
    assert second.previous_id == first.pk
    assert second.correction_summary == ""


def test_withdraw_refused_after_opinion(review_world: ReviewWorld, no_pdf: None) -> None:
    case = review_world.case
    request = actions.submit(review_world.officer_user, case, submission(case))
    actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    with pytest.raises(InvalidTransition):
        actions.withdraw(review_world.officer_user, request, "不再需要")


def _required_material(data: actions.SubmissionInput) -> actions.MaterialInput:
    codes = set(MaterialRequirement.objects.filter(required=True).values_list("code", flat=True))
    return next(item for item in data.materials if item.code in codes)


def test_material_marked_not_applicable(review_world: ReviewWorld) -> None:
    case = review_world.case
    data = submission(case)
    material = _required_material(data)
    material.provided = False
    material.note = "不适用：当事人书面放弃陈述申辩"

    request = actions.submit(review_world.officer_user, case, data)

    stored = next(row for row in request.materials if row["code"] == material.code)
    assert stored["not_applicable"] is True
    assert stored["provided"] is False
    assert stored["note"] == "不适用：当事人书面放弃陈述申辩"


def test_not_applicable_needs_reason(review_world: ReviewWorld) -> None:
    case = review_world.case
    data = submission(case)
    material = _required_material(data)
    material.provided = False
    material.note = "不适用。"

    with pytest.raises(ValidationFailed) as refused:
        actions.submit(review_world.officer_user, case, data)

    assert "请在“不适用”后写明理由" in refused.value.message
    assert refused.value.field == f"materials.{material.code}"
    assert not ReviewRequest.objects.filter(case=case).exists()


def test_other_note_does_not_excuse_material(review_world: ReviewWorld) -> None:
    case = review_world.case
    data = submission(case)
    material = _required_material(data)
    material.provided = False
    material.note = "当事人放弃陈述申辩，不适用"

    with pytest.raises(ValidationFailed) as refused:
        actions.submit(review_world.officer_user, case, data)

    assert "缺少必须提交的送审材料" in refused.value.message
