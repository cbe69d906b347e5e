"""The resubmission loop: numbered rounds, corrections, comparison, extension and overdue."""

import datetime

import pytest

from zhifa.accounts.models import AuditEntry
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.core.workdays import add_working_days
from zhifa.review import actions, rounds
from zhifa.review.models import Conclusion, RequestState, ReviewRequest
from zhifa.review.rounds import compare, heavier_than_reviewed
from zhifa.review.tests.support import (
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
)

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def returned_round(world: ReviewWorld) -> ReviewRequest:
    request = actions.submit(world.officer_user, world.case, submission(world.case))
    actions.issue_opinion(
        world.reviewer_user, request, opinion(request, Conclusion.REVISE_AND_RESUBMIT)
    )
    request.refresh_from_db()
    return request


def test_resubmission_needs_correction_summary(review_world: ReviewWorld, no_pdf: None) -> None:
    returned_round(review_world)

    with pytest.raises(ValidationFailed) as refused:
        actions.submit(review_world.officer_user, review_world.case, submission(review_world.case))

    assert refused.value.field == "correction_summary"
    assert "第1轮法制审核意见" in refused.value.message


def test_loop_numbers_and_compares_rounds(review_world: ReviewWorld, no_pdf: None) -> None:
    first = returned_round(review_world)
    data = submission(
        review_world.case,
        summary="已补充陈述申辩复核材料，拟罚款2000元，请予审核。",
        correction_summary="按审核意见补充了陈述申辩复核笔录。",
    )
    data.materials[0].note = "已补充复核笔录"

    second = actions.submit(review_world.officer_user, review_world.case, data)

    first.refresh_from_db()
    assert first.state == RequestState.RESUBMITTED
    assert second.round_number == 2
    assert second.previous == first
    changes = {change.label: change for change in compare(second)}
    assert changes["送审说明"].after == data.summary
    material = first.materials[0]["name"]
    assert changes[f"送审材料：{material}"].after == "已提交：已补充复核笔录"
    assert compare(first) == []
    assert AuditEntry.objects.filter(action="review_resubmitted").count() == 1

    actions.issue_opinion(review_world.reviewer_user, second, opinion(second))
    second.refresh_from_db()
    assert second.state == RequestState.APPROVED
    steps = review_world.case.steps.filter(step="legal_review").order_by("sequence")
    assert [step.details["round"] for step in steps] == [1, 2]


def test_heavier_proposal_is_detected() -> None:
    reviewed = {"kind": "penalty", "fine": "2000.00", "penalty_types": ["fine"]}

    assert heavier_than_reviewed(reviewed, {**reviewed, "fine": "1500"}) == []
    assert heavier_than_reviewed(reviewed, {**reviewed, "fine": "2000"}) == []
    higher = heavier_than_reviewed(reviewed, {**reviewed, "fine": "2000.01"})
    assert higher == ["罚款金额由审核时的2000.00元提高到2000.01元"]
    added = heavier_than_reviewed(reviewed, {**reviewed, "penalty_types": ["fine", "warning"]})
    assert added == ["增加了审核时没有的处罚种类：警告"]
    assert heavier_than_reviewed(reviewed, {**reviewed, "kind": "licensing"}) == [
        "决定类型与审核时不同"
    ]


def test_extension_once(review_world: ReviewWorld) -> None:
    request = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )

    extended = actions.extend(review_world.head, request, "案情复杂，需要补充研究")

    assert extended.extension_days == 5
    assert extended.due_on == add_working_days(extended.materials_complete_on, 10)
    with pytest.raises(InvalidTransition) as refused:
        actions.extend(review_world.head, request, "再次延长")
    assert "只能延长一次" in refused.value.message


def test_extension_needs_capability(review_world: ReviewWorld) -> None:
    request = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )

    with pytest.raises(NotPermitted):
        actions.extend(review_world.officer_user, request, "案情复杂")


def test_extension_refused_after_opinion(review_world: ReviewWorld, no_pdf: None) -> None:
    request = returned_round(review_world)

    with pytest.raises(InvalidTransition):
        actions.extend(review_world.head, request, "案情复杂")


def test_overdue_flag(review_world: ReviewWorld, no_pdf: None) -> None:
    request = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )
    assert request.due_on is not None

    assert not actions.is_overdue(request, request.due_on)
    assert actions.is_overdue(request, request.due_on + datetime.timedelta(days=1))

    actions.issue_opinion(review_world.reviewer_user, request, opinion(request))
    request.refresh_from_db()
    assert not actions.is_overdue(request, request.due_on + datetime.timedelta(days=30))


def test_completed_late_counts_as_overdue(review_world: ReviewWorld, no_pdf: None) -> None:
    request = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )
    actions.issue_opinion(review_world.reviewer_user, request, opinion(request))
    request.refresh_from_db()
    assert request.completed_at is not None

    # Completed on the submission day, so a period that ended the day before was missed.
    request.due_on = request.materials_complete_on - datetime.timedelta(days=1)

    assert actions.is_overdue(request, request.materials_complete_on)


def test_compare_shows_not_applicable_material() -> None:
    request = ReviewRequest(
        materials=[
            {
                "code": "hearing_record",
                "name": "听证笔录",
                "provided": False,
                "not_applicable": True,
                "note": "不适用：当事人未申请听证",
            },
            {"code": "report", "name": "送审报告", "provided": True},
            {"code": "plan", "name": "补偿方案", "provided": False},
        ]
    )

    shown = rounds._materials(request)

    assert shown["听证笔录"] == "不适用：当事人未申请听证"
    assert shown["送审报告"] == "已提交"
    assert shown["补偿方案"] == "未提交"
