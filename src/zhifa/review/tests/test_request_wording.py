"""Round and case pages: the proposed decision, the next step, 不适用 materials, wide tables."""

import pytest
from django.urls import reverse

from zhifa.review import actions
from zhifa.review.models import LeadershipDecision, ReviewRequest
from zhifa.review.tests.support import ReviewWorld, no_pdf, opinion, review_world, submission
from zhifa.review.tests.test_request_pages import client_of, page

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def submitted(world: ReviewWorld) -> ReviewRequest:
    return actions.submit(world.officer_user, world.case, submission(world.case))


def test_round_lists_every_penalty_type(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    proposal = {**review.proposal, "penalty_types": ["warning", "fine"], "fine": "2000"}
    ReviewRequest.objects.filter(pk=review.pk).update(proposal=proposal)

    detail = page(
        client_of(review_world.officer_user).get(reverse("review:request_detail", args=[review.pk]))
    )

    assert "警告、罚款2000元" in detail


def test_next_step_after_accepted_objection(review_world: ReviewWorld, no_pdf: None) -> None:
    review = submitted(review_world)
    actions.issue_opinion(review_world.reviewer_user, review, opinion(review, "disapproved"))
    officer = client_of(review_world.officer_user)
    case_url = reverse("cases:case_detail", args=[review.case_id])
    assert "可以提出异议" in page(officer.get(case_url))
    actions.object_to_opinion(review_world.officer_user, review, "复核材料已随卷提交")
    actions.decide_objection(
        review_world.head, review, LeadershipDecision.ACCEPT_OPINION, "审核意见认定无误"
    )

    case_page = page(officer.get(case_url))

    assert "可以提出异议" not in case_page
    assert "单位领导已决定采纳审核意见" in case_page


def test_not_applicable_material_shown(review_world: ReviewWorld) -> None:
    data = submission(review_world.case)
    data.materials[0].provided = False
    data.materials[0].note = "不适用：当事人书面放弃陈述申辩"
    review = actions.submit(review_world.officer_user, review_world.case, data)

    detail = page(
        client_of(review_world.officer_user).get(reverse("review:request_detail", args=[review.pk]))
    )

    assert "<td>不适用</td>" in detail


def test_submit_materials_table_scrolls(review_world: ReviewWorld) -> None:
    url = reverse("review:request_submit", args=[review_world.case.pk])

    form_page = page(client_of(review_world.officer_user).get(url))

    assert '<div class="table-scroll"><table class="review-materials">' in form_page
